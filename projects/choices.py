from django.db import models
from django.utils.translation import gettext_lazy as _


class ColoredChoices(models.TextChoices):
    """TextChoices whose members also carry a Bootstrap colour for badges."""

    @classmethod
    def colour(cls, value):
        return cls._colours.get(value, "secondary")


class ProjectType(ColoredChoices):
    INDUSTRIAL = "industrial", _("产业项目")
    INFRASTRUCTURE = "infrastructure", _("基础设施")
    LIVELIHOOD = "livelihood", _("民生项目")


ProjectType._colours = {"industrial": "primary", "infrastructure": "info", "livelihood": "success"}


class ProjectStage(ColoredChoices):
    """The life of a key project: 谋划 → 储备 → 前期 → 在建 → 竣工 → 投产, or 出库."""

    PLANNING = "planning", _("谋划")
    RESERVE = "reserve", _("储备")
    PREPARATION = "preparation", _("前期")
    CONSTRUCTION = "construction", _("在建")
    COMPLETED = "completed", _("竣工")
    OPERATING = "operating", _("投产")
    REMOVED = "removed", _("出库")


ProjectStage._colours = {
    "planning": "secondary",
    "reserve": "info",
    "preparation": "warning",
    "construction": "primary",
    "completed": "success",
    "operating": "success",
    "removed": "dark",
}


class PolicyTag(models.TextChoices):
    """Policy alignment tags (政策契合)."""

    NATIONAL_14TH_FYP = "national_14th_fyp", _('国家"十四五"规划')
    HUNAN_SANGAO_SIXIN = "hunan_sangao_sixin", _('湖南"三高四新"')
    NATIONAL_PILOT = "national_pilot", _("国家级试点")
    PROVINCIAL_PILOT = "provincial_pilot", _("省级试点")
    PROVINCIAL_KEY = "provincial_key", _("省重点项目")
    CHANGSHA_KEY = "changsha_key", _("长沙市重点项目")
