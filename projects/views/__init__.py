"""Pages of the projects app: key projects, and the task-force work of 精准服务
(我的项目, the task-force page, work plans, progress reports, dispatch meetings)."""

from .meetings import (
    ActionItemAddView,
    ActionItemDoneView,
    ActionItemEditView,
    MeetingDetailView,
    MeetingEditView,
)
from .mine import MyProjectsView
from .projects import (
    PROJECT_LIST_QUERYSET,
    ProjectDeleteView,
    ProjectDetailView,
    ProjectEditView,
    ProjectListView,
    reserve_context,
)
from .reports import (
    PhotoDeleteView,
    PhotoView,
    ProjectReportListView,
    ReportAttentionView,
    ReportCreateView,
    ReportDetailView,
    ReportEditView,
    ReviewView,
)
from .task_force import (
    ApplyTemplateView,
    MemberAddView,
    MemberRemoveView,
    MilestoneDeleteView,
    MilestoneEditView,
    TaskForceEditView,
    TaskForceView,
)

__all__ = [
    "PROJECT_LIST_QUERYSET",
    "ActionItemAddView",
    "ActionItemDoneView",
    "ActionItemEditView",
    "ApplyTemplateView",
    "MeetingDetailView",
    "MeetingEditView",
    "MemberAddView",
    "MemberRemoveView",
    "MilestoneDeleteView",
    "MilestoneEditView",
    "MyProjectsView",
    "PhotoDeleteView",
    "PhotoView",
    "ProjectDeleteView",
    "ProjectDetailView",
    "ProjectEditView",
    "ProjectListView",
    "ProjectReportListView",
    "ReportAttentionView",
    "ReportCreateView",
    "ReportDetailView",
    "ReportEditView",
    "ReviewView",
    "TaskForceEditView",
    "TaskForceView",
    "reserve_context",
]
