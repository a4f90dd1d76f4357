"""In-app notifications with an email outbox, users' email settings, and the log of background runs."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .choices import EmailStatus, NotificationKind, TaskRunStatus


class Notification(models.Model):
    """A message to one user: shown in their inbox, and emailed through the outbox.

    ``key`` makes sending idempotent: the same event (an issue's escalation to a
    level, a task force's digest of a week) notifies each recipient once, however
    often the task that raises it runs. Rows with email ``pending`` are the
    outbox: nothing is lost while the mail server or Redis is down.
    """

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("接收人"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    kind = models.CharField(_("类型"), max_length=30, choices=NotificationKind.choices)
    key = models.CharField(_("去重键"), max_length=120)
    title = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("内容"), blank=True)
    url = models.CharField(_("链接"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("时间"), auto_now_add=True)
    read_at = models.DateTimeField(_("阅读时间"), null=True, blank=True)
    email_status = models.CharField(
        _("邮件"), max_length=10, choices=EmailStatus.choices, default=EmailStatus.PENDING
    )
    email_attempts = models.PositiveSmallIntegerField(_("发送次数"), default=0)
    email_error = models.CharField(_("发送错误"), max_length=300, blank=True)
    emailed_at = models.DateTimeField(_("发送时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("消息")
        verbose_name_plural = _("消息")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["recipient", "key"], name="one_notification_per_event")
        ]
        indexes = [
            models.Index(fields=["recipient", "read_at", "-created_at"]),
            models.Index(fields=["email_status", "created_at"]),
        ]

    def __str__(self):
        return self.title


class NotificationPreference(models.Model):
    """A user's own choice: whether notifications also come by email, and to which address."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("用户"),
        on_delete=models.CASCADE,
        related_name="notification_preference",
    )
    email_enabled = models.BooleanField(_("同时发送邮件"), default=True)
    email = models.EmailField(_("接收邮箱"), blank=True, help_text=_("不填则使用账号邮箱"))

    class Meta:
        verbose_name = _("通知设置")
        verbose_name_plural = _("通知设置")

    def __str__(self):
        return str(self.user)


class TaskRun(models.Model):
    """One run of a background task (escalation, digests, reminders, email): the office sees failures."""

    name = models.CharField(_("任务"), max_length=60)
    started_at = models.DateTimeField(_("开始时间"))
    finished_at = models.DateTimeField(_("结束时间"), null=True, blank=True)
    status = models.CharField(
        _("结果"), max_length=10, choices=TaskRunStatus.choices, default=TaskRunStatus.RUNNING
    )
    summary = models.JSONField(_("摘要"), default=dict, blank=True)
    error = models.TextField(_("错误"), blank=True)
    attempt = models.PositiveSmallIntegerField(_("第几次尝试"), default=1)

    class Meta:
        verbose_name = _("后台任务记录")
        verbose_name_plural = _("后台任务记录")
        ordering = ["-started_at", "-pk"]
        indexes = [
            models.Index(fields=["name", "-started_at"]),
            models.Index(fields=["status", "-started_at"]),
        ]

    def __str__(self):
        return f"{self.name} {self.started_at:%Y-%m-%d %H:%M}"
