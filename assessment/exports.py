"""The assessment lists as workbooks: a period's ranking (考核排名), its unit results and the
fault-tolerance register, exactly as the pages list them for the same filters and scope.

The ranking replaces the page's synchronous .xlsx button (``PeriodXlsxView`` stays for links
already sent). The unit results page is an aggregate (one row per unit of the results the user
may see); its export is that same table, computed by the same function.
"""

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from exports.registry import ListExport, pop_object, register
from exports.xlsx import DATE, INTEGER, SCORE, Column, badge

from .choices import Grade, OutcomeKind, ToleranceDecision, ToleranceStep


class PeriodListExport(ListExport):
    """A list under one period's URL: ``period`` names it."""

    def period_and_params(self, user, params):
        from .views import get_period

        period, params = pop_object(params, "period", _periods())
        return get_period(user, period.pk), params

    def title(self, user, params):
        period, _rest = pop_object(params, "period", _periods())
        return f"{period.name} · {self.label}"


def _periods():
    from .models import AssessmentPeriod

    return AssessmentPeriod.objects.all()


@register
class RankingExport(PeriodListExport):
    key = "assessment_ranking"
    label = gettext_lazy("考核排名")

    def queryset(self, user, params):
        from .views import ranking_queryset

        period, params = self.period_and_params(user, params)
        return ranking_queryset(user, period, params)

    def columns(self):
        return [
            Column(_("排名"), 6, lambda r: r.rank, INTEGER),
            Column(_("项目编号"), 14, lambda r: r.project.code),
            Column(_("项目名称"), 30, lambda r: r.project.name),
            Column(_("责任单位"), 20, lambda r: r.responsible_unit.name),
            Column(_("项目类型"), 10, lambda r: r.project.get_project_type_display()),
            Column(_("得分"), 8, lambda r: r.score, SCORE),
            Column(
                _("等次"),
                8,
                lambda r: r.get_grade_display() if r.grade else "",
                fill=lambda r: badge(Grade.colour(r.grade)) if r.grade else None,
            ),
            Column(
                _("一票否决"),
                8,
                lambda r: _("否决") if r.vetoed else "",
                fill=lambda r: "red" if r.vetoed else None,
            ),
            Column(
                _("拟定结果运用"),
                14,
                lambda r: r.get_proposed_outcome_display(),
                fill=lambda r: badge(OutcomeKind.colour(r.proposed_outcome)),
            ),
            Column(
                _("结果运用"),
                14,
                lambda r: r.get_outcome_display(),
                fill=lambda r: badge(OutcomeKind.colour(r.outcome)),
            ),
            Column(_("调整理由"), 30, lambda r: r.outcome_reason),
        ]


@register
class UnitResultsExport(PeriodListExport):
    key = "assessment_units"
    label = gettext_lazy("责任单位考核结果")

    def queryset(self, user, params):
        from .views import unit_rows

        period, params = self.period_and_params(user, params)
        return unit_rows(user, period, params)

    def columns(self):
        return [
            Column(_("排名"), 6, lambda r: r["rank"], INTEGER),
            Column(_("责任单位"), 24, lambda r: r["unit"]),
            Column(_("项目数"), 8, lambda r: r["projects"], INTEGER),
            Column(_("平均得分"), 10, lambda r: r["average"], SCORE),
            Column(_("优秀"), 8, lambda r: r["excellent"], INTEGER),
            Column(_("不合格"), 8, lambda r: r["failed"], INTEGER),
            Column(_("表扬"), 8, lambda r: r["commended"], INTEGER),
            Column(_("约谈"), 8, lambda r: r["interviewed"], INTEGER),
            Column(_("问责"), 8, lambda r: r["accountable"], INTEGER),
        ]


def tolerance_kind(application):
    kind = (
        _("事前报备")
        if application.before_acting
        else (application.result.period.name if application.result_id else "")
    )
    return f"{kind}（{_('先行先试')}）" if application.first_trial else kind


@register
class ToleranceExport(ListExport):
    key = "tolerance"
    label = gettext_lazy("容错纠错登记")

    def queryset(self, user, params):
        from .views import tolerance_queryset

        return tolerance_queryset(user, params)

    def columns(self):
        return [
            Column(_("项目"), 30, lambda a: a.project.name),
            Column(_("项目编号"), 14, lambda a: a.project.code),
            Column(_("申请单位"), 22, lambda a: a.unit.name),
            Column(_("类别"), 20, tolerance_kind),
            Column(
                _("办理环节"),
                10,
                lambda a: a.get_step_display(),
                fill=lambda a: badge(ToleranceStep.colour(a.step)),
            ),
            Column(
                _("认定结果"),
                10,
                lambda a: a.get_decision_display() if a.decision else "",
                fill=lambda a: badge(ToleranceDecision.colour(a.decision)) if a.decision else None,
            ),
            Column(
                _("申请时间"),
                12,
                lambda a: timezone.localtime(a.applied_at).date() if a.applied_at else None,
                DATE,
            ),
        ]
