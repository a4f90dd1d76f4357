"""One FilterSet per list: the pages, the API and the exports use the same ones."""

import django_filters
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from accounts.choices import UnitKind
from accounts.models import Unit
from liuyang.filtersets import StableOrderingFilter, StrictFilterSet
from projects.choices import ProjectType

from .choices import (
    OPEN_TASK_STATUSES,
    CaseResult,
    CaseStatus,
    IntakeOutcome,
    MaterialKind,
    SupplementStatus,
    TaskStatus,
)
from .models import ApprovalCase, ApprovalItem, ApprovalStage, ApprovalTask, Supplement, WorkdayOverride
from .services.statistics import overdue_task_q

#: a calendar year filter: whole, within what a date holds (a year out of range would be a 500)
YEAR_RANGE = {"min_value": 1, "max_value": 9999, "decimal_places": 0}


def departments():
    return Unit.objects.filter(kind=UnitKind.DEPARTMENT)


class ApprovalItemFilterSet(StrictFilterSet):
    search_fields = ("code", "name", "department__name", "department__short_name")

    stage = django_filters.ModelMultipleChoiceFilter(
        label=_("审批阶段"), queryset=ApprovalStage.objects.all(), distinct=False
    )
    department = django_filters.ModelMultipleChoiceFilter(
        label=_("审批部门"), queryset=departments(), distinct=False
    )
    is_active = django_filters.BooleanFilter(label=_("启用"))
    is_milestone = django_filters.BooleanFilter(label=_("里程碑事项"))
    promise_system = django_filters.BooleanFilter(label=_("实行告知承诺制"))
    material_kind = django_filters.ChoiceFilter(
        label=_("含材料类别"), choices=MaterialKind.choices, field_name="materials__kind", distinct=True
    )

    class Meta:
        model = ApprovalItem
        fields = []


class ApprovalCaseFilterSet(StrictFilterSet):
    search_fields = ("code", "project__code", "project__name", "applicant_name")

    status = django_filters.MultipleChoiceFilter(
        label=_("办理状态"), choices=CaseStatus.choices, distinct=False
    )
    intake_outcome = django_filters.MultipleChoiceFilter(
        label=_("受理结论"), choices=IntakeOutcome.choices, distinct=False
    )
    result = django_filters.MultipleChoiceFilter(
        label=_("办理结果"), choices=CaseResult.choices, distinct=False
    )
    stage = django_filters.ModelMultipleChoiceFilter(
        label=_("审批阶段"), queryset=ApprovalStage.objects.all(), distinct=False
    )
    project = django_filters.NumberFilter(label=_("项目ID"))
    project_type = django_filters.MultipleChoiceFilter(
        label=_("项目类型"), field_name="project__project_type", choices=ProjectType.choices, distinct=False
    )
    department = django_filters.ModelChoiceFilter(
        label=_("涉及审批部门"), queryset=departments(), method="filter_department"
    )
    year = django_filters.NumberFilter(label=_("受理年度"), field_name="accepted_on__year", **YEAR_RANGE)
    submitted_after = django_filters.DateFilter(
        label=_("提交日期起"), field_name="submitted_at__date", lookup_expr="gte"
    )
    submitted_before = django_filters.DateFilter(
        label=_("提交日期止"), field_name="submitted_at__date", lookup_expr="lte"
    )
    sort = StableOrderingFilter(
        label=_("排序"),
        tiebreaker="-pk",
        fields=(
            ("code", "code"),
            ("submitted_at", "submitted_at"),
            ("accepted_on", "accepted_on"),
            ("concluded_on", "concluded_on"),
            ("elapsed_days", "elapsed_days"),
        ),
        field_labels={
            "code": _("申报件编号"),
            "submitted_at": _("提交时间"),
            "accepted_on": _("受理日期"),
            "concluded_on": _("办结日期"),
            "elapsed_days": _("实际用时"),
        },
    )

    class Meta:
        model = ApprovalCase
        fields = []

    @extend_schema_field(OpenApiTypes.INT)
    def filter_department(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(pk__in=ApprovalTask.objects.filter(department=value).values("case_id"))


class ApprovalTaskFilterSet(StrictFilterSet):
    search_fields = (
        "case__code",
        "case__project__code",
        "case__project__name",
        "item__name",
        "document_number",
    )

    status = django_filters.MultipleChoiceFilter(label=_("状态"), choices=TaskStatus.choices, distinct=False)
    department = django_filters.ModelMultipleChoiceFilter(
        label=_("审批部门"), queryset=departments(), distinct=False
    )
    stage = django_filters.ModelMultipleChoiceFilter(
        label=_("审批阶段"), field_name="case__stage", queryset=ApprovalStage.objects.all(), distinct=False
    )
    item = django_filters.ModelMultipleChoiceFilter(
        label=_("审批事项"), queryset=ApprovalItem.objects.all(), distinct=False
    )
    case = django_filters.NumberFilter(label=_("申报件ID"))
    project = django_filters.NumberFilter(label=_("项目ID"), field_name="case__project")
    open = django_filters.BooleanFilter(label=_("在办"), method="filter_open")
    overdue = django_filters.BooleanFilter(label=_("已超期"), method="filter_overdue")
    due_before = django_filters.DateFilter(label=_("期限早于"), field_name="due_date", lookup_expr="lte")
    year = django_filters.NumberFilter(
        label=_("受理年度"), field_name="case__accepted_on__year", **YEAR_RANGE
    )
    sort = StableOrderingFilter(
        label=_("排序"),
        tiebreaker="pk",
        fields=(
            ("due_date", "due_date"),
            ("assigned_at", "assigned_at"),
            ("concluded_on", "concluded_on"),
            ("elapsed_days", "elapsed_days"),
        ),
        field_labels={
            "due_date": _("办理期限"),
            "assigned_at": _("分发时间"),
            "concluded_on": _("办结日期"),
            "elapsed_days": _("实际用时"),
        },
    )

    class Meta:
        model = ApprovalTask
        fields = []

    def filter_open(self, queryset, name, value):
        if value is None:
            return queryset
        if value:
            return queryset.filter(status__in=OPEN_TASK_STATUSES)
        return queryset.exclude(status__in=OPEN_TASK_STATUSES)

    def filter_overdue(self, queryset, name, value):
        if value is None:
            return queryset
        q = overdue_task_q(timezone.localdate())
        return queryset.filter(q) if value else queryset.exclude(q)


class SupplementFilterSet(StrictFilterSet):
    search_fields = ("case__code", "case__project__name", "material__name")

    status = django_filters.MultipleChoiceFilter(
        label=_("状态"), choices=SupplementStatus.choices, distinct=False
    )
    case = django_filters.NumberFilter(label=_("申报件ID"))
    deadline_before = django_filters.DateFilter(label=_("期限早于"), field_name="deadline", lookup_expr="lte")

    class Meta:
        model = Supplement
        fields = []


class WorkdayOverrideFilterSet(StrictFilterSet):
    search_fields = ("name", "note")

    year = django_filters.NumberFilter(label=_("年度"), field_name="date__year", **YEAR_RANGE)
    is_working_day = django_filters.BooleanFilter(label=_("是否工作日"))

    class Meta:
        model = WorkdayOverride
        fields = []
