"""Filters of the API lists that have no page of their own (yet).

Strict like every FilterSet (an unknown parameter is a 400). Should a page come
to list these, move the class to ``reserve/filtersets.py``.
"""

import django_filters
from django.utils.translation import gettext_lazy as _

from liuyang.filtersets import StrictFilterSet
from reserve.models import AnnualPlan, EvaluationCriterion, Score


class EvaluationCriterionFilterSet(StrictFilterSet):
    search_fields = ("name", "description")

    is_active = django_filters.BooleanFilter(label=_("启用"))

    class Meta:
        model = EvaluationCriterion
        fields = []


class AnnualPlanFilterSet(StrictFilterSet):
    search_fields = ("title", "notes")

    year = django_filters.NumberFilter(label=_("年度"))

    class Meta:
        model = AnnualPlan
        fields = []


class ScoreFilterSet(StrictFilterSet):
    search_fields = ("item__entry__project__code", "item__entry__project__name", "comment")

    evaluation_round = django_filters.NumberFilter(label=_("评估轮次ID"), field_name="item__evaluation_round")
    item = django_filters.NumberFilter(label=_("评估项目ID"))
    project = django_filters.NumberFilter(label=_("项目ID"), field_name="item__entry__project")
    evaluator = django_filters.NumberFilter(label=_("评估人ID"))

    class Meta:
        model = Score
        fields = []
