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


class ReportFrequency(models.TextChoices):
    MONTHLY = "monthly", _("按月")
    WEEKLY = "weekly", _("按周")


class MilestonePhase(models.TextChoices):
    PRE_CONSTRUCTION = "pre", _("前期工作")
    CONSTRUCTION = "construction", _("建设节点")


class MilestoneStatus(ColoredChoices):
    """Derived from the dates, never stored."""

    NOT_STARTED = "not_started", _("未开始")
    IN_PROGRESS = "in_progress", _("进行中")
    DONE = "done", _("已完成")
    OVERDUE = "overdue", _("已逾期")


MilestoneStatus._colours = {
    "not_started": "secondary",
    "in_progress": "primary",
    "done": "success",
    "overdue": "danger",
}


class ReportStatus(ColoredChoices):
    DRAFT = "draft", _("草稿")
    SUBMITTED = "submitted", _("已提交")
    ACCEPTED = "accepted", _("已采纳")
    RETURNED = "returned", _("已退回")


ReportStatus._colours = {
    "draft": "secondary",
    "submitted": "primary",
    "accepted": "success",
    "returned": "warning",
}

#: reports whose figures count towards completed investment
COUNTED_REPORT_STATUSES = ("submitted", "accepted")


class Light(ColoredChoices):
    """Status light (红黄绿灯)."""

    GREEN = "green", _("绿灯")
    YELLOW = "yellow", _("黄灯")
    RED = "red", _("红灯")
    NONE = "none", _("不亮灯")


Light._colours = {"green": "success", "yellow": "warning", "red": "danger", "none": "secondary"}


class MeetingFrequency(models.TextChoices):
    WEEKLY = "weekly", _("每周")
    BIWEEKLY = "biweekly", _("每两周")
    MONTHLY = "monthly", _("每月")
