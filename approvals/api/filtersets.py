"""Filters of the approvals API lists that have no page of their own (yet).

Strict like every FilterSet (an unknown parameter is a 400). Should a page come to list
these, move the class to ``approvals/filtersets.py``.
"""

import django_filters
from django.utils.translation import gettext_lazy as _

from liuyang.filtersets import StrictFilterSet

from ..choices import MaterialKind
from ..models import ApprovalItem, ApprovalStage, DishonestApplicant, ItemMaterial


class ApprovalStageFilterSet(StrictFilterSet):
    search_fields = ("code", "name")

    class Meta:
        model = ApprovalStage
        fields = []


class ItemMaterialFilterSet(StrictFilterSet):
    search_fields = ("name", "item__name", "item__code")

    item = django_filters.ModelMultipleChoiceFilter(
        label=_("审批事项"), queryset=ApprovalItem.objects.all(), distinct=False
    )
    stage = django_filters.ModelMultipleChoiceFilter(
        label=_("审批阶段"), field_name="item__stage", queryset=ApprovalStage.objects.all(), distinct=False
    )
    kind = django_filters.ChoiceFilter(label=_("材料类别"), choices=MaterialKind.choices)
    may_supply_later = django_filters.BooleanFilter(label=_("可容缺后补"))

    class Meta:
        model = ItemMaterial
        fields = []


class DishonestApplicantFilterSet(StrictFilterSet):
    search_fields = ("name", "credit_code", "reason")

    class Meta:
        model = DishonestApplicant
        fields = []
