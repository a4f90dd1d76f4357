"""The approval catalogue (审批事项清单): stages, items and each item's materials. The office edits it."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ..choices import MaterialKind


class ApprovalStage(models.Model):
    """A stage of the national process (工程建设项目审批四个阶段), or the parallel line beside them.

    ``number`` is the national stage number 1–4; the parallel stage (并行推进事项,
    e.g. utilities hook-up) has none.
    """

    code = models.CharField(_("阶段编码"), max_length=20, unique=True)
    number = models.PositiveSmallIntegerField(
        _("国家阶段序号"), null=True, blank=True, help_text=_("1–4；并行事项不填")
    )
    name = models.CharField(_("阶段名称"), max_length=50)
    time_limit = models.PositiveSmallIntegerField(_("阶段时限（工作日）"))
    lead_unit = models.ForeignKey(
        "accounts.Unit",
        verbose_name=_("牵头部门"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="led_approval_stages",
    )
    sort_order = models.PositiveSmallIntegerField(_("排序"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("审批阶段")
        verbose_name_plural = _("审批阶段")
        ordering = ["sort_order", "code"]

    def __str__(self):
        return self.name

    @property
    def is_parallel(self):
        return self.number is None


class ApprovalItem(models.Model):
    """An approval item (审批事项) with its department and time limits in working days.

    The promised limit (承诺时限) is what the city commits to and what deadlines
    use; the statutory limit (法定时限) is the law's ceiling, kept for reference.
    """

    stage = models.ForeignKey(
        ApprovalStage, verbose_name=_("审批阶段"), on_delete=models.PROTECT, related_name="items"
    )
    code = models.CharField(_("事项编码"), max_length=40, unique=True)
    name = models.CharField(_("事项名称"), max_length=100)
    department = models.ForeignKey(
        "accounts.Unit",
        verbose_name=_("审批部门"),
        on_delete=models.PROTECT,
        related_name="approval_items",
        limit_choices_to={"kind": "department"},
    )
    statutory_limit = models.PositiveSmallIntegerField(
        _("法定时限（工作日）"), null=True, blank=True, help_text=_("法律未规定的不填")
    )
    statutory_note = models.CharField(
        _("法定时限说明"), max_length=50, blank=True, help_text=_("如“20个工作日，可延长10个工作日”")
    )
    promised_limit = models.PositiveSmallIntegerField(
        _("承诺时限（工作日）"), help_text=_("0 表示即办（当日办结）")
    )
    promise_system = models.BooleanField(_("实行告知承诺制"), default=False)
    is_milestone = models.BooleanField(_("里程碑事项"), default=False)
    is_active = models.BooleanField(_("启用"), default=True)
    sort_order = models.PositiveSmallIntegerField(_("排序"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("审批事项")
        verbose_name_plural = _("审批事项")
        ordering = ["stage__sort_order", "sort_order", "code"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("approvals:catalogue") + f"#item-{self.pk}"


class ItemMaterial(models.Model):
    """A material an item requires: main (主要) or secondary (次要).

    Only a secondary material marked "may be supplied later" (容缺后补) can be
    missing at intake; everything else must be there for the case to be accepted.
    """

    item = models.ForeignKey(
        ApprovalItem, verbose_name=_("审批事项"), on_delete=models.CASCADE, related_name="materials"
    )
    name = models.CharField(_("材料名称"), max_length=200)
    kind = models.CharField(_("材料类别"), max_length=10, choices=MaterialKind.choices)
    may_supply_later = models.BooleanField(
        _("可容缺后补"), default=False, help_text=_("仅次要材料可容缺后补")
    )
    is_official_document = models.BooleanField(_("批文证照类材料"), default=False)
    sort_order = models.PositiveSmallIntegerField(_("排序"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("申报材料")
        verbose_name_plural = _("申报材料")
        ordering = ["item", "sort_order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(may_supply_later=False) | models.Q(kind=MaterialKind.SECONDARY),
                name="only_secondary_material_supplied_later",
                violation_error_message=_("只有次要材料可以容缺后补。"),
            )
        ]

    def __str__(self):
        return f"{self.item.name} · {self.name}"
