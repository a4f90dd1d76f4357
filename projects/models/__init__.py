"""Models of the projects app, one module per part of the domain."""

from .core import EDITABLE_FIELDS, Industry, Project, TaskForce, TaskForceMember
from .meetings import ActionItem, DispatchMeeting
from .reports import ProgressReport, ReportPhoto
from .workplans import Milestone, MilestoneTemplate, MilestoneTemplateItem

__all__ = [
    "EDITABLE_FIELDS",
    "ActionItem",
    "DispatchMeeting",
    "Industry",
    "Milestone",
    "MilestoneTemplate",
    "MilestoneTemplateItem",
    "ProgressReport",
    "Project",
    "ReportPhoto",
    "TaskForce",
    "TaskForceMember",
]
