"""精准招商: the industry map, investment leads, guidance funds and element guarantees."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .choices import (
    ContactWay,
    ElementKind,
    ElementStatus,
    FundKind,
    InvestmentStatus,
    JournalKind,
    LeadMode,
    LeadStage,
    LinkPosition,
    LinkStatus,
    ListingBoard,
    Region,
    TalentBenefit,
)

MONEY = {"max_digits": 14, "decimal_places": 2, "validators": [MinValueValidator(0)]}


class IndustryChain(models.Model):
    """An industrial chain (产业链) of the map, e.g. 电子信息."""

    name = models.CharField(_("产业链"), max_length=50, unique=True)
    industry = models.ForeignKey(
        "projects.Industry",
        verbose_name=_("对应产业"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="chains",
    )
    description = models.TextField(_("说明"), blank=True)
    sort_order = models.PositiveSmallIntegerField(_("排序"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("产业链")
        verbose_name_plural = _("产业链")
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name


class ChainLink(models.Model):
    """A link (环节) of a chain, upstream → midstream → downstream, marked strength / weak / missing."""

    chain = models.ForeignKey(
        IndustryChain, verbose_name=_("产业链"), on_delete=models.CASCADE, related_name="links"
    )
    name = models.CharField(_("环节"), max_length=100)
    position = models.CharField(_("位置"), max_length=12, choices=LinkPosition.choices)
    status = models.CharField(_("本地状况"), max_length=10, choices=LinkStatus.choices)
    local_enterprises = models.TextField(_("本地企业"), blank=True, help_text=_("每行一家"))
    sort_order = models.PositiveSmallIntegerField(_("排序"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("产业链环节")
        verbose_name_plural = _("产业链环节")
        ordering = ["chain", "sort_order", "pk"]
        constraints = [models.UniqueConstraint(fields=["chain", "name"], name="unique_link_per_chain")]

    def __str__(self):
        return f"{self.chain.name} · {self.name}"

    @property
    def enterprises(self):
        return [line.strip() for line in self.local_enterprises.splitlines() if line.strip()]


class InvestmentTeam(models.Model):
    """A recruiting team (招商小分队): its members work its leads."""

    name = models.CharField(_("名称"), max_length=100, unique=True)
    leader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("队长"),
        on_delete=models.PROTECT,
        related_name="led_investment_teams",
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("队员"), related_name="investment_teams", blank=True
    )
    focus = models.CharField(_("主攻方向"), max_length=200, blank=True)

    history = HistoricalRecords(m2m_fields=[members])

    class Meta:
        verbose_name = _("招商小分队")
        verbose_name_plural = _("招商小分队")
        ordering = ["name"]

    def __str__(self):
        return self.name


class InvestmentLead(models.Model):
    """A target company worked from first contact to signing (then a project) or dropped."""

    company = models.CharField(_("目标企业"), max_length=200)
    region = models.CharField(_("所在区域"), max_length=20, choices=Region.choices)
    link = models.ForeignKey(
        ChainLink,
        verbose_name=_("补链环节"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="leads",
    )
    mode = models.CharField(_("招商方式"), max_length=10, choices=LeadMode.choices)
    team = models.ForeignKey(
        InvestmentTeam, verbose_name=_("招商小分队"), on_delete=models.PROTECT, related_name="leads"
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("负责人"),
        on_delete=models.PROTECT,
        related_name="owned_leads",
    )
    project_name = models.CharField(_("拟建项目"), max_length=200)
    intended_investment = models.DecimalField(_("意向投资（万元）"), **MONEY)
    stage = models.CharField(_("阶段"), max_length=12, choices=LeadStage.choices, default=LeadStage.LEAD)
    drop_reason = models.CharField(_("终止原因"), max_length=200, blank=True)
    next_step = models.CharField(_("下一步工作"), max_length=200, blank=True)
    next_step_due = models.DateField(_("下一步时限"), null=True, blank=True)
    contact_person = models.CharField(_("企业联系人"), max_length=50, blank=True)
    project = models.OneToOneField(
        "projects.Project",
        verbose_name=_("签约项目"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="investment_lead",
    )
    signed_on = models.DateField(_("签约日期"), null=True, blank=True)
    landed_on = models.DateField(_("落地日期"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("录入人"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("录入时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)
    version = models.PositiveIntegerField(_("版本"), default=1)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("招商线索")
        verbose_name_plural = _("招商线索")
        ordering = ["-updated_at", "-pk"]
        indexes = [
            models.Index(fields=["stage", "next_step_due"]),
            models.Index(fields=["team", "stage"]),
            models.Index(fields=["link", "stage"]),
            models.Index(fields=["-updated_at", "-id"], name="lead_recent"),
        ]

    def __str__(self):
        return f"{self.company} · {self.project_name}"

    def get_absolute_url(self):
        return reverse("investment:lead_detail", args=[self.pk])


class LeadJournal(models.Model):
    """A lead's journal: every contact, every move of stage, the drop and the signing."""

    lead = models.ForeignKey(
        InvestmentLead, verbose_name=_("线索"), on_delete=models.CASCADE, related_name="journal"
    )
    kind = models.CharField(_("类型"), max_length=10, choices=JournalKind.choices)
    way = models.CharField(_("联系方式"), max_length=12, choices=ContactWay.choices, blank=True)
    on = models.DateField(_("日期"))
    text = models.TextField(_("内容"))
    from_stage = models.CharField(_("原阶段"), max_length=12, choices=LeadStage.choices, blank=True)
    to_stage = models.CharField(_("新阶段"), max_length=12, choices=LeadStage.choices, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("记录人"), on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(_("记录时间"))

    class Meta:
        verbose_name = _("线索记录")
        verbose_name_plural = _("线索记录")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["lead", "-at"])]

    def __str__(self):
        return f"{self.lead} · {self.get_kind_display()} · {self.on}"


class Fund(models.Model):
    """An industry guidance fund (产业引导基金): the mother fund (母基金) or one of its sub-funds (子基金)."""

    name = models.CharField(_("基金名称"), max_length=100, unique=True)
    kind = models.CharField(_("层级"), max_length=10, choices=FundKind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("母基金"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="sub_funds",
    )
    size = models.DecimalField(_("基金规模（万元）"), **MONEY)
    government_amount = models.DecimalField(
        _("政府出资（万元）"), help_text=_("财政或母基金认缴的部分；杠杆 = 社会资本 ÷ 政府出资"), **MONEY
    )
    partner = models.CharField(_("合作机构"), max_length=200, blank=True)
    focus_industries = models.ManyToManyField(
        "projects.Industry", verbose_name=_("重点投向"), related_name="funds", blank=True
    )
    committed = models.DecimalField(_("认缴（万元）"), default=0, **MONEY)
    paid_in = models.DecimalField(_("实缴（万元）"), default=0, **MONEY)
    established_on = models.DateField(_("设立日期"), null=True, blank=True)

    history = HistoricalRecords(m2m_fields=[focus_industries])

    class Meta:
        verbose_name = _("产业引导基金")
        verbose_name_plural = _("产业引导基金")
        ordering = ["kind", "name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("investment:fund_detail", args=[self.pk])

    def clean(self):
        """A sub-fund sits under a mother fund, a mother fund under none; money within the size."""
        errors = {}
        if self.kind == FundKind.SUB:
            if self.parent_id is None:
                errors["parent"] = _("子基金须选择所属母基金。")
            elif self.parent.kind != FundKind.MOTHER or self.parent_id == self.pk:
                errors["parent"] = _("所属基金须是母基金。")
        elif self.parent_id is not None:
            errors["parent"] = _("母基金不隶属于其他基金。")
        if (
            self.size is not None
            and self.government_amount is not None
            and self.government_amount > self.size
        ):
            errors["government_amount"] = _("政府出资不能超过基金规模。")
        if self.committed is not None and self.paid_in is not None and self.paid_in > self.committed:
            errors["paid_in"] = _("实缴不能超过认缴。")
        if errors:
            raise ValidationError(errors)


class FundInvestment(models.Model):
    """One investment of a fund: the company, amount, date, and whether it listed (科创板 …) or exited."""

    fund = models.ForeignKey(
        Fund, verbose_name=_("基金"), on_delete=models.PROTECT, related_name="investments"
    )
    company = models.CharField(_("被投企业"), max_length=200)
    amount = models.DecimalField(_("投资金额（万元）"), **MONEY)
    invested_on = models.DateField(_("投资日期"))
    status = models.CharField(
        _("状态"), max_length=10, choices=InvestmentStatus.choices, default=InvestmentStatus.HOLDING
    )
    board = models.CharField(_("上市板块"), max_length=10, choices=ListingBoard.choices, blank=True)
    listed_on = models.DateField(_("上市日期"), null=True, blank=True)
    exited_on = models.DateField(_("退出日期"), null=True, blank=True)
    project = models.ForeignKey(
        "projects.Project",
        verbose_name=_("落地项目"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="fund_investments",
    )
    note = models.CharField(_("备注"), max_length=200, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("基金投资")
        verbose_name_plural = _("基金投资")
        ordering = ["fund", "-invested_on", "pk"]

    def __str__(self):
        return f"{self.fund} · {self.company}"

    def clean(self):
        """A listed investment names its board (科创板 …)."""
        if self.status == InvestmentStatus.LISTED and not self.board:
            raise ValidationError({"board": _("已上市的投资须填写上市板块。")})


class ElementRequest(models.Model):
    """A project's request for an element guarantee (要素保障): land, finance or talent."""

    project = models.ForeignKey(
        "projects.Project", verbose_name=_("项目"), on_delete=models.CASCADE, related_name="element_requests"
    )
    kind = models.CharField(_("要素类别"), max_length=10, choices=ElementKind.choices)
    title = models.CharField(_("事项"), max_length=200)
    detail = models.TextField(_("需求说明"), blank=True)
    land_area = models.DecimalField(
        _("用地面积（亩）"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    standard_land = models.BooleanField(_("标准地"), default=False, help_text=_("拿地即开工"))
    bank = models.CharField(_("对接银行"), max_length=100, blank=True)
    amount = models.DecimalField(
        _("融资金额（万元）"),
        null=True,
        blank=True,
        max_digits=14,
        decimal_places=2,
        validators=[MinValueValidator(0)],
    )
    benefit = models.CharField(_("人才待遇"), max_length=10, choices=TalentBenefit.choices, blank=True)
    headcount = models.PositiveIntegerField(_("人数"), null=True, blank=True)
    responsible_unit = models.ForeignKey(
        "accounts.Unit", verbose_name=_("责任部门"), on_delete=models.PROTECT, related_name="element_requests"
    )
    deadline = models.DateField(_("办理时限"))
    status = models.CharField(
        _("状态"), max_length=12, choices=ElementStatus.choices, default=ElementStatus.SUBMITTED
    )
    result = models.TextField(_("办理结果"), blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("提出人"), on_delete=models.PROTECT, related_name="+"
    )
    requested_on = models.DateField(_("提出日期"))
    done_on = models.DateField(_("办结日期"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("要素保障")
        verbose_name_plural = _("要素保障")
        ordering = ["deadline", "pk"]
        indexes = [
            models.Index(fields=["status", "deadline"]),
            models.Index(fields=["responsible_unit", "status"]),
        ]

    def __str__(self):
        return f"{self.project} · {self.get_kind_display()} · {self.title}"
