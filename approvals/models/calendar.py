"""The working-day calendar's office-edited overrides, and the dishonesty list (失信名单)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class WorkdayOverride(models.Model):
    """One day whose working status the office sets by hand.

    The statutory calendar (holidays and 调休 make-up working days) comes from
    the chinese-calendar package for the years it knows; for a year it does not
    know yet, the office enters the State Council's notice here. An override
    also wins over the package, for a local change.
    """

    date = models.DateField(_("日期"), unique=True)
    is_working_day = models.BooleanField(_("是否工作日"))
    name = models.CharField(_("名称"), max_length=50, help_text=_("如“春节”“国庆节调休上班”"))
    note = models.CharField(_("依据"), max_length=200, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("工作日调整")
        verbose_name_plural = _("工作日调整")
        ordering = ["date"]

    def __str__(self):
        kind = _("上班") if self.is_working_day else _("休息")
        return f"{self.date:%Y-%m-%d} {self.name}（{kind}）"


class DishonestApplicant(models.Model):
    """An applicant on the dishonesty list (失信名单): may not use acceptance with deficiencies."""

    name = models.CharField(_("申请人名称"), max_length=200)
    credit_code = models.CharField(_("统一社会信用代码"), max_length=18, blank=True)
    reason = models.CharField(_("失信情形"), max_length=200)
    listed_on = models.DateField(_("列入日期"))
    lifted_on = models.DateField(_("移出日期"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("失信申请人")
        verbose_name_plural = _("失信申请人")
        ordering = ["-listed_on", "name"]
        indexes = [models.Index(fields=["name"]), models.Index(fields=["credit_code"])]

    def __str__(self):
        return self.name
