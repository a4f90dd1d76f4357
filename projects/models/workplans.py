"""Work plans (工作方案): milestones with owner and dates; templates per project type."""

from django.conf import settings
from django.db import models
from django.db.models import Case, F, Q, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from liuyang.models import VersionedModel

from ..choices import MilestonePhase, MilestoneStatus, ProjectType


class MilestoneTemplate(models.Model):
    """A standard chain of nodes for a project type; a task force applies it, then adjusts."""

    name = models.CharField(_("模板名称"), max_length=100, unique=True)
    project_type = models.CharField(
        _("适用项目类型"), max_length=20, choices=ProjectType.choices, blank=True, help_text=_("留空表示通用")
    )
    is_active = models.BooleanField(_("启用"), default=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("工作方案模板")
        verbose_name_plural = _("工作方案模板")
        ordering = ["project_type", "name"]

    def __str__(self):
        return self.name


class MilestoneTemplateItem(models.Model):
    template = models.ForeignKey(
        MilestoneTemplate, on_delete=models.CASCADE, related_name="items", verbose_name=_("模板")
    )
    name = models.CharField(_("节点名称"), max_length=100)
    phase = models.CharField(_("阶段"), max_length=20, choices=MilestonePhase.choices)
    offset_days = models.IntegerField(
        _("相对计划开工的天数"), default=0, help_text=_("负数表示开工前；用于套用模板时推算计划日期")
    )
    sort_order = models.PositiveIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("模板节点")
        verbose_name_plural = _("模板节点")
        ordering = ["sort_order", "pk"]

    def __str__(self):
        return self.name


class MilestoneQuerySet(models.QuerySet):
    def with_status(self, today=None):
        """Annotate ``status_code`` from the dates (in the database, for lists)."""
        today = today or timezone.localdate()
        return self.annotate(
            status_code=Case(
                When(actual_date__isnull=False, then=Value(MilestoneStatus.DONE)),
                When(planned_date__lt=today, then=Value(MilestoneStatus.OVERDUE)),
                When(started_on__isnull=False, then=Value(MilestoneStatus.IN_PROGRESS)),
                default=Value(MilestoneStatus.NOT_STARTED),
                output_field=models.CharField(),
            )
        )

    def overdue(self, today=None):
        today = today or timezone.localdate()
        return self.filter(actual_date__isnull=True, planned_date__lt=today)


class Milestone(VersionedModel):
    """A node of a project's work plan. Its status follows from the dates."""

    project = models.ForeignKey(
        "projects.Project", on_delete=models.CASCADE, related_name="milestones", verbose_name=_("项目")
    )
    name = models.CharField(_("节点名称"), max_length=100)
    phase = models.CharField(_("阶段"), max_length=20, choices=MilestonePhase.choices)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("责任人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="owned_milestones",
    )
    owner_unit = models.ForeignKey(
        "accounts.Unit",
        verbose_name=_("责任单位"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="milestones",
    )
    planned_date = models.DateField(_("计划完成日期"), null=True, blank=True)
    started_on = models.DateField(_("开始日期"), null=True, blank=True)
    actual_date = models.DateField(_("实际完成日期"), null=True, blank=True)
    note = models.CharField(_("备注"), max_length=200, blank=True)
    sort_order = models.PositiveIntegerField(_("排序"), default=0)

    objects = MilestoneQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        verbose_name = _("工作节点")
        verbose_name_plural = _("工作节点")
        ordering = ["project", "sort_order", "planned_date", "pk"]
        indexes = [models.Index(fields=["project", "actual_date", "planned_date"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(actual_date__isnull=True)
                | Q(started_on__isnull=True)
                | Q(actual_date__gte=F("started_on")),
                name="milestone_done_after_start",
                violation_error_message=_("实际完成日期不能早于开始日期。"),
            )
        ]

    def __str__(self):
        return f"{self.project.code} · {self.name}"

    def status(self, today=None):
        today = today or timezone.localdate()
        if self.actual_date:
            return MilestoneStatus.DONE
        if self.planned_date and self.planned_date < today:
            return MilestoneStatus.OVERDUE
        if self.started_on:
            return MilestoneStatus.IN_PROGRESS
        return MilestoneStatus.NOT_STARTED

    @property
    def status_display(self):
        code = getattr(self, "status_code", None) or self.status()
        return MilestoneStatus(code).label

    @property
    def status_colour(self):
        return MilestoneStatus.colour(getattr(self, "status_code", None) or self.status())
