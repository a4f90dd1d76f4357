"""Differentiated assessment (精准考核): indicator schemes per project type, periods, results."""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from projects.choices import ProjectType

from .choices import (
    FigureSource,
    Grade,
    IncidentSeverity,
    Metric,
    OutcomeKind,
    PeriodKind,
    PeriodStatus,
    RuleKind,
    ToleranceDecision,
    ToleranceStep,
)

POINTS = {"max_digits": 7, "decimal_places": 2}


class IndicatorScheme(models.Model):
    """The indicators a project type is assessed on (差异化考核指标体系); the office edits them."""

    project_type = models.CharField(_("项目类型"), max_length=20, choices=ProjectType.choices, unique=True)
    name = models.CharField(_("名称"), max_length=100)
    veto_score = models.DecimalField(_("否决后得分"), default=0, **POINTS)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("考核指标体系")
        verbose_name_plural = _("考核指标体系")
        ordering = ["project_type"]

    def __str__(self):
        return self.name


class Indicator(models.Model):
    """One indicator: its weight (full points), scoring rule and where its figure comes from."""

    scheme = models.ForeignKey(
        IndicatorScheme, verbose_name=_("指标体系"), on_delete=models.CASCADE, related_name="indicators"
    )
    code = models.SlugField(_("编码"), max_length=40)
    name = models.CharField(_("指标"), max_length=100)
    weight = models.DecimalField(_("分值"), validators=[MinValueValidator(0)], **POINTS)
    rule = models.CharField(_("计分规则"), max_length=20, choices=RuleKind.choices)
    params = models.JSONField(_("规则参数"), default=dict, blank=True)
    source = models.CharField(_("数据来源"), max_length=20, choices=FigureSource.choices)
    metric = models.CharField(_("计算口径"), max_length=40, choices=Metric.choices, blank=True)
    unit_label = models.CharField(_("计量单位"), max_length=20, blank=True)
    sort_order = models.PositiveSmallIntegerField(_("排序"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("考核指标")
        verbose_name_plural = _("考核指标")
        ordering = ["scheme", "sort_order", "pk"]
        constraints = [models.UniqueConstraint(fields=["scheme", "code"], name="unique_indicator_code")]

    def __str__(self):
        return self.name

    def clean(self):
        from .rules import check_indicator

        check_indicator(self)


class ProjectIncident(models.Model):
    """A safety or quality event on a project: a major accident vetoes the score, site failures deduct."""

    project = models.ForeignKey(
        "projects.Project", verbose_name=_("项目"), on_delete=models.CASCADE, related_name="incidents"
    )
    occurred_on = models.DateField(_("发生日期"))
    severity = models.CharField(_("类别"), max_length=10, choices=IncidentSeverity.choices)
    description = models.TextField(_("情况"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("记录人"), on_delete=models.PROTECT, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("安全质量事件")
        verbose_name_plural = _("安全质量事件")
        ordering = ["-occurred_on", "-pk"]
        indexes = [models.Index(fields=["project", "severity", "occurred_on"])]

    def __str__(self):
        return f"{self.project} {self.get_severity_display()} {self.occurred_on}"


class AssessmentPeriod(models.Model):
    """An assessment round (annual by default): opened, computed, corrected, closed, published."""

    name = models.CharField(_("名称"), max_length=100)
    kind = models.CharField(_("周期"), max_length=10, choices=PeriodKind.choices, default=PeriodKind.ANNUAL)
    year = models.PositiveSmallIntegerField(_("年度"))
    quarter = models.PositiveSmallIntegerField(_("季度"), null=True, blank=True)
    starts_on = models.DateField(_("起始日期"))
    ends_on = models.DateField(_("截止日期"))
    status = models.CharField(
        _("状态"), max_length=10, choices=PeriodStatus.choices, default=PeriodStatus.OPEN
    )
    computed_at = models.DateTimeField(_("计算时间"), null=True, blank=True)
    closed_at = models.DateTimeField(_("关闭时间"), null=True, blank=True)
    published_at = models.DateTimeField(_("公布时间"), null=True, blank=True)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("开启人"), on_delete=models.PROTECT, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("考核周期")
        verbose_name_plural = _("考核周期")
        ordering = ["-ends_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "year", "quarter"], name="one_period_per_kind_year_quarter"
            )
        ]

    def __str__(self):
        return self.name


class ProjectAssessment(models.Model):
    """A project's result in a period: total, grade, rank, and the outcome proposed and decided."""

    period = models.ForeignKey(
        AssessmentPeriod, verbose_name=_("考核周期"), on_delete=models.CASCADE, related_name="results"
    )
    project = models.ForeignKey(
        "projects.Project", verbose_name=_("项目"), on_delete=models.PROTECT, related_name="assessments"
    )
    responsible_unit = models.ForeignKey(
        "accounts.Unit", verbose_name=_("责任单位"), on_delete=models.PROTECT, related_name="assessments"
    )
    scheme = models.ForeignKey(
        IndicatorScheme, verbose_name=_("指标体系"), on_delete=models.PROTECT, related_name="+"
    )
    score = models.DecimalField(_("得分"), default=0, **POINTS)
    vetoed = models.BooleanField(_("一票否决"), default=False)
    complete = models.BooleanField(
        _("数据齐全"), default=False, help_text=_("有指标缺少数据时不拟定结果运用（一票否决除外）")
    )
    grade = models.CharField(_("等次"), max_length=10, choices=Grade.choices, blank=True)
    rank = models.PositiveIntegerField(_("排名"), null=True, blank=True)
    proposed_outcome = models.CharField(
        _("拟定结果运用"), max_length=20, choices=OutcomeKind.choices, default=OutcomeKind.NONE
    )
    outcome = models.CharField(
        _("结果运用"), max_length=20, choices=OutcomeKind.choices, default=OutcomeKind.NONE
    )
    outcome_reason = models.CharField(_("调整理由"), max_length=200, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("项目考核结果")
        verbose_name_plural = _("项目考核结果")
        ordering = ["period", "rank", "project_id"]
        constraints = [
            models.UniqueConstraint(fields=["period", "project"], name="one_result_per_period_project")
        ]
        indexes = [
            # the ranking's order: a page of it reads 50 rows, not the whole period sorted
            models.Index(fields=["period", "rank", "project"], name="assessment_ranking"),
            models.Index(fields=["period", "responsible_unit"]),
        ]

    def __str__(self):
        return f"{self.period} · {self.project}"

    def get_absolute_url(self):
        return reverse("admin:assessment_projectassessment_change", args=[self.pk])


class IndicatorResult(models.Model):
    """One indicator of one project's result: the figure (computed or entered), points and why.

    On a closed period the figure is the frozen input: recomputing scores it
    again from here, never from live data.
    """

    assessment = models.ForeignKey(
        ProjectAssessment, verbose_name=_("考核结果"), on_delete=models.CASCADE, related_name="indicators"
    )
    indicator = models.ForeignKey(
        Indicator, verbose_name=_("指标"), on_delete=models.PROTECT, related_name="+"
    )
    figure = models.DecimalField(_("数值"), max_digits=14, decimal_places=2, null=True, blank=True)
    source_note = models.CharField(_("数据来源说明"), max_length=200, blank=True)
    evidence = models.FileField(_("佐证材料"), upload_to="assessment/%Y/", blank=True)
    points = models.DecimalField(_("得分"), default=0, **POINTS)
    why = models.CharField(_("计分说明"), max_length=300, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("填报/更正人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("指标得分")
        verbose_name_plural = _("指标得分")
        ordering = ["assessment", "indicator__sort_order"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "indicator"], name="one_figure_per_result_indicator"
            )
        ]

    def __str__(self):
        return f"{self.assessment} · {self.indicator}"


class FaultToleranceApplication(models.Model):
    """An application for fault tolerance (容错纠错) against an accountability outcome, or filed
    before acting (事前容错报备). Judged on the three conditions and on whether it was a first
    trial (先行先试); the decision changes the outcome, and the original stays on record here."""

    result = models.ForeignKey(
        ProjectAssessment,
        verbose_name=_("考核结果"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="tolerance_applications",
        help_text=_("事前报备不关联考核结果"),
    )
    project = models.ForeignKey(
        "projects.Project",
        verbose_name=_("项目"),
        on_delete=models.PROTECT,
        related_name="tolerance_applications",
    )
    unit = models.ForeignKey(
        "accounts.Unit",
        verbose_name=_("申请单位"),
        on_delete=models.PROTECT,
        related_name="tolerance_applications",
    )
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("申请人"), on_delete=models.PROTECT, related_name="+"
    )
    before_acting = models.BooleanField(_("事前容错报备"), default=False)
    facts = models.TextField(_("事实经过"))
    policy_direction = models.TextField(_("是否符合政策方向"))
    public_good = models.TextField(_("是否出于公心、为了公共利益"))
    no_private_gain = models.TextField(_("是否未谋取私利"))
    first_trial = models.BooleanField(_("先行先试"), default=False)
    step = models.CharField(
        _("办理环节"), max_length=20, choices=ToleranceStep.choices, default=ToleranceStep.APPLIED
    )
    verification = models.TextField(_("核实情况"), blank=True)
    decision = models.CharField(_("认定结果"), max_length=10, choices=ToleranceDecision.choices, blank=True)
    decision_reason = models.TextField(_("认定理由"), blank=True)
    original_outcome = models.CharField(
        _("原结果运用"), max_length=20, choices=OutcomeKind.choices, blank=True
    )
    adjusted_outcome = models.CharField(
        _("认定后结果运用"), max_length=20, choices=OutcomeKind.choices, blank=True
    )
    filed_to = models.CharField(_("报备单位"), max_length=100, blank=True)
    applied_at = models.DateTimeField(_("申请时间"))
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("容错纠错申请")
        verbose_name_plural = _("容错纠错申请")
        ordering = ["-applied_at", "-pk"]

    def __str__(self):
        return f"{self.project} · {self.get_step_display()}"
