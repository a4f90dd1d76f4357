"""Pages of the approvals app (容缺受理 + 并联审批): the single window, cases, the department
inbox, statistics, the catalogue and the working-day calendar."""

from .actions import ResubmitView, SupplyView, TaskActionView
from .cases import CaseDetailView, CaseListView, CaseNoticeView, MaterialFileView, PromiseLetterView
from .inbox import InboxView
from .reference import CalendarView, CatalogueView
from .statistics import StatisticsView
from .window import WindowView

__all__ = [
    "CalendarView",
    "CaseDetailView",
    "CaseListView",
    "CaseNoticeView",
    "CatalogueView",
    "InboxView",
    "MaterialFileView",
    "PromiseLetterView",
    "ResubmitView",
    "StatisticsView",
    "SupplyView",
    "TaskActionView",
    "WindowView",
]
