"""Filters of the issues API lists that have no page of their own (yet).

Strict like every FilterSet (an unknown parameter is a 400). The ledger's own list uses
``issues.filtersets.LedgerIssueFilterSet``, the one the ledger page uses.
"""

import django_filters
from django.utils.translation import gettext_lazy as _

from accounts.models import Unit
from liuyang.filtersets import StrictFilterSet

from ..choices import JournalKind, OverdueKind
from ..models import IssueCategory, IssueJournal, OverdueFlag, WeeklyDigest


class IssueCategoryFilterSet(StrictFilterSet):
    search_fields = ("name",)

    is_active = django_filters.BooleanFilter(label=_("启用"))

    class Meta:
        model = IssueCategory
        fields = []


class IssueJournalFilterSet(StrictFilterSet):
    search_fields = ("text",)

    issue = django_filters.NumberFilter(label=_("问题ID"), field_name="issue_id")
    kind = django_filters.MultipleChoiceFilter(label=_("类型"), choices=JournalKind.choices, distinct=False)

    class Meta:
        model = IssueJournal
        fields = []


class OverdueFlagFilterSet(StrictFilterSet):
    search_fields = ("title", "project__code", "project__name")

    kind = django_filters.MultipleChoiceFilter(label=_("类型"), choices=OverdueKind.choices, distinct=False)
    unit = django_filters.ModelChoiceFilter(label=_("责任单位"), queryset=Unit.objects.all())
    project = django_filters.NumberFilter(label=_("项目ID"), field_name="project_id")

    class Meta:
        model = OverdueFlag
        fields = []


class WeeklyDigestFilterSet(StrictFilterSet):
    task_force = django_filters.NumberFilter(label=_("专班ID"), field_name="task_force_id")
    project = django_filters.NumberFilter(label=_("项目ID"), field_name="task_force__project_id")
    iso_year = django_filters.NumberFilter(label=_("ISO 年"))
    iso_week = django_filters.NumberFilter(label=_("ISO 周"))

    class Meta:
        model = WeeklyDigest
        fields = []
