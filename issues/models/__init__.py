from .digests import WeeklyDigest
from .ledger import EscalationStep, IssueCategory, IssueEvidence, IssueJournal, LedgerIssue, OverdueFlag

__all__ = [
    "EscalationStep",
    "IssueCategory",
    "IssueEvidence",
    "IssueJournal",
    "LedgerIssue",
    "OverdueFlag",
    "WeeklyDigest",
]
