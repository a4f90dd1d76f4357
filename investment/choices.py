"""Choices of the investment app (精准招商), with badge colours."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from projects.choices import ColoredChoices


class LinkPosition(models.TextChoices):
    UPSTREAM = "upstream", _("上游")
    MIDSTREAM = "midstream", _("中游")
    DOWNSTREAM = "downstream", _("下游")


class LinkStatus(ColoredChoices):
    """What the industry map says of a link: where to recruit."""

    STRENGTH = "strength", _("本地优势")
    WEAK = "weak", _("短板")
    MISSING = "missing", _("缺失")


LinkStatus._colours = {"strength": "success", "weak": "warning", "missing": "danger"}


class Region(models.TextChoices):
    YANGTZE_DELTA = "yangtze_delta", _("长三角")
    PEARL_DELTA = "pearl_delta", _("珠三角")
    JING_JIN_JI = "jing_jin_ji", _("京津冀")
    CHENGYU = "chengyu", _("成渝")
    CENTRAL = "central", _("中部地区")
    HONG_KONG_MACAO_TAIWAN = "hmt", _("港澳台")
    OVERSEAS = "overseas", _("海外")
    OTHER = "other", _("其他")


class LeadMode(models.TextChoices):
    CHAIN = "chain", _("产业链招商")
    FUND = "fund", _("基金招商")
    BUSINESS = "business", _("以商招商")


class LeadStage(ColoredChoices):
    """线索 → 接洽 → 考察 → 谈判 → 签约 → 落地, or dropped (with its reason)."""

    LEAD = "lead", _("线索")
    CONTACT = "contact", _("接洽")
    VISIT = "visit", _("考察")
    NEGOTIATION = "negotiation", _("谈判")
    SIGNED = "signed", _("签约")
    LANDED = "landed", _("落地")
    DROPPED = "dropped", _("终止")


LeadStage._colours = {
    "lead": "secondary",
    "contact": "info",
    "visit": "info",
    "negotiation": "primary",
    "signed": "success",
    "landed": "success",
    "dropped": "dark",
}
#: the pipeline's order; dropped leaves it from any stage before signing
PIPELINE = [
    LeadStage.LEAD,
    LeadStage.CONTACT,
    LeadStage.VISIT,
    LeadStage.NEGOTIATION,
    LeadStage.SIGNED,
    LeadStage.LANDED,
]
OPEN_STAGES = (LeadStage.LEAD, LeadStage.CONTACT, LeadStage.VISIT, LeadStage.NEGOTIATION)


class JournalKind(models.TextChoices):
    CONTACT = "contact", _("联系记录")
    STAGE = "stage", _("推进阶段")
    DROPPED = "dropped", _("终止")
    SIGNED = "signed", _("签约转项目")
    NOTE = "note", _("备注")


class ContactWay(models.TextChoices):
    VISIT = "visit", _("上门拜访")
    INSPECTION = "inspection", _("来浏考察")
    MEETING = "meeting", _("会谈")
    PHONE = "phone", _("电话")
    EVENT = "event", _("推介会")
    OTHER = "other", _("其他")


class FundKind(models.TextChoices):
    MOTHER = "mother", _("母基金")
    SUB = "sub", _("子基金")


class InvestmentStatus(ColoredChoices):
    HOLDING = "holding", _("持有")
    LISTED = "listed", _("已上市")
    EXITED = "exited", _("已退出")


InvestmentStatus._colours = {"holding": "primary", "listed": "success", "exited": "secondary"}


class ListingBoard(models.TextChoices):
    STAR = "star", _("科创板")
    CHINEXT = "chinext", _("创业板")
    MAIN = "main", _("主板")
    BSE = "bse", _("北交所")
    HK = "hk", _("港交所")
    OTHER = "other", _("其他")


class ElementKind(models.TextChoices):
    LAND = "land", _("用地（标准地）")
    FINANCE = "finance", _("融资（政银企对接）")
    TALENT = "talent", _("人才（人才新政）")


class TalentBenefit(models.TextChoices):
    HOUSING = "housing", _("住房保障")
    SCHOOLING = "schooling", _("子女教育")
    MEDICAL = "medical", _("医疗保障")
    SUBSIDY = "subsidy", _("人才补贴")


class ElementStatus(ColoredChoices):
    SUBMITTED = "submitted", _("已提出")
    IN_PROGRESS = "in_progress", _("办理中")
    DONE = "done", _("已保障")
    DECLINED = "declined", _("不予保障")


ElementStatus._colours = {
    "submitted": "info",
    "in_progress": "primary",
    "done": "success",
    "declined": "secondary",
}
OPEN_ELEMENT_STATUSES = (ElementStatus.SUBMITTED, ElementStatus.IN_PROGRESS)
