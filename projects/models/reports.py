"""Progress reports (进度填报): one per project per period, with site photos. Money in 万元."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from liuyang.models import VersionedModel

from ..choices import ReportFrequency, ReportStatus

MONEY = {"max_digits": 14, "decimal_places": 2, "default": 0, "validators": [MinValueValidator(0)]}


class ProgressReport(VersionedModel):
    """What a project did in one period (本期完成投资, 形象进度). Cumulative figures are derived."""

    project = models.ForeignKey(
        "projects.Project", on_delete=models.CASCADE, related_name="reports", verbose_name=_("项目")
    )
    frequency = models.CharField(_("填报周期"), max_length=10, choices=ReportFrequency.choices)
    period_start = models.DateField(_("期间开始"))
    period_end = models.DateField(_("期间结束"))
    status = models.CharField(
        _("状态"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.DRAFT
    )

    construction = models.DecimalField(_("建筑工程（万元）"), **MONEY)
    installation = models.DecimalField(_("安装工程（万元）"), **MONEY)
    equipment = models.DecimalField(_("设备购置（万元）"), **MONEY)
    other = models.DecimalField(_("其他费用（万元）"), **MONEY)
    period_total = models.GeneratedField(
        verbose_name=_("本期完成投资（万元）"),
        expression=models.F("construction")
        + models.F("installation")
        + models.F("equipment")
        + models.F("other"),
        output_field=models.DecimalField(max_digits=15, decimal_places=2),
        db_persist=True,
    )
    physical_progress = models.TextField(_("形象进度"))
    percent_complete = models.DecimalField(
        _("工程总体完成比例（%）"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    problems = models.TextField(_("存在问题"), blank=True)

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("填报人")
    )
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("提交人"),
    )
    reviewed_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("审核人"),
    )
    review_comment = models.TextField(_("审核意见"), blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["version", "created_at", "updated_at", "period_total"])

    class Meta:
        verbose_name = _("进度填报")
        verbose_name_plural = _("进度填报")
        ordering = ["project", "-period_start"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "frequency", "period_start"], name="unique_report_period"
            ),
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start")), name="report_period_in_order"
            ),
        ]
        indexes = [
            models.Index(fields=["project", "status", "period_start"]),
            models.Index(fields=["status", "period_end"]),
            models.Index(fields=["status", "-period_start", "id"], name="report_review_queue"),
        ]

    def __str__(self):
        return f"{self.project.code} · {self.period_label}"

    def get_absolute_url(self):
        return reverse("projects:report_detail", args=[self.pk])

    @property
    def period_label(self):
        if self.frequency == ReportFrequency.WEEKLY:
            return _("%(start)s 至 %(end)s 周报") % {"start": self.period_start, "end": self.period_end}
        return _("%(year)s年%(month)s月月报") % {
            "year": self.period_start.year,
            "month": self.period_start.month,
        }

    @property
    def status_colour(self):
        return ReportStatus.colour(self.status)


def photo_path(instance, filename):
    return f"reports/{instance.report.project_id}/{instance.report_id}/{filename}"


class ReportPhoto(models.Model):
    """A site photo of a report: the checked original plus a display copy and a thumbnail."""

    report = models.ForeignKey(
        ProgressReport, on_delete=models.CASCADE, related_name="photos", verbose_name=_("进度填报")
    )
    original = models.ImageField(_("原图"), upload_to=photo_path)
    display = models.ImageField(_("展示图"), upload_to=photo_path)
    thumbnail = models.ImageField(_("缩略图"), upload_to=photo_path)
    width = models.PositiveIntegerField(_("宽度"))
    height = models.PositiveIntegerField(_("高度"))
    caption = models.CharField(_("说明"), max_length=100, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("上传人")
    )
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("现场照片")
        verbose_name_plural = _("现场照片")
        ordering = ["report", "pk"]

    def __str__(self):
        return self.caption or self.original.name
