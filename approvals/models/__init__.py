from .calendar import DishonestApplicant, WorkdayOverride
from .cases import ApprovalCase, ApprovalTask, CaseMaterial, Supplement, TaskMove
from .catalogue import ApprovalItem, ApprovalStage, ItemMaterial

__all__ = [
    "ApprovalCase",
    "ApprovalItem",
    "ApprovalStage",
    "ApprovalTask",
    "CaseMaterial",
    "DishonestApplicant",
    "ItemMaterial",
    "Supplement",
    "TaskMove",
    "WorkdayOverride",
]
