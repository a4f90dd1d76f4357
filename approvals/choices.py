"""Status values of the approvals app, each with its label and badge colour."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from projects.choices import ColoredChoices


class MaterialKind(ColoredChoices):
    """Whether a material decides the substantive review (主要) or not (次要)."""

    MAIN = "main", _("主要材料")
    SECONDARY = "secondary", _("次要材料")


MaterialKind._colours = {"main": "danger", "secondary": "secondary"}


class IntakeOutcome(ColoredChoices):
    """What the single window decided when the case was submitted."""

    ACCEPTED = "accepted", _("受理")
    DEFICIENT = "deficient", _("容缺受理")
    NOT_ACCEPTED = "not_accepted", _("不予受理")


IntakeOutcome._colours = {"accepted": "success", "deficient": "warning", "not_accepted": "danger"}


class CaseStatus(ColoredChoices):
    """办理中 → 已办结 (统一反馈), or 已退件 when a promise was broken; 不予受理 never starts."""

    IN_PROGRESS = "in_progress", _("办理中")
    CONCLUDED = "concluded", _("已办结")
    RETURNED = "returned", _("已退件")
    NOT_ACCEPTED = "not_accepted", _("不予受理")


CaseStatus._colours = {
    "in_progress": "primary",
    "concluded": "success",
    "returned": "danger",
    "not_accepted": "secondary",
}
OPEN_CASE_STATUSES = (CaseStatus.IN_PROGRESS,)


class CaseResult(ColoredChoices):
    """The unified result (统一反馈) given once every task has concluded."""

    APPROVED = "approved", _("全部准予")
    PARTLY_REJECTED = "partly_rejected", _("部分不予许可")
    REJECTED = "rejected", _("不予许可")
    RETURNED = "returned", _("退件")


CaseResult._colours = {
    "approved": "success",
    "partly_rejected": "warning",
    "rejected": "danger",
    "returned": "danger",
}


class TaskStatus(ColoredChoices):
    """One approval item's task at its department."""

    PENDING = "pending", _("待审查")
    REVIEWING = "reviewing", _("审查中")
    CORRECTING = "correcting", _("退回补正")
    SUSPENDED = "suspended", _("已中止")
    APPROVED = "approved", _("准予许可")
    REJECTED = "rejected", _("不予许可")
    WITHDRAWN = "withdrawn", _("已终止")


TaskStatus._colours = {
    "pending": "info",
    "reviewing": "primary",
    "correcting": "warning",
    "suspended": "danger",
    "approved": "success",
    "rejected": "danger",
    "withdrawn": "secondary",
}
OPEN_TASK_STATUSES = (TaskStatus.PENDING, TaskStatus.REVIEWING, TaskStatus.CORRECTING, TaskStatus.SUSPENDED)
#: a task in one of these is "concluded" for the unified result
DECIDED_TASK_STATUSES = (TaskStatus.APPROVED, TaskStatus.REJECTED)


class TaskMoveKind(models.TextChoices):
    ASSIGNED = "assigned", _("分发")
    STARTED = "started", _("开始审查")
    APPROVED = "approved", _("准予许可")
    REJECTED = "rejected", _("不予许可")
    RETURNED = "returned", _("退回补正")
    CORRECTED = "corrected", _("补正后重新提交")
    SUSPENDED = "suspended", _("中止")
    RESUMED = "resumed", _("恢复")
    SUPPLEMENTED = "supplemented", _("容缺材料已补齐")
    WITHDRAWN = "withdrawn", _("终止（退件）")


class SupplementStatus(ColoredChoices):
    """A material accepted on promise (容缺): due by its deadline."""

    PENDING = "pending", _("待补齐")
    SUPPLIED = "supplied", _("已补齐")
    OVERDUE = "overdue", _("逾期未补")
    LAPSED = "lapsed", _("逾期退件")
    CANCELLED = "cancelled", _("无需补齐")


SupplementStatus._colours = {
    "pending": "warning",
    "supplied": "success",
    "overdue": "danger",
    "lapsed": "secondary",
    "cancelled": "secondary",
}
OUTSTANDING_SUPPLEMENT_STATUSES = (SupplementStatus.PENDING, SupplementStatus.OVERDUE)
