from django.db import models
from django.utils.translation import gettext_lazy as _


class Tier(models.TextChoices):
    """Reserve tiers (储备层级) by horizon."""

    NEAR = "near", _("近期（1年）")
    MID = "mid", _("中期（3年）")
    LONG = "long", _("远期（5年）")


TIER_COLOURS = {"near": "success", "mid": "info", "long": "secondary"}


class EntryStatus(models.TextChoices):
    IN_POOL = "in_pool", _("在库")
    PLANNED = "planned", _("已纳入年度计划")
    REMOVED = "removed", _("已出库")


ENTRY_STATUS_COLOURS = {"in_pool": "primary", "planned": "success", "removed": "dark"}


class MoveKind(models.TextChoices):
    """What happened to a reserve entry; every move carries a reason."""

    ENTER = "enter", _("入库")
    CHANGE_TIER = "change_tier", _("调整层级")
    TO_PLAN = "to_plan", _("纳入年度计划")
    REMOVE = "remove", _("调整出库")
    RESTORE = "restore", _("重新入库")
    KEEP = "keep", _("评估保留")


class RoundStatus(models.TextChoices):
    SCORING = "scoring", _("评分中")
    APPLIED = "applied", _("已生效")


class Decision(models.TextChoices):
    """What the office decides for a project after an evaluation round (优胜劣汰)."""

    TO_PLAN = "to_plan", _("纳入年度实施计划")
    KEEP = "keep", _("保留")
    CHANGE_TIER = "change_tier", _("调整层级")
    REMOVE = "remove", _("调整出库")


class PlanCategory(models.TextChoices):
    NEW_START = "new_start", _("新开工")
    CONTINUING = "continuing", _("续建")
    COMPLETION = "completion", _("竣工")


class PlanSource(models.TextChoices):
    EVALUATION = "evaluation", _("评估决策")
    DIRECT = "direct", _("市重点办直接纳入")
