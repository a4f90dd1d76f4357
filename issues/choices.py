"""Status values of the issue-clearing ledger (问题清零), with labels and badge colours."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from projects.choices import ColoredChoices


class IssueStatus(ColoredChoices):
    """交办 → 办理中 → 待销号 → 已销号; a closed or pending issue can be reopened (→ 办理中)."""

    ASSIGNED = "assigned", _("交办")
    IN_PROGRESS = "in_progress", _("办理中")
    PENDING_CLOSURE = "pending_closure", _("待销号")
    CLOSED = "closed", _("已销号")


IssueStatus._colours = {
    "assigned": "info",
    "in_progress": "primary",
    "pending_closure": "warning",
    "closed": "success",
}
OPEN_ISSUE_STATUSES = (IssueStatus.ASSIGNED, IssueStatus.IN_PROGRESS)
#: statuses whose deadline still runs (a resolution awaiting verification has stopped the clock)
RUNNING_ISSUE_STATUSES = OPEN_ISSUE_STATUSES


class IssueLevel(models.IntegerChoices):
    """Who handles it: the escalation ladder (Tonglu's four levels)."""

    UNIT = 1, _("责任单位办理")
    OFFICE = 2, _("市重点办协调")
    LEADER = 3, _("市级领导领办")
    UPWARD = 4, _("向上汇报争取")


LEVEL_COLOURS = {1: "secondary", 2: "info", 3: "warning", 4: "danger"}
TOP_LEVEL = IssueLevel.UPWARD


class IssueNature(models.TextChoices):
    """The nature decides the level at intake (routing by nature)."""

    ORDINARY = "ordinary", _("一般问题（责任单位办理）")
    CROSS_DEPARTMENT = "cross_department", _("跨部门问题（市重点办协调）")
    COMPLEX = "complex", _("复杂问题（市级领导领办）")
    NEEDS_HIGHER = "needs_higher", _("需上级支持（向上汇报争取）")


NATURE_LEVEL = {
    IssueNature.ORDINARY: IssueLevel.UNIT,
    IssueNature.CROSS_DEPARTMENT: IssueLevel.OFFICE,
    IssueNature.COMPLEX: IssueLevel.LEADER,
    IssueNature.NEEDS_HIGHER: IssueLevel.UPWARD,
}


class IssueSource(models.TextChoices):
    ACTION_ITEM = "action_item", _("调度会交办事项")
    PROGRESS_REPORT = "progress_report", _("进度填报")
    COMMISSIONER = "commissioner", _("项目服务专员")
    OTHER = "other", _("其他")


class JournalKind(ColoredChoices):
    RAISED = "raised", _("登记交办")
    ACCEPTED = "accepted", _("开始办理")
    UPDATE = "update", _("办理进展")
    RESOLVED = "resolved", _("提请销号")
    VERIFIED = "verified", _("核验销号")
    SENT_BACK = "sent_back", _("核验未通过")
    REOPENED = "reopened", _("重新打开")
    ESCALATED = "escalated", _("逾期升级")
    LISTED = "listed", _("挂牌督办")
    UNLISTED = "unlisted", _("取消挂牌")
    EDITED = "edited", _("信息变更")


JournalKind._colours = {
    "raised": "info",
    "accepted": "primary",
    "update": "secondary",
    "resolved": "warning",
    "verified": "success",
    "sent_back": "danger",
    "reopened": "danger",
    "escalated": "danger",
    "listed": "danger",
    "unlisted": "secondary",
    "edited": "secondary",
}


class OverdueKind(models.TextChoices):
    """Things other than ledger issues that the daily sweep flags when late."""

    APPROVAL_TASK = "approval_task", _("审批事项超期")
    SUPPLEMENT = "supplement", _("容缺材料逾期")
    MILESTONE = "milestone", _("节点逾期")
