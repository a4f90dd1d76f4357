from django.db import models
from django.utils.translation import gettext_lazy as _


class NotificationKind(models.TextChoices):
    ISSUE_ASSIGNED = "issue_assigned", _("问题交办")
    ISSUE_ESCALATED = "issue_escalated", _("问题逾期升级")
    ISSUE_RESOLVED = "issue_resolved", _("问题提请销号")
    ISSUE_CLOSED = "issue_closed", _("问题销号")
    ISSUE_SENT_BACK = "issue_sent_back", _("销号核验未通过")
    OVERDUE = "overdue", _("逾期提醒")
    DIGEST = "digest", _("每周调度简报")
    REPORT_REMINDER = "report_reminder", _("进度填报提醒")


class EmailStatus(models.TextChoices):
    """The outbox: a notification's email waits here until it is sent (or is not wanted)."""

    PENDING = "pending", _("待发送")
    SENT = "sent", _("已发送")
    FAILED = "failed", _("发送失败")
    SKIPPED = "skipped", _("不发送")


class TaskRunStatus(models.TextChoices):
    RUNNING = "running", _("运行中")
    SUCCEEDED = "succeeded", _("成功")
    FAILED = "failed", _("失败")
