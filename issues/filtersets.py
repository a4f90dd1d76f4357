"""One FilterSet per list: the ledger page, the API and the exports use the same ones."""

import django_filters
from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Unit
from approvals.workdays import WorkCalendar
from liuyang.filtersets import StableOrderingFilter, StrictFilterSet

from .choices import OPEN_ISSUE_STATUSES, IssueLevel, IssueNature, IssueSource, IssueStatus
from .models import IssueCategory, LedgerIssue


def overdue_q(today):
    """Open issues whose deadline has passed (the deadline day itself still counts as in time)."""
    return Q(status__in=OPEN_ISSUE_STATUSES, deadline__lt=today)


def due_soon_q(today, calendar=None):
    """Open issues due today or within ``ISSUE_DUE_SOON_DAYS`` working days."""
    calendar = calendar or WorkCalendar.cached()
    limit = calendar.add(today, settings.ISSUE_DUE_SOON_DAYS)
    return Q(status__in=OPEN_ISSUE_STATUSES, deadline__gte=today, deadline__lte=limit)


class LedgerIssueFilterSet(StrictFilterSet):
    search_fields = ("title", "project__code", "project__name", "description")

    status = django_filters.MultipleChoiceFilter(label=_("状态"), choices=IssueStatus.choices, distinct=False)
    level = django_filters.MultipleChoiceFilter(
        label=_("办理层级"), choices=IssueLevel.choices, distinct=False
    )
    category = django_filters.ModelMultipleChoiceFilter(
        label=_("问题类别"), queryset=IssueCategory.objects.all(), distinct=False
    )
    nature = django_filters.MultipleChoiceFilter(
        label=_("问题性质"), choices=IssueNature.choices, distinct=False
    )
    source = django_filters.MultipleChoiceFilter(label=_("来源"), choices=IssueSource.choices, distinct=False)
    responsible_unit = django_filters.ModelChoiceFilter(label=_("责任单位"), queryset=Unit.objects.all())
    project = django_filters.NumberFilter(label=_("项目ID"))
    listed = django_filters.BooleanFilter(label=_("挂牌督办"))
    overdue = django_filters.BooleanFilter(label=_("已逾期"), method="filter_overdue")
    due_soon = django_filters.BooleanFilter(label=_("即将到期"), method="filter_due_soon")
    raised_after = django_filters.DateFilter(label=_("提出日期起"), field_name="raised_on", lookup_expr="gte")
    raised_before = django_filters.DateFilter(
        label=_("提出日期止"), field_name="raised_on", lookup_expr="lte"
    )
    sort = StableOrderingFilter(
        label=_("排序"),
        tiebreaker="-pk",
        fields=(
            ("deadline", "deadline"),
            ("raised_on", "raised_on"),
            ("level", "level"),
        ),
        field_labels={
            "deadline": _("办结时限"),
            "raised_on": _("提出日期"),
            "level": _("办理层级"),
        },
    )

    class Meta:
        model = LedgerIssue
        fields = []

    def filter_overdue(self, queryset, name, value):
        if value is None:
            return queryset
        q = overdue_q(timezone.localdate())
        return queryset.filter(q) if value else queryset.exclude(q)

    def filter_due_soon(self, queryset, name, value):
        if value is None:
            return queryset
        q = due_soon_q(timezone.localdate())
        return queryset.filter(q) if value else queryset.exclude(q)
