"""The rows the detail pages show: picked once, after the smallest size is built, so that both
sizes show the same row (every row is among the first 100 projects', which the later growth
keeps). A key whose table the benchmark leaves empty is None: its detail pages are left out.
"""

from approvals.models import ApprovalCase, ApprovalTask
from assessment.models import FaultToleranceApplication, ProjectAssessment
from exports.models import ExportJob
from investment.models import ElementRequest, Fund, InvestmentLead
from issues.models import LedgerIssue, WeeklyDigest
from projects.models import DispatchMeeting, Milestone, ProgressReport, TaskForce
from reserve.models import AnnualPlan, EvaluationRound, ReserveEntry


def _first(queryset, field="pk"):
    return queryset.order_by("pk").values_list(field, flat=True).first()


def pick(project, period=None):
    """{key: pk (or year) or None} for the ``{key}``s of ``bench.measure.ENDPOINTS``."""
    case = _first(ApprovalCase.objects.filter(project=project, tasks__isnull=False)) or _first(
        ApprovalCase.objects.filter(tasks__isnull=False)
    )
    return {
        "report": _first(ProgressReport.objects.filter(project=project, status="accepted")),
        "task_force": _first(TaskForce.objects.filter(project=project)),
        "milestone": _first(Milestone.objects.filter(project=project)),
        "meeting": _first(DispatchMeeting.objects.all()),
        "entry": _first(ReserveEntry.objects.filter(project=project)),
        "round": _first(EvaluationRound.objects.all()),
        "year": _first(AnnualPlan.objects.all(), "year"),
        "case": case,
        "task": _first(ApprovalTask.objects.filter(case_id=case)),
        "issue": _first(LedgerIssue.objects.filter(project=project)),
        "digest": _first(WeeklyDigest.objects.all()),
        "result": _first(ProjectAssessment.objects.filter(period=period)) if period else None,
        "tolerance": _first(FaultToleranceApplication.objects.all()),
        "lead": _first(InvestmentLead.objects.all()),
        "fund": _first(Fund.objects.all()),
        "element": _first(ElementRequest.objects.all()),
        "job": _first(ExportJob.objects.all()),
    }
