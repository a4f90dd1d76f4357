"""What the ledger pages share: the issue queryset each user may read, badges, the service call."""

from django.conf import settings
from django.utils import timezone

from approvals.views.base import (
    done,
    list_context,
    mark_invalid,
    render_list,
    require,
    run_service,
    safe_next,
)
from approvals.workdays import WorkCalendar
from liuyang.policies import policy_for

from ..choices import LEVEL_COLOURS, OPEN_ISSUE_STATUSES, IssueStatus
from ..models import LedgerIssue

__all__ = [
    "ISSUE_PAGE",
    "decorate_issue",
    "done",
    "issue_policy",
    "list_context",
    "mark_invalid",
    "render_list",
    "require",
    "run_service",
    "safe_next",
    "soon_limit",
    "today",
    "viewable_issues",
]

ISSUE_PAGE = LedgerIssue.objects.select_related(
    "project",
    "category",
    "responsible_unit",
    "responsible_person",
    "leader",
    "raised_by",
    "closed_by",
    "action_item",
)


def today():
    return timezone.localdate()


def issue_policy():
    return policy_for(LedgerIssue)


def viewable_issues(user, queryset=None):
    require(issue_policy().can_view(user), None)
    return issue_policy().viewable(user, (queryset if queryset is not None else ISSUE_PAGE).all())


def decorate_issue(issue, now, soon_limit):
    """Badges: status and level colours, overdue (red), due soon (yellow)."""
    issue.status_colour = IssueStatus.colour(issue.status)
    issue.level_colour = LEVEL_COLOURS.get(issue.level, "secondary")
    running = issue.status in OPEN_ISSUE_STATUSES
    issue.overdue = running and issue.deadline < now
    issue.due_soon = running and now <= issue.deadline <= soon_limit
    return issue


def soon_limit(now):
    return WorkCalendar.cached().add(now, settings.ISSUE_DUE_SOON_DAYS)
