"""Assessment periods: open, compute, correct entered figures, close (inputs frozen), decide, publish.

Computing is set-based: the number of queries does not depend on the number of
projects. On an open period, platform figures are computed afresh and entered
figures kept; on a closed period every figure is the stored one, so computing
again gives the same numbers even after the underlying data changed.
"""

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from approvals.services.files import check_file
from liuyang.policies import policy_for

from .. import scoring
from ..choices import FigureSource, Grade, OutcomeKind, PeriodKind, PeriodStatus
from ..models import AssessmentPeriod, IndicatorResult, IndicatorScheme, ProjectAssessment
from .figures import computed_figures, in_scope


def _require_office(user):
    if not policy_for(AssessmentPeriod).writes_all(user):
        raise PermissionDenied(_("只有市重点办可以管理考核。"))


def period_dates(kind, year, quarter=None):
    if kind == PeriodKind.QUARTERLY:
        if quarter not in (1, 2, 3, 4):
            raise ValidationError({"quarter": _("季度考核须选择第 1–4 季度。")})
        start = datetime.date(year, 3 * quarter - 2, 1)
        end = (datetime.date(year + (quarter == 4), (3 * quarter) % 12 + 1, 1)) - datetime.timedelta(days=1)
        return start, end
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)


@transaction.atomic
def open_period(user, *, year, kind=PeriodKind.ANNUAL, quarter=None, name=""):
    _require_office(user)
    quarter = quarter if kind == PeriodKind.QUARTERLY else None
    starts_on, ends_on = period_dates(kind, year, quarter)
    if AssessmentPeriod.objects.filter(kind=kind, year=year, quarter=quarter).exists():
        raise ValidationError({"year": _("该考核周期已存在。")})
    label = f"{year}年度" if kind == PeriodKind.ANNUAL else f"{year}年第{quarter}季度"
    period = AssessmentPeriod(
        name=name or f"{label}重点项目考核",
        kind=kind,
        year=year,
        quarter=quarter,
        starts_on=starts_on,
        ends_on=ends_on,
        opened_by=user,
    )
    period._change_reason = "开启考核"
    period.save()
    return period


def _proposed(row, rank):
    if row.vetoed:
        return OutcomeKind.ACCOUNTABILITY
    if not row.complete:
        return OutcomeKind.NONE  # no outcome on missing figures: fill them in first
    if row.score < settings.ASSESSMENT_ACCOUNTABILITY_BELOW:
        return OutcomeKind.ACCOUNTABILITY
    if row.grade == Grade.FAIL:
        return OutcomeKind.INTERVIEW
    if row.grade == Grade.EXCELLENT and rank <= settings.ASSESSMENT_REWARD_TOP:
        return OutcomeKind.REWARD
    if row.grade == Grade.EXCELLENT and rank <= settings.ASSESSMENT_COMMEND_TOP:
        return OutcomeKind.COMMENDATION
    return OutcomeKind.NONE


def overridden(indicator, kept):
    """Whether the stored figure stands instead of the live one: entered figures always, and a
    platform figure once the office has corrected it (until the correction is withdrawn)."""
    return indicator.source == FigureSource.ENTERED or (kept is not None and kept.entered_by_id is not None)


@transaction.atomic
def compute(user, period, *, at=None):
    """Score every project in scope; returns the number of results. Fixed number of queries."""
    _require_office(user)
    period = AssessmentPeriod.objects.select_for_update().get(pk=period.pk)
    if period.status == PeriodStatus.PUBLISHED:
        raise ValidationError({"status": _("考核结果已公布，不能重新计算。")})
    frozen = period.status == PeriodStatus.CLOSED
    schemes = {
        scheme.project_type: (scheme, list(scheme.indicators.all()))
        for scheme in IndicatorScheme.objects.prefetch_related("indicators")
    }
    existing = {row.project_id: row for row in ProjectAssessment.objects.filter(period=period)}
    stored = {
        (row.assessment.project_id, row.indicator_id): row
        for row in IndicatorResult.objects.filter(assessment__period=period).select_related("assessment")
    }
    if frozen:
        projects = list(existing.values())
        live = {}
        keys = [(row.project_id, row.responsible_unit_id, row.scheme.project_type) for row in projects]
    else:
        queryset = in_scope(settings.ASSESSMENT_STAGES).filter(project_type__in=schemes)
        live = computed_figures(queryset, period)
        keys = list(queryset.values_list("pk", "responsible_unit_id", "project_type"))
    # the platform figures' source note, worked out once per indicator rather than per project
    notes = {
        indicator.pk: str(indicator.get_metric_display())
        for _scheme, indicators in schemes.values()
        for indicator in indicators
    }
    results, lines = [], []
    for project_id, unit_id, project_type in keys:
        scheme, indicators = schemes[project_type]
        scored, figures = [], []
        for indicator in indicators:
            kept = stored.get((project_id, indicator.pk))
            if frozen or overridden(indicator, kept):
                figure = kept.figure if kept else None
                note = kept.source_note if kept else ""
            else:
                figure = live.get(project_id, {}).get(indicator.metric)
                note = notes[indicator.pk]
            outcome = scoring.score(indicator.rule, figure, indicator.weight, indicator.params)
            scored.append(outcome)
            figures.append((indicator, figure, note, outcome, kept))
        total, vetoed = scoring.total(scored, scheme.veto_score)
        complete = all(figure is not None for _indicator, figure, *_rest in figures)
        # Fresh instances (no pk), so one upsert writes them all; the office's decision is kept.
        before = existing.get(project_id)
        row = ProjectAssessment(period=period, project_id=project_id)
        if before is not None:
            row.outcome, row.outcome_reason = before.outcome, before.outcome_reason
        row.responsible_unit_id, row.scheme, row.score, row.vetoed = unit_id, scheme, total, vetoed
        row.complete = complete
        row.grade = Grade.FAIL if vetoed else scoring.grade(total, settings.ASSESSMENT_GRADE_BANDS)
        results.append(row)
        lines.append(figures)
    order = sorted(range(len(results)), key=lambda i: (-results[i].score, results[i].project_id))
    for rank, index in enumerate(order, start=1):
        row = results[index]
        row.rank = rank
        row.proposed_outcome = _proposed(row, rank)
        if not row.outcome_reason:  # not decided otherwise by the office
            row.outcome = row.proposed_outcome
    fields = [
        "responsible_unit",
        "scheme",
        "score",
        "vetoed",
        "complete",
        "grade",
        "rank",
        "proposed_outcome",
        "outcome",
    ]
    ProjectAssessment.objects.bulk_create(
        results, update_conflicts=True, unique_fields=["period", "project"], update_fields=fields
    )
    ids = dict(ProjectAssessment.objects.filter(period=period).values_list("project_id", "pk"))
    for row in results:
        row.pk = ids[row.project_id]
    # one history record per result and computation: the outcome as proposed stays on record
    ProjectAssessment.history.bulk_history_create(results, update=True, default_change_reason="计算得分")
    figure_rows = []
    for row, figures in zip(results, lines, strict=True):
        for indicator, figure, note, outcome, kept in figures:
            figure_rows.append(
                IndicatorResult(
                    assessment_id=ids[row.project_id],
                    indicator=indicator,
                    figure=figure,
                    source_note=note[:200],
                    points=outcome.points,
                    why=outcome.why[:300],
                    entered_by_id=kept.entered_by_id if kept else None,
                )
            )
    IndicatorResult.objects.bulk_create(
        figure_rows,
        update_conflicts=True,
        unique_fields=["assessment", "indicator"],
        update_fields=["figure", "source_note", "points", "why"],
    )
    period.computed_at = at or timezone.now()
    period._change_reason = "计算得分"
    period.save()
    return len(results)


@transaction.atomic
def enter_figure(user, result, *, figure, source_note, reason, evidence=None):
    """The office fills or corrects a figure, with its source and a reason (kept in history).

    An entered figure (survey, tax, output …) needs its evidence: a PDF or image uploaded
    now or before. A platform figure may be corrected, saying why; the correction then
    stands on every computation, until it is withdrawn by clearing the figure (with a
    reason), which hands the indicator back to the platform's data.
    """
    _require_office(user)
    if evidence is not None:
        check_file(evidence, "evidence", _("佐证材料"))
    result = (
        IndicatorResult.objects.select_for_update()
        .select_related("assessment__period", "indicator")
        .get(pk=result.pk)
    )
    if result.assessment.period.status != PeriodStatus.OPEN:
        raise ValidationError({"figure": _("考核周期已关闭，不能再修改数据。")})
    reason = (reason or "").strip()
    source_note = (source_note or "").strip()
    computed = result.indicator.source == FigureSource.COMPUTED
    errors = {}
    if computed and not reason:
        errors["reason"] = _("更正平台计算的数据须说明理由。")
    elif result.figure is not None and not reason:
        errors["reason"] = _("更正已有数据须说明理由。")
    withdraw = computed and figure is None
    if not withdraw and not source_note:
        errors["source_note"] = _("请注明数据来源。")
    if not computed and figure is not None and evidence is None and not result.evidence:
        errors["evidence"] = _("填报的数据须附佐证材料（统计报表、调查报告、批复文件等，PDF 或图片）。")
    if errors:
        raise ValidationError(errors)
    if withdraw:
        # back to the platform's figure at the next computation
        result.entered_by = None
        result.source_note = ""
    else:
        result.figure = Decimal(str(figure)) if figure is not None else None
        result.source_note = source_note
        result.entered_by = user
    if evidence is not None:
        result.evidence.save(evidence.name, evidence, save=False)
    result._change_reason = reason or "填报数据"
    result.save()
    return result


@transaction.atomic
def close_period(user, period, *, at=None):
    """Freeze the inputs: from now on computing uses the stored figures only."""
    _require_office(user)
    period = AssessmentPeriod.objects.select_for_update().get(pk=period.pk)
    if period.status != PeriodStatus.OPEN:
        raise ValidationError({"status": _("只有进行中的考核周期可以关闭。")})
    if not period.computed_at:
        raise ValidationError({"status": _("请先计算得分再关闭。")})
    period.status = PeriodStatus.CLOSED
    period.closed_at = at or timezone.now()
    period._change_reason = "关闭考核（冻结数据）"
    period.save()
    return period


@transaction.atomic
def decide_outcome(user, result, *, outcome, reason=""):
    """The office confirms the proposed outcome or changes it, with a reason."""
    _require_office(user)
    result = ProjectAssessment.objects.select_for_update().select_related("period").get(pk=result.pk)
    if result.period.status == PeriodStatus.PUBLISHED:
        raise ValidationError({"outcome": _("结果已公布。")})
    reason = (reason or "").strip()
    if outcome != result.proposed_outcome and not reason:
        raise ValidationError({"reason": _("调整拟定的结果运用须说明理由。")})
    result.outcome = outcome
    result.outcome_reason = reason
    result._change_reason = reason or "确认结果运用"
    result.save()
    return result


@transaction.atomic
def publish(user, period, *, at=None):
    _require_office(user)
    period = AssessmentPeriod.objects.select_for_update().get(pk=period.pk)
    if period.status != PeriodStatus.CLOSED:
        raise ValidationError({"status": _("请先关闭考核周期再公布结果。")})
    period.status = PeriodStatus.PUBLISHED
    period.published_at = at or timezone.now()
    period._change_reason = "公布考核结果"
    period.save()
    return period
