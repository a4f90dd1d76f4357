"""Filters of the assessment lists (API): strict, so an unknown parameter is a 400."""

import django_filters
from django.utils.translation import gettext_lazy as _

from accounts.models import Unit
from liuyang.filtersets import StrictFilterSet
from projects.choices import ProjectType

from .choices import Grade, OutcomeKind, PeriodKind, PeriodStatus, ToleranceStep
from .models import AssessmentPeriod, FaultToleranceApplication, Indicator, ProjectAssessment


class IndicatorFilterSet(StrictFilterSet):
    search_fields = ("code", "name")

    scheme = django_filters.NumberFilter(label=_("指标体系ID"), field_name="scheme_id")
    project_type = django_filters.ChoiceFilter(
        label=_("项目类型"), field_name="scheme__project_type", choices=ProjectType.choices
    )

    class Meta:
        model = Indicator
        fields = []


class AssessmentPeriodFilterSet(StrictFilterSet):
    search_fields = ("name",)

    year = django_filters.NumberFilter(label=_("年度"))
    kind = django_filters.ChoiceFilter(label=_("周期"), choices=PeriodKind.choices)
    status = django_filters.MultipleChoiceFilter(
        label=_("状态"), choices=PeriodStatus.choices, distinct=False
    )

    class Meta:
        model = AssessmentPeriod
        fields = []


class ProjectAssessmentFilterSet(StrictFilterSet):
    search_fields = ("project__code", "project__name")

    period = django_filters.NumberFilter(label=_("考核周期ID"), field_name="period_id")
    grade = django_filters.MultipleChoiceFilter(label=_("等次"), choices=Grade.choices, distinct=False)
    outcome = django_filters.MultipleChoiceFilter(
        label=_("结果运用"), choices=OutcomeKind.choices, distinct=False
    )
    unit = django_filters.ModelChoiceFilter(
        label=_("责任单位"), field_name="responsible_unit", queryset=Unit.objects.all()
    )
    project_type = django_filters.ChoiceFilter(
        label=_("项目类型"), field_name="scheme__project_type", choices=ProjectType.choices
    )

    class Meta:
        model = ProjectAssessment
        fields = []


class ToleranceApplicationFilterSet(StrictFilterSet):
    search_fields = ("project__code", "project__name", "facts")

    step = django_filters.MultipleChoiceFilter(
        label=_("办理环节"), choices=ToleranceStep.choices, distinct=False
    )
    unit = django_filters.ModelChoiceFilter(label=_("申请单位"), queryset=Unit.objects.all())
    project = django_filters.NumberFilter(label=_("项目ID"), field_name="project_id")
    result = django_filters.NumberFilter(label=_("考核结果ID"), field_name="result_id")

    class Meta:
        model = FaultToleranceApplication
        fields = []
