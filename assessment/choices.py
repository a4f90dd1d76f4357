"""Choices of the assessment app (精准考核), with labels and badge colours."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from projects.choices import ColoredChoices


class RuleKind(models.TextChoices):
    """The scoring rules the engine knows (assessment.scoring)."""

    RATIO = "ratio", _("完成率（基准分 + 超额奖励 / 不足扣分，封顶）")
    BANDED = "banded", _("分档计分")
    DEDUCTION = "deduction", _("按次扣分")
    VETO = "veto", _("一票否决")


class FigureSource(models.TextChoices):
    COMPUTED = "computed", _("平台数据计算")
    ENTERED = "entered", _("填报（注明来源并附佐证）")


class Metric(models.TextChoices):
    """Figures the platform computes from its own data, for the period."""

    INVESTMENT_COMPLETION = "investment_completion", _("年度投资完成率（%）")
    MILESTONES_ON_TIME = "milestones_on_time", _("节点按期完成率（%）")
    ESCALATED_ISSUES = "escalated_issues", _("问题逾期升级次数")
    MAJOR_INCIDENTS = "major_incidents", _("重大安全质量事故次数")
    SITE_FAILURES = "site_failures", _("现场管理问题次数")


class PeriodKind(models.TextChoices):
    ANNUAL = "annual", _("年度")
    QUARTERLY = "quarterly", _("季度")


class PeriodStatus(ColoredChoices):
    """开启 (computing, figures being filled) → 已关闭 (inputs frozen) → 已公布 (outcomes published)."""

    OPEN = "open", _("进行中")
    CLOSED = "closed", _("已关闭")
    PUBLISHED = "published", _("已公布")


PeriodStatus._colours = {"open": "primary", "closed": "warning", "published": "success"}


class Grade(ColoredChoices):
    EXCELLENT = "excellent", _("优秀")
    GOOD = "good", _("良好")
    PASS = "pass", _("合格")
    FAIL = "fail", _("不合格")


Grade._colours = {"excellent": "success", "good": "primary", "pass": "info", "fail": "danger"}


class OutcomeKind(ColoredChoices):
    NONE = "none", _("无")
    COMMENDATION = "commendation", _("通报表扬")
    REWARD = "reward", _("通报表扬并物质奖励")
    INTERVIEW = "interview", _("约谈提醒")
    ACCOUNTABILITY = "accountability", _("问责")


OutcomeKind._colours = {
    "none": "secondary",
    "commendation": "success",
    "reward": "success",
    "interview": "warning",
    "accountability": "danger",
}


class IncidentSeverity(models.TextChoices):
    MAJOR = "major", _("重大安全质量事故")
    SITE = "site", _("现场管理问题")


class ToleranceStep(ColoredChoices):
    """容错纠错: 申请 → 受理 → 核实 → 认定 → 报备 (or not accepted)."""

    APPLIED = "applied", _("申请")
    ACCEPTED = "accepted", _("受理")
    VERIFIED = "verified", _("核实")
    DETERMINED = "determined", _("认定")
    FILED = "filed", _("报备")
    NOT_ACCEPTED = "not_accepted", _("不予受理")


ToleranceStep._colours = {
    "applied": "info",
    "accepted": "primary",
    "verified": "primary",
    "determined": "warning",
    "filed": "success",
    "not_accepted": "secondary",
}


class ToleranceDecision(ColoredChoices):
    EXEMPT = "exempt", _("免责")
    MITIGATE = "mitigate", _("从轻减轻")
    REFUSE = "refuse", _("不予容错")


ToleranceDecision._colours = {"exempt": "success", "mitigate": "warning", "refuse": "danger"}
