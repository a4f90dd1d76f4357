"""The issue-clearing ledger (问题清零): every problem that blocks a project, until it is closed off."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from liuyang.models import VersionedModel

from ..choices import (
    OPEN_ISSUE_STATUSES,
    IssueLevel,
    IssueNature,
    IssueSource,
    IssueStatus,
    JournalKind,
    OverdueKind,
)


class IssueCategory(models.Model):
    """A kind of problem (用地、资金、审批、征拆 …); the office extends the list."""

    name = models.CharField(_("名称"), max_length=30, unique=True)
    sort_order = models.PositiveSmallIntegerField(_("排序"), default=0)
    is_active = models.BooleanField(_("启用"), default=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("问题类别")
        verbose_name_plural = _("问题类别")
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name


def evidence_upload_to(instance, filename):
    return f"issues/{instance.issue_id}/{filename}"


class LedgerIssue(VersionedModel):
    """A ledger issue (问题): who must solve what by when, at which level of the ladder.

    The level is set at intake by the issue's nature and moves up one step each
    time the deadline passes (``services.escalation``). Closing off (销号) needs a
    resolution with evidence and the office's verification.
    """

    project = models.ForeignKey(
        "projects.Project", verbose_name=_("项目"), on_delete=models.PROTECT, related_name="ledger_issues"
    )
    title = models.CharField(_("问题"), max_length=200)
    description = models.TextField(_("问题描述"), blank=True)
    category = models.ForeignKey(
        IssueCategory, verbose_name=_("问题类别"), on_delete=models.PROTECT, related_name="issues"
    )
    source = models.CharField(
        _("来源"), max_length=20, choices=IssueSource.choices, default=IssueSource.OTHER
    )
    action_item = models.OneToOneField(
        "projects.ActionItem",
        verbose_name=_("来源交办事项"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="ledger_issue",
    )
    nature = models.CharField(
        _("问题性质"), max_length=20, choices=IssueNature.choices, default=IssueNature.ORDINARY
    )
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("提出人"),
        on_delete=models.PROTECT,
        related_name="raised_issues",
    )
    raised_on = models.DateField(_("提出日期"))
    responsible_unit = models.ForeignKey(
        "accounts.Unit", verbose_name=_("责任单位"), on_delete=models.PROTECT, related_name="ledger_issues"
    )
    responsible_person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("责任人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="responsible_issues",
    )
    leader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("领办市领导"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="led_issues",
        help_text=_("复杂问题由市级领导领办"),
    )
    deadline = models.DateField(_("办结时限"))
    level = models.PositiveSmallIntegerField(
        _("办理层级"), choices=IssueLevel.choices, default=IssueLevel.UNIT
    )
    listed = models.BooleanField(_("挂牌督办"), default=False)
    status = models.CharField(
        _("状态"), max_length=20, choices=IssueStatus.choices, default=IssueStatus.ASSIGNED
    )
    resolution = models.TextField(_("解决情况"), blank=True)
    resolved_on = models.DateField(_("提请销号日期"), null=True, blank=True)
    closed_on = models.DateField(_("销号日期"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("核验人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="closed_issues",
    )
    reopened_count = models.PositiveSmallIntegerField(_("重新打开次数"), default=0)

    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["version", "created_at", "updated_at"])

    class Meta:
        verbose_name = _("问题")
        verbose_name_plural = _("问题清单")
        ordering = ["-raised_on", "-pk"]
        indexes = [
            models.Index(fields=["status", "deadline"]),
            models.Index(fields=["project", "status"]),
            models.Index(fields=["responsible_unit", "status"]),
            models.Index(fields=["level", "status"]),
            models.Index(fields=["-raised_on", "-id"], name="ledger_issue_raised"),
            models.Index(fields=["closed_on"]),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("issues:issue_detail", args=[self.pk])

    @property
    def is_open(self):
        return self.status in OPEN_ISSUE_STATUSES

    def is_overdue(self, today):
        return self.is_open and today > self.deadline


class IssueJournal(models.Model):
    """One entry of an issue's journal (办理台账): progress, status moves, escalation, verification."""

    issue = models.ForeignKey(
        LedgerIssue, verbose_name=_("问题"), on_delete=models.CASCADE, related_name="journal"
    )
    kind = models.CharField(_("类型"), max_length=20, choices=JournalKind.choices)
    text = models.TextField(_("内容"), blank=True)
    from_status = models.CharField(_("原状态"), max_length=20, choices=IssueStatus.choices, blank=True)
    to_status = models.CharField(_("新状态"), max_length=20, choices=IssueStatus.choices, blank=True)
    from_level = models.PositiveSmallIntegerField(
        _("原层级"), choices=IssueLevel.choices, null=True, blank=True
    )
    to_level = models.PositiveSmallIntegerField(
        _("新层级"), choices=IssueLevel.choices, null=True, blank=True
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("记录人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("系统自动处理时为空"),
    )
    at = models.DateTimeField(_("时间"))

    class Meta:
        verbose_name = _("办理记录")
        verbose_name_plural = _("办理记录")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["issue", "-at"])]

    def __str__(self):
        return f"{self.issue} · {self.get_kind_display()}"


class IssueEvidence(models.Model):
    """A file proving a resolution: document, certificate, site photo, minutes, the unit's confirmation."""

    issue = models.ForeignKey(
        LedgerIssue, verbose_name=_("问题"), on_delete=models.CASCADE, related_name="evidence"
    )
    file = models.FileField(_("文件"), upload_to=evidence_upload_to, max_length=300)
    original_name = models.CharField(_("原文件名"), max_length=200)
    size = models.PositiveIntegerField(_("大小（字节）"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("上传人"), on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("上传时间"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("销号佐证材料")
        verbose_name_plural = _("销号佐证材料")
        ordering = ["issue", "uploaded_at", "pk"]

    def __str__(self):
        return self.original_name


class EscalationStep(models.Model):
    """One step up the ladder for an overdue issue: taken once per issue and level, however often the sweep runs."""

    issue = models.ForeignKey(
        LedgerIssue, verbose_name=_("问题"), on_delete=models.CASCADE, related_name="escalations"
    )
    from_level = models.PositiveSmallIntegerField(_("原层级"), choices=IssueLevel.choices)
    to_level = models.PositiveSmallIntegerField(_("新层级"), choices=IssueLevel.choices)
    old_deadline = models.DateField(_("原时限"))
    new_deadline = models.DateField(_("新时限"))
    at = models.DateTimeField(_("升级时间"))

    class Meta:
        verbose_name = _("逾期升级")
        verbose_name_plural = _("逾期升级")
        ordering = ["-at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["issue", "to_level"], name="one_escalation_per_level")]

    def __str__(self):
        return f"{self.issue} {self.from_level}→{self.to_level}"


class OverdueFlag(models.Model):
    """A late approval task, supplement or milestone, flagged once to its unit and the office."""

    kind = models.CharField(_("类型"), max_length=20, choices=OverdueKind.choices)
    object_id = models.PositiveBigIntegerField(_("对象ID"))
    project = models.ForeignKey(
        "projects.Project", verbose_name=_("项目"), on_delete=models.CASCADE, related_name="overdue_flags"
    )
    unit = models.ForeignKey(
        "accounts.Unit",
        verbose_name=_("责任单位"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="overdue_flags",
    )
    title = models.CharField(_("事项"), max_length=300)
    due_date = models.DateField(_("期限"))
    flagged_on = models.DateField(_("标记日期"))

    class Meta:
        verbose_name = _("逾期提醒")
        verbose_name_plural = _("逾期提醒")
        ordering = ["-flagged_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "object_id", "due_date"], name="one_flag_per_item_deadline"
            )
        ]

    def __str__(self):
        return self.title
