"""Filters of the task-force, work-plan, report and meeting API lists.

Strict like every FilterSet (an unknown parameter is a 400). Should a page come
to list these with the same filters, move the class to ``projects/filtersets.py``.
IDs are plain numbers (no lookup query per filter); an unknown ID finds nothing.
"""

import django_filters
from django.utils.translation import gettext_lazy as _

from liuyang.filtersets import StableOrderingFilter, StrictFilterSet
from projects.choices import (
    MeetingFrequency,
    MilestonePhase,
    MilestoneStatus,
    ProjectType,
    ReportFrequency,
    ReportStatus,
)
from projects.models import (
    ActionItem,
    DispatchMeeting,
    Milestone,
    MilestoneTemplate,
    ProgressReport,
    ReportPhoto,
    TaskForce,
    TaskForceMember,
)

PROJECT_SEARCH = ("project__code", "project__name")


def id_filter(label, field_name=None, **kwargs):
    return django_filters.NumberFilter(label=label, field_name=field_name, **kwargs)


class TaskForceFilterSet(StrictFilterSet):
    search_fields = ("name", *PROJECT_SEARCH)

    project = id_filter(_("项目ID"))
    leader = id_filter(_("牵头市领导（用户ID）"))
    member = id_filter(_("成员（用户ID）"), "members__user", distinct=True)
    town = id_filter(_("乡镇/街道ID"), "project__town")
    meeting_frequency = django_filters.ChoiceFilter(label=_("调度会频次"), choices=MeetingFrequency.choices)

    class Meta:
        model = TaskForce
        fields = []


class TaskForceMemberFilterSet(StrictFilterSet):
    search_fields = ("duty", "user__full_name", "user__username", "task_force__project__name")

    task_force = id_filter(_("专班ID"))
    project = id_filter(_("项目ID"), "task_force__project")
    user = id_filter(_("成员（用户ID）"))
    unit = id_filter(_("所在部门ID"))

    class Meta:
        model = TaskForceMember
        fields = []


class MilestoneTemplateFilterSet(StrictFilterSet):
    search_fields = ("name",)

    project_type = django_filters.ChoiceFilter(label=_("适用项目类型"), choices=ProjectType.choices)
    is_active = django_filters.BooleanFilter(label=_("启用"))

    class Meta:
        model = MilestoneTemplate
        fields = []


class MilestoneFilterSet(StrictFilterSet):
    """Milestones; ``status`` is derived from the dates (``Milestone.objects.with_status``)."""

    search_fields = ("name", "note", *PROJECT_SEARCH)

    project = id_filter(_("项目ID"))
    phase = django_filters.ChoiceFilter(label=_("阶段"), choices=MilestonePhase.choices)
    status = django_filters.MultipleChoiceFilter(
        label=_("状态"), choices=MilestoneStatus.choices, field_name="status_code", distinct=False
    )
    owner = id_filter(_("责任人（用户ID）"))
    owner_unit = id_filter(_("责任单位ID"))
    planned_after = django_filters.DateFilter(
        label=_("计划完成不早于"), field_name="planned_date", lookup_expr="gte"
    )
    planned_before = django_filters.DateFilter(
        label=_("计划完成不晚于"), field_name="planned_date", lookup_expr="lte"
    )

    class Meta:
        model = Milestone
        fields = []


class ProgressReportFilterSet(StrictFilterSet):
    """Reports; ``period_after`` / ``period_before`` compare the period's first day."""

    search_fields = ("physical_progress", "problems", *PROJECT_SEARCH)

    project = id_filter(_("项目ID"))
    status = django_filters.MultipleChoiceFilter(
        label=_("状态"), choices=ReportStatus.choices, distinct=False
    )
    frequency = django_filters.ChoiceFilter(label=_("填报周期"), choices=ReportFrequency.choices)
    period_after = django_filters.DateFilter(
        label=_("期间开始不早于"), field_name="period_start", lookup_expr="gte"
    )
    period_before = django_filters.DateFilter(
        label=_("期间开始不晚于"), field_name="period_start", lookup_expr="lte"
    )
    town = id_filter(_("乡镇/街道ID"), "project__town")
    industry = id_filter(_("产业ID"), "project__industry")
    responsible_unit = id_filter(_("责任单位ID"), "project__responsible_unit")
    sort = StableOrderingFilter(
        label=_("排序"),
        fields=(
            ("period_start", "period_start"),
            ("period_total", "period_total"),
            ("percent_complete", "percent_complete"),
            ("updated_at", "updated_at"),
        ),
        field_labels={
            "period_start": _("期间"),
            "period_total": _("本期完成投资"),
            "percent_complete": _("完成比例"),
            "updated_at": _("更新时间"),
        },
    )

    class Meta:
        model = ProgressReport
        fields = []


class ReportPhotoFilterSet(StrictFilterSet):
    search_fields = ("caption",)

    report = id_filter(_("进度填报ID"))
    project = id_filter(_("项目ID"), "report__project")

    class Meta:
        model = ReportPhoto
        fields = []


class DispatchMeetingFilterSet(StrictFilterSet):
    search_fields = ("location", "minutes", "decisions", "task_force__project__name")

    task_force = id_filter(_("专班ID"))
    project = id_filter(_("项目ID"), "task_force__project")
    held_after = django_filters.DateFilter(label=_("会议日期不早于"), field_name="held_on", lookup_expr="gte")
    held_before = django_filters.DateFilter(
        label=_("会议日期不晚于"), field_name="held_on", lookup_expr="lte"
    )

    class Meta:
        model = DispatchMeeting
        fields = []


class ActionItemFilterSet(StrictFilterSet):
    """Action items; ``overdue`` means not done and past the due date (annotated by the view)."""

    search_fields = ("title", "note")

    meeting = id_filter(_("调度会ID"))
    task_force = id_filter(_("专班ID"), "meeting__task_force")
    project = id_filter(_("项目ID"), "meeting__task_force__project")
    owner = id_filter(_("责任人（用户ID）"))
    owner_unit = id_filter(_("责任单位ID"))
    done = django_filters.BooleanFilter(
        label=_("已完成"), field_name="done_on", lookup_expr="isnull", exclude=True
    )
    overdue = django_filters.BooleanFilter(label=_("已逾期"), field_name="is_overdue")
    due_after = django_filters.DateFilter(label=_("完成时限不早于"), field_name="due_date", lookup_expr="gte")
    due_before = django_filters.DateFilter(
        label=_("完成时限不晚于"), field_name="due_date", lookup_expr="lte"
    )

    class Meta:
        model = ActionItem
        fields = []
