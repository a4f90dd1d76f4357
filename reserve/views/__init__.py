"""Pages of the reserve pool (精准谋划): overview, entries, evaluation rounds, annual plans."""

from .entries import (
    EntryAddView,
    EntryChangeTierView,
    EntryDetailsView,
    EntryDetailView,
    EntryListView,
    EntryPlanView,
    EntryRemoveView,
    EntryRestoreView,
)
from .overview import PoolOverviewView
from .plans import PlanDetailView, PlanItemAddView, PlanListView
from .rounds import (
    RoundApplyView,
    RoundDecideView,
    RoundDetailView,
    RoundListView,
    RoundOpenView,
    RoundScoreView,
)

__all__ = [
    "EntryAddView",
    "EntryChangeTierView",
    "EntryDetailView",
    "EntryDetailsView",
    "EntryListView",
    "EntryPlanView",
    "EntryRemoveView",
    "EntryRestoreView",
    "PlanDetailView",
    "PlanItemAddView",
    "PlanListView",
    "PoolOverviewView",
    "RoundApplyView",
    "RoundDecideView",
    "RoundDetailView",
    "RoundListView",
    "RoundOpenView",
    "RoundScoreView",
]
