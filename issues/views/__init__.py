"""Pages of the issue-clearing ledger (问题清零): the ledger, an issue, raising and editing,
the actions, turning an action item into an issue, and the weekly issue list."""

from .actions import FromActionItemView, IssueActionView
from .ledger import EvidenceFileView, IssueAddView, IssueDetailView, IssueEditView, IssueListView
from .weekly import WeeklyView, WeeklyXlsxView

__all__ = [
    "EvidenceFileView",
    "FromActionItemView",
    "IssueActionView",
    "IssueAddView",
    "IssueDetailView",
    "IssueEditView",
    "IssueListView",
    "WeeklyView",
    "WeeklyXlsxView",
]
