"""精准谋划: the reserve pool, evaluation rounds and the annual implementation plan.

State changes go through ``reserve.services`` (never by editing these rows
directly), so every move is checked, atomic and recorded with its reason.
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from liuyang.models import VersionedModel

from .choices import Decision, EntryStatus, MoveKind, PlanCategory, PlanSource, RoundStatus, Tier

MONEY = {"max_digits": 14, "decimal_places": 2, "validators": [MinValueValidator(0)]}


class ReserveEntry(VersionedModel):
    """A project's place in the reserve pool (项目储备库). One per project; kept after removal."""

    project = models.OneToOneField(
        "projects.Project",
        verbose_name=_("项目"),
        on_delete=models.PROTECT,
        related_name="reserve_entry",
    )
    tier = models.CharField(_("储备层级"), max_length=10, choices=Tier.choices)
    status = models.CharField(
        _("状态"), max_length=10, choices=EntryStatus.choices, default=EntryStatus.IN_POOL
    )
    responsible_unit = models.ForeignKey(
        "accounts.Unit",
        verbose_name=_("谋划责任单位"),
        on_delete=models.PROTECT,
        related_name="reserve_entries",
    )
    responsible_person = models.CharField(_("谋划责任人"), max_length=50)
    prep_deadline = models.DateField(_("前期工作完成时限"), null=True, blank=True)
    target_start = models.DateField(_("计划开工时间节点"), null=True, blank=True)
    time_nodes = models.TextField(_("其他时间节点"), blank=True)
    expected_goals = models.TextField(_("预期目标"), blank=True)
    entered_on = models.DateField(_("入库日期"))
    last_evaluated_on = models.DateField(_("最近评估日期"), null=True, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["version", "created_at", "updated_at"])

    class Meta:
        verbose_name = _("储备项目")
        verbose_name_plural = _("储备项目")
        ordering = ["project__code"]
        indexes = [
            models.Index(fields=["status", "tier"]),
            models.Index(fields=["last_evaluated_on"]),
            models.Index(fields=["entered_on"]),
        ]

    def __str__(self):
        return f"{self.project} · {self.get_tier_display()}"

    def get_absolute_url(self):
        return reverse("reserve:entry_detail", args=[self.pk])


class ReserveMove(models.Model):
    """One move of a reserve entry (入库 / 调整层级 / 纳入计划 / 出库 …), with its reason.

    This is the readable history of the pool shown on the project page; it is
    append-only.
    """

    entry = models.ForeignKey(
        ReserveEntry, verbose_name=_("储备项目"), on_delete=models.PROTECT, related_name="moves"
    )
    kind = models.CharField(_("动作"), max_length=20, choices=MoveKind.choices)
    from_tier = models.CharField(_("原层级"), max_length=10, choices=Tier.choices, blank=True)
    to_tier = models.CharField(_("新层级"), max_length=10, choices=Tier.choices, blank=True)
    reason = models.TextField(_("理由"))
    evaluation_round = models.ForeignKey(
        "EvaluationRound",
        verbose_name=_("评估轮次"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="moves",
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        on_delete=models.PROTECT,
        related_name="reserve_moves",
    )
    created_at = models.DateTimeField(_("时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("储备库变动")
        verbose_name_plural = _("储备库变动")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["-created_at"])]

    def __str__(self):
        return f"{self.entry.project} · {self.get_kind_display()}"


class EvaluationCriterion(models.Model):
    """A weighted criterion of project evaluation (评估指标); the office edits the list."""

    name = models.CharField(_("指标名称"), max_length=50, unique=True)
    description = models.TextField(_("评分说明"), blank=True)
    weight = models.DecimalField(
        _("权重（%）"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(100)],
    )
    max_score = models.PositiveSmallIntegerField(_("满分"), default=100, validators=[MinValueValidator(1)])
    sort_order = models.PositiveIntegerField(_("排序"), default=0)
    is_active = models.BooleanField(_("启用"), default=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("评估指标")
        verbose_name_plural = _("评估指标")
        ordering = ["sort_order", "pk"]

    def __str__(self):
        return f"{self.name}（{self.weight}%）"


class EvaluationRound(VersionedModel):
    """An evaluation round (项目评估轮次), e.g. "2026 年二季度评估"."""

    name = models.CharField(_("轮次名称"), max_length=100, unique=True)
    plan_year = models.PositiveIntegerField(
        _("纳入计划年度"),
        validators=[MinValueValidator(2000), MaxValueValidator(2100)],
        help_text=_("决定“纳入年度实施计划”的项目进入该年度的计划"),
    )
    opened_on = models.DateField(_("开始日期"))
    status = models.CharField(
        _("状态"), max_length=10, choices=RoundStatus.choices, default=RoundStatus.SCORING
    )
    evaluators = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("评估人"),
        related_name="evaluation_rounds",
        blank=True,
    )
    notes = models.TextField(_("说明"), blank=True)
    applied_on = models.DateTimeField(_("决策生效时间"), null=True, blank=True)
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("决策生效人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    history = HistoricalRecords(excluded_fields=["version", "created_at"])

    class Meta:
        verbose_name = _("评估轮次")
        verbose_name_plural = _("评估轮次")
        ordering = ["-opened_on", "-pk"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("reserve:round_detail", args=[self.pk])

    @property
    def is_open(self):
        return self.status == RoundStatus.SCORING


class RoundCriterion(models.Model):
    """A criterion as it stood when the round opened: later weight edits don't change past rounds."""

    evaluation_round = models.ForeignKey(
        EvaluationRound, on_delete=models.CASCADE, related_name="criteria", verbose_name=_("评估轮次")
    )
    criterion = models.ForeignKey(
        EvaluationCriterion, on_delete=models.PROTECT, related_name="+", verbose_name=_("评估指标")
    )
    name = models.CharField(_("指标名称"), max_length=50)
    weight = models.DecimalField(_("权重（%）"), max_digits=5, decimal_places=2)
    max_score = models.PositiveSmallIntegerField(_("满分"))
    sort_order = models.PositiveIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("轮次指标")
        verbose_name_plural = _("轮次指标")
        ordering = ["sort_order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["evaluation_round", "criterion"], name="unique_round_criterion")
        ]

    def __str__(self):
        return f"{self.name}（{self.weight}%）"


class RoundItem(models.Model):
    """A pool project in a round's scope, with the office's decision once made."""

    evaluation_round = models.ForeignKey(
        EvaluationRound, on_delete=models.CASCADE, related_name="items", verbose_name=_("评估轮次")
    )
    entry = models.ForeignKey(
        ReserveEntry, on_delete=models.PROTECT, related_name="round_items", verbose_name=_("储备项目")
    )
    decision = models.CharField(_("决策"), max_length=20, choices=Decision.choices, blank=True)
    new_tier = models.CharField(_("调整后层级"), max_length=10, choices=Tier.choices, blank=True)
    plan_category = models.CharField(_("计划类别"), max_length=20, choices=PlanCategory.choices, blank=True)
    planned_investment = models.DecimalField(_("年度计划投资（万元）"), null=True, blank=True, **MONEY)
    target_milestones = models.TextField(_("年度目标节点"), blank=True)
    decision_reason = models.TextField(_("决策理由"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("决策人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("决策时间"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("评估项目")
        verbose_name_plural = _("评估项目")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["evaluation_round", "entry"], name="unique_round_entry")
        ]

    def __str__(self):
        return f"{self.evaluation_round} · {self.entry.project}"


class Score(models.Model):
    """One evaluator's score of one project on one criterion."""

    item = models.ForeignKey(
        RoundItem, on_delete=models.CASCADE, related_name="scores", verbose_name=_("评估项目")
    )
    criterion = models.ForeignKey(
        RoundCriterion, on_delete=models.CASCADE, related_name="scores", verbose_name=_("指标")
    )
    evaluator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="reserve_scores",
        verbose_name=_("评估人"),
    )
    value = models.DecimalField(_("得分"), max_digits=6, decimal_places=2, validators=[MinValueValidator(0)])
    comment = models.CharField(_("评语"), max_length=200, blank=True)
    updated_at = models.DateTimeField(_("评分时间"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("评分")
        verbose_name_plural = _("评分")
        constraints = [
            models.UniqueConstraint(fields=["item", "criterion", "evaluator"], name="unique_score")
        ]

    def __str__(self):
        return f"{self.item} · {self.criterion.name} · {self.value}"


class AnnualPlan(models.Model):
    """The annual implementation plan (年度实施计划) of one year."""

    year = models.PositiveIntegerField(
        _("年度"), unique=True, validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    title = models.CharField(_("标题"), max_length=100, blank=True)
    notes = models.TextField(_("说明"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("年度实施计划")
        verbose_name_plural = _("年度实施计划")
        ordering = ["-year"]

    def __str__(self):
        return self.title or _("%(year)s 年度重点项目实施计划") % {"year": self.year}

    def get_absolute_url(self):
        return reverse("reserve:plan_detail", args=[self.year])


class AnnualPlanItem(VersionedModel):
    """A project in a year's plan: new start, continuing or completion, with its planned investment."""

    plan = models.ForeignKey(
        AnnualPlan, on_delete=models.PROTECT, related_name="items", verbose_name=_("年度计划")
    )
    project = models.ForeignKey(
        "projects.Project", on_delete=models.PROTECT, related_name="plan_items", verbose_name=_("项目")
    )
    category = models.CharField(_("计划类别"), max_length=20, choices=PlanCategory.choices)
    planned_investment = models.DecimalField(_("年度计划投资（万元）"), **MONEY)
    target_milestones = models.TextField(_("年度目标节点"), blank=True)
    source = models.CharField(_("纳入方式"), max_length=20, choices=PlanSource.choices)
    evaluation_round = models.ForeignKey(
        EvaluationRound,
        verbose_name=_("评估轮次"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="plan_items",
    )
    reason = models.TextField(_("纳入理由"))
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("纳入人")
    )
    added_at = models.DateTimeField(_("纳入时间"), auto_now_add=True)

    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        verbose_name = _("年度计划项目")
        verbose_name_plural = _("年度计划项目")
        ordering = ["plan", "category", "project__code"]
        constraints = [models.UniqueConstraint(fields=["plan", "project"], name="unique_plan_project")]

    def __str__(self):
        return f"{self.plan.year} · {self.project}"
