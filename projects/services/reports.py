"""Progress reports (进度填报): filing, submitting, the office's review, derived figures."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import DecimalField, OuterRef, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from liuyang.exceptions import ConflictError
from liuyang.policies import policy_for

from ..choices import COUNTED_REPORT_STATUSES, ReportStatus
from ..models import ProgressReport
from .common import require
from .periods import check_period_start, period_for

MONEY_FIELDS = ("construction", "installation", "equipment", "other")
REPORT_FIELDS = (*MONEY_FIELDS, "physical_progress", "percent_complete", "problems")
#: statuses in which staff may still change a report
EDITABLE = (ReportStatus.DRAFT, ReportStatus.RETURNED, ReportStatus.SUBMITTED)
ZERO = Value(Decimal("0"), output_field=DecimalField(max_digits=15, decimal_places=2))


def can_edit(user, report):
    return report.status in EDITABLE and policy_for(ProgressReport).can_change(user, report)


@transaction.atomic
def save_report(
    *, project, actor, period_start=None, report=None, submit=False, expected_version=None, **fields
):
    """Create or change a project's report for one period; ``submit`` hands it to the office.

    Refused (ConflictError) when ``expected_version`` is stale: a second editor
    who loaded the report before the first one saved must reload, and loses nothing
    (the form keeps their input).
    """
    unknown = set(fields) - set(REPORT_FIELDS)
    if unknown:
        raise TypeError(f"not a report field: {', '.join(sorted(unknown))}")
    policy = policy_for(ProgressReport)
    if report is None:
        frequency = project.report_frequency
        check_period_start(frequency, period_start)
        if period_start > timezone.localdate():
            raise ValidationError({"period_start": _("不能填报尚未开始的期间。")})
        require(policy.can_add(actor) and policy_for(project).can_change(actor, project))
        report = ProgressReport.objects.filter(
            project=project, frequency=frequency, period_start=period_start
        ).first()
        if report is not None:
            raise ValidationError({"period_start": _("该期间的进度已填报，请在原报表上修改。")})
        report = ProgressReport(
            project=project,
            frequency=frequency,
            period_start=period_start,
            period_end=period_for(frequency, period_start)[1],
            created_by=actor,
        )
    else:
        require(policy.can_change(actor, report))
        locked = ProgressReport.objects.select_for_update().get(pk=report.pk)
        if expected_version is not None and int(expected_version) != locked.version:
            raise ConflictError(
                _("该报表已被他人修改（在您打开之后）。您的输入仍保留在下方，请核对最新内容后再保存。")
            )
        if locked.status not in EDITABLE:
            raise ValidationError(_("报表已被采纳，不能再修改。"))
        report = locked
    for name, value in fields.items():
        setattr(report, name, value)
    if submit:
        report.status = ReportStatus.SUBMITTED
        report.submitted_at = timezone.now()
        report.submitted_by = actor
    report.full_clean()
    report._change_reason = _("提交进度") if submit else _("保存进度")
    try:
        # A savepoint: two people creating the same period at once — the second is told, not a 500.
        with transaction.atomic():
            report.save()
    except IntegrityError as exc:
        raise ValidationError({"period_start": _("该期间的进度已填报，请在原报表上修改。")}) from exc
    report.refresh_from_db(fields=["period_total"])
    return report


@transaction.atomic
def accept(report, *, actor, comment=""):
    """The office accepts a submitted report (采纳)."""
    require(policy_for(ProgressReport).writes_all(actor), _("只有市重点办可以审核进度填报。"))
    report = ProgressReport.objects.select_for_update().get(pk=report.pk)
    if report.status != ReportStatus.SUBMITTED:
        raise ValidationError(
            _("只能采纳已提交的报表（当前：%(status)s）。") % {"status": report.get_status_display()}
        )
    report.status = ReportStatus.ACCEPTED
    report.reviewed_at, report.reviewed_by, report.review_comment = timezone.now(), actor, comment.strip()
    report._change_reason = _("采纳")
    report.save()
    return report


@transaction.atomic
def return_report(report, *, actor, comment):
    """The office returns a report with a comment (退回); staff fix it and submit again."""
    require(policy_for(ProgressReport).writes_all(actor), _("只有市重点办可以审核进度填报。"))
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError({"comment": _("退回时请填写意见，说明需要修改的内容。")})
    report = ProgressReport.objects.select_for_update().get(pk=report.pk)
    if report.status not in (ReportStatus.SUBMITTED, ReportStatus.ACCEPTED):
        raise ValidationError(
            _("只能退回已提交或已采纳的报表（当前：%(status)s）。") % {"status": report.get_status_display()}
        )
    report.status = ReportStatus.RETURNED
    report.reviewed_at, report.reviewed_by, report.review_comment = timezone.now(), actor, comment
    report._change_reason = _("退回：%(comment)s") % {"comment": comment}
    report.save()
    return report


# -- derived figures ---------------------------------------------------------------------


def _sum_of_counted(**filters):
    rows = (
        ProgressReport.objects.filter(status__in=COUNTED_REPORT_STATUSES, **filters)
        .order_by()
        .values("project")
        .annotate(total=Sum("period_total"))
        .values("total")
    )
    return Coalesce(Subquery(rows), ZERO)


def with_cumulative(reports):
    """Annotate each report with ``cumulative_total`` (since start) and ``cumulative_ytd`` (since
    1 January of its year): the counted reports (submitted or accepted) up to and including it."""
    return reports.annotate(
        cumulative_total=_sum_of_counted(
            project=OuterRef("project"), period_start__lte=OuterRef("period_start")
        ),
        cumulative_ytd=_sum_of_counted(
            project=OuterRef("project"),
            period_start__lte=OuterRef("period_start"),
            period_start__year=OuterRef("period_start__year"),
        ),
    )


def with_completed(projects, year=None):
    """Annotate projects with ``completed_total`` and ``completed_ytd`` (万元, counted reports)."""
    year = year or timezone.localdate().year
    return projects.annotate(
        completed_total=_sum_of_counted(project=OuterRef("pk")),
        completed_ytd=_sum_of_counted(project=OuterRef("pk"), period_start__year=year),
    )
