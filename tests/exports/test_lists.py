"""Every list page exports exactly what it lists: for the same query string (a filter, a sort),
the workbook's rows are the page's rows in the page's order, every page of them, with the
list's columns; a scoped user exports only their scope; a bad filter is a 400 and queues
nothing; every registered list has its button on its page."""

import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone

from accounts.roles import Role
from approvals.models import ApprovalTask
from assessment.choices import OutcomeKind
from assessment.models import ProjectAssessment
from exports import registry
from exports.choices import JobStatus
from exports.models import ExportJob
from issues.models import IssueCategory
from issues.services import ledger
from notifications.choices import NotificationKind, TaskRunStatus
from notifications.models import Notification, TaskRun
from projects.choices import ProjectStage, ProjectType
from reserve.choices import PlanCategory, PlanSource
from reserve.models import AnnualPlan, AnnualPlanItem
from tests.approvals.factories import Scene as ApprovalScene
from tests.assessment.test_pages import STATEMENTS
from tests.assessment.test_pages import Scene as AssessmentScene
from tests.factories import (
    DepartmentFactory,
    ProgressReportFactory,
    ProjectFactory,
    ReserveEntryFactory,
    TaskForceFactory,
    TaskForceMemberFactory,
    UserFactory,
    open_round_for,
)

pytestmark = pytest.mark.django_db

#: every list export and the page its button is on (see ``test_every_list_has_its_button``)
LIST_KEYS = {
    "projects",
    "my_projects",
    "project_reports",
    "reports_attention",
    "reserve_entries",
    "reserve_rounds",
    "reserve_plan",
    "approval_cases",
    "approval_inbox",
    "approval_catalogue",
    "issues",
    "assessment_ranking",
    "assessment_units",
    "tolerance",
    "notifications",
    "task_runs",
    "leads",
}


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def office():
    return UserFactory(roles=[Role.KEY_OFFICE])


def first_column(job):
    job.refresh_from_db()
    assert job.status == JobStatus.DONE, job.error
    with job.file.open("rb") as handle:
        sheet = openpyxl.load_workbook(io.BytesIO(handle.read())).active
    headers = [cell.value for cell in sheet[3]]
    return headers, [row[0] for row in sheet.iter_rows(min_row=4, values_only=True)]


def exported(client, key, query, callbacks, **fixed):
    """Start the export of ``key`` for ``query`` (plus the page's fixed parameters) and run it."""
    params = QueryDict(query, mutable=True)
    for name, value in fixed.items():
        params[name] = str(value)
    before = set(ExportJob.objects.values_list("pk", flat=True))
    with callbacks(execute=True):
        response = client.post(f"{reverse('exports:start', args=[key])}?{params.urlencode()}")
    assert response.status_code == 302, response.content.decode()[:500]
    job = ExportJob.objects.exclude(pk__in=before).get()
    return first_column(job)


def page(client, url, query):
    """The list page for ``query``, as big a page as it offers."""
    response = client.get(f"{url}?{query}&page_size=200" if query else f"{url}?page_size=200")
    assert response.status_code == 200
    return response


def check(client, key, url, query, shown, callbacks, **fixed):
    """The export's first column is the page's, row for row; the headers are the export's columns."""
    expected = shown(page(client, url, query).context)
    headers, first = exported(client, key, query, callbacks, **fixed)
    assert first == expected
    export = registry.get(key)
    assert headers == [str(column.header) for column in export.columns()]
    return expected


def refused(client, key, query, **fixed):
    """A bad filter: 400, and no job."""
    params = QueryDict(query, mutable=True)
    for name, value in fixed.items():
        params[name] = str(value)
    count = ExportJob.objects.count()
    response = client.post(f"{reverse('exports:start', args=[key])}?{params.urlencode()}")
    assert response.status_code == 400
    assert ExportJob.objects.count() == count


def codes(context):
    return [row.code for row in context["rows"]]


# -- projects --------------------------------------------------------------------------------


def test_my_projects_export_the_units_own_projects(client, eager_celery, django_capture_on_commit_callbacks):
    unit = DepartmentFactory()
    clerk = UserFactory(roles=[Role.DEPARTMENT_STAFF], unit=unit)
    ours = [ProjectFactory(responsible_unit=unit, stage=ProjectStage.CONSTRUCTION) for _ in range(3)]
    ProjectFactory(stage=ProjectStage.CONSTRUCTION)  # another unit's
    client.force_login(clerk)
    shown = check(
        client, "my_projects", reverse("projects:my_projects"), "", codes, django_capture_on_commit_callbacks
    )
    assert sorted(shown) == sorted(p.code for p in ours)
    refused(client, "my_projects", "bogus=1")
    assert client.get(reverse("projects:my_projects") + "?bogus=1").status_code == 400


def test_a_projects_reports_export(client, office, eager_celery, django_capture_on_commit_callbacks):
    project = ProjectFactory(stage=ProjectStage.CONSTRUCTION)
    first = timezone.localdate().replace(day=1)
    months = []
    for back in (1, 2, 3):
        day = first
        for _ in range(back):
            day = (day - datetime.timedelta(days=1)).replace(day=1)
        months.append(day)
        ProgressReportFactory(project=project, period_start=day)
    client.force_login(office)
    url = reverse("projects:report_list", args=[project.pk])
    shown = check(
        client,
        "project_reports",
        url,
        "",
        lambda context: [r.period_label for r in context["reports"]],
        django_capture_on_commit_callbacks,
        project=project.pk,
    )
    assert len(shown) == 3
    refused(client, "project_reports", "bogus=1", project=project.pk)
    refused(client, "project_reports", "")  # which project?


def test_the_attention_list_exports_with_its_filters(
    client, office, eager_celery, django_capture_on_commit_callbacks
):
    for _ in range(3):
        ProjectFactory(stage=ProjectStage.CONSTRUCTION)
    ProjectFactory(stage=ProjectStage.PREPARATION)
    client.force_login(office)
    query = "state=late&stage=construction&period=previous"
    shown = check(
        client,
        "reports_attention",
        reverse("projects:reports_attention"),
        query,
        codes,
        django_capture_on_commit_callbacks,
    )
    assert len(shown) == 3
    refused(client, "reports_attention", "state=never")


# -- reserve ---------------------------------------------------------------------------------


def test_the_pool_exports_with_its_filters_and_sort(
    client, office, eager_celery, django_capture_on_commit_callbacks
):
    for total, tier in (("500", "near"), ("900", "near"), ("700", "near"), ("800", "mid")):
        ReserveEntryFactory(tier=tier, project__total_investment=Decimal(total))
    client.force_login(office)
    shown = check(
        client,
        "reserve_entries",
        reverse("reserve:entry_list"),
        "tier=near&sort=-total_investment",
        lambda context: [e.project.code for e in context["rows"]],
        django_capture_on_commit_callbacks,
    )
    assert len(shown) == 3
    refused(client, "reserve_entries", "tier=never")


def test_the_rounds_export(client, office, eager_celery, django_capture_on_commit_callbacks):
    entries = [ReserveEntryFactory() for _ in range(2)]
    open_round_for(entries, [office], office, name="第一轮", plan_year=2026)
    open_round_for(entries[:1], [office], office, name="第二轮", plan_year=2027)
    client.force_login(office)
    shown = check(
        client,
        "reserve_rounds",
        reverse("reserve:round_list"),
        "plan_year=2027",
        lambda context: [r.name for r in context["rows"]],
        django_capture_on_commit_callbacks,
    )
    assert shown == ["第二轮"]
    refused(client, "reserve_rounds", "plan_year=abc")


def test_a_years_plan_exports_with_its_filters_and_sort(
    client, office, eager_celery, django_capture_on_commit_callbacks
):
    plan = AnnualPlan.objects.create(year=2026)
    for amount, category in (
        ("300", PlanCategory.NEW_START),
        ("900", PlanCategory.NEW_START),
        ("500", "continuing"),
    ):
        AnnualPlanItem.objects.create(
            plan=plan,
            project=ProjectFactory(),
            category=category,
            planned_investment=Decimal(amount),
            source=PlanSource.DIRECT,
            reason="市委决定",
            added_by=office,
        )
    client.force_login(office)
    shown = check(
        client,
        "reserve_plan",
        reverse("reserve:plan_detail", args=[2026]),
        "category=new_start&sort=-planned_investment",
        lambda context: [i.project.code for i in context["rows"]],
        django_capture_on_commit_callbacks,
        year=2026,
    )
    assert len(shown) == 2
    refused(client, "reserve_plan", "category=never", year=2026)
    refused(client, "reserve_plan", "", year=1999)


# -- approvals -------------------------------------------------------------------------------


@pytest.fixture
def approvals():
    scene = ApprovalScene()
    for day in (2, 3, 4):
        # one case per project: a project's item may have one case in progress
        scene.project = ProjectFactory(service_commissioner=scene.commissioner)
        scene.submit(when=datetime.date(2026, 3, day))
    return scene


def test_the_cases_export_with_filters_and_sort(
    client, approvals, eager_celery, django_capture_on_commit_callbacks
):
    client.force_login(approvals.office)
    shown = check(
        client,
        "approval_cases",
        reverse("approvals:case_list"),
        f"stage={approvals.stage.pk}&sort=submitted_at",
        codes,
        django_capture_on_commit_callbacks,
    )
    assert len(shown) == 3 and shown == sorted(shown)
    refused(client, "approval_cases", "status=never")


def test_a_department_exports_only_its_own_inbox(
    client, approvals, eager_celery, django_capture_on_commit_callbacks
):
    client.force_login(approvals.staff_a)
    shown = check(
        client,
        "approval_inbox",
        reverse("approvals:inbox"),
        "open=true&sort=-due_date",
        lambda context: [t.item.name for t in context["rows"]],
        django_capture_on_commit_callbacks,
    )
    assert shown == ["用地预审"] * 3  # department A's tasks, not B's
    assert ApprovalTask.objects.count() == 6
    refused(client, "approval_inbox", "status=never")
    client.force_login(approvals.office)
    check(
        client,
        "approval_inbox",
        reverse("approvals:inbox"),
        f"department={approvals.dept_b.pk}",
        lambda context: [t.item.name for t in context["rows"]],
        django_capture_on_commit_callbacks,
    )


def test_the_catalogue_exports_stage_by_stage(
    client, approvals, eager_celery, django_capture_on_commit_callbacks
):
    client.force_login(approvals.staff_a)
    shown = check(
        client,
        "approval_catalogue",
        reverse("approvals:catalogue"),
        f"department={approvals.dept_b.pk}",
        lambda context: [item.code for stage in context["stages"] for item in stage.catalogue_items],
        django_capture_on_commit_callbacks,
    )
    assert shown == [approvals.item_b.code]
    refused(client, "approval_catalogue", "department=999999")


# -- issues ----------------------------------------------------------------------------------


def test_task_force_staff_export_only_the_issues_they_may_read(
    client, eager_celery, django_capture_on_commit_callbacks
):
    unit = DepartmentFactory()
    mine, theirs = ProjectFactory(), ProjectFactory()
    staff = UserFactory(roles=[Role.TASK_FORCE_STAFF])
    TaskForceMemberFactory(task_force=TaskForceFactory(project=mine), user=staff)
    other_staff = UserFactory(roles=[Role.TASK_FORCE_STAFF])
    TaskForceMemberFactory(task_force=TaskForceFactory(project=theirs), user=other_staff)
    category = IssueCategory.objects.get(name="水电气等配套")
    today = timezone.localdate()
    for days, project, raiser in (
        (20, mine, staff),
        (5, mine, staff),
        (30, mine, staff),
        (10, theirs, other_staff),
    ):
        ledger.raise_issue(
            raiser,
            project=project,
            title=f"问题{days}",
            category=category,
            responsible_unit=unit,
            deadline=today + datetime.timedelta(days=days),
        )
    client.force_login(staff)
    shown = check(
        client,
        "issues",
        reverse("issues:issue_list"),
        "status=assigned&sort=deadline",
        lambda context: [i.title for i in context["rows"]],
        django_capture_on_commit_callbacks,
    )
    assert shown == ["问题5", "问题20", "问题30"]
    refused(client, "issues", "sort=nowhere")


# -- assessment ------------------------------------------------------------------------------


@pytest.fixture
def assessment():
    scene = AssessmentScene()
    ProjectFactory(
        project_type=ProjectType.INDUSTRIAL, stage=ProjectStage.CONSTRUCTION, responsible_unit=scene.unit
    )
    return scene


def test_the_ranking_exports_with_its_filters_as_the_office_and_a_unit(
    client, assessment, eager_celery, django_capture_on_commit_callbacks
):
    from assessment.services import periods

    periods.compute(assessment.office, assessment.period)
    period = assessment.period
    url = reverse("assessment:period_detail", args=[period.pk])
    client.force_login(assessment.office)
    shown = check(
        client,
        "assessment_ranking",
        url,
        "project_type=industrial",
        lambda context: [r.rank for r in context["rows"]],
        django_capture_on_commit_callbacks,
        period=period.pk,
    )
    assert len(shown) == ProjectAssessment.objects.filter(project__project_type="industrial").count()
    refused(client, "assessment_ranking", "grade=never", period=period.pk)
    # a unit sees (and exports) its own results once they are published
    assessment.publish()
    client.force_login(assessment.staff)
    shown = check(
        client,
        "assessment_ranking",
        url,
        "",
        lambda context: [r.rank for r in context["rows"]],
        django_capture_on_commit_callbacks,
        period=period.pk,
    )
    mine = ProjectAssessment.objects.filter(period=period, responsible_unit=assessment.unit)
    assert sorted(shown) == sorted(mine.values_list("rank", flat=True))
    assert len(shown) < ProjectAssessment.objects.filter(period=period).count()


def test_the_unit_results_export(client, assessment, eager_celery, django_capture_on_commit_callbacks):
    period = assessment.period
    client.force_login(assessment.office)
    shown = check(
        client,
        "assessment_units",
        reverse("assessment:units", args=[period.pk]),
        "",
        lambda context: [row["rank"] for row in context["rows"]],
        django_capture_on_commit_callbacks,
        period=period.pk,
    )
    assert shown == [1, 2]
    refused(client, "assessment_units", "bogus=1", period=period.pk)


def test_a_unit_exports_only_its_own_tolerance_applications(
    client, assessment, eager_celery, django_capture_on_commit_callbacks
):
    assessment.publish()
    ProjectAssessment.objects.filter(pk__in=[assessment.result.pk, assessment.other_result.pk]).update(
        outcome=OutcomeKind.ACCOUNTABILITY, proposed_outcome=OutcomeKind.ACCOUNTABILITY
    )
    for user, result in (
        (assessment.staff, assessment.result),
        (assessment.outsider, assessment.other_result),
    ):
        client.force_login(user)
        response = client.post(reverse("assessment:tolerance_add"), {"result": result.pk, **STATEMENTS})
        assert response.status_code == 302
    client.force_login(assessment.staff)
    shown = check(
        client,
        "tolerance",
        reverse("assessment:tolerance_list"),
        "",
        lambda context: [a.project.name for a in context["rows"]],
        django_capture_on_commit_callbacks,
    )
    assert shown == [assessment.mine.name]
    refused(client, "tolerance", "bogus=1")
    client.force_login(assessment.office)
    shown = check(
        client,
        "tolerance",
        reverse("assessment:tolerance_list"),
        "",
        lambda context: [a.project.name for a in context["rows"]],
        django_capture_on_commit_callbacks,
    )
    assert len(shown) == 2


# -- notifications ---------------------------------------------------------------------------


def test_a_user_exports_their_own_unread_messages(client, eager_celery, django_capture_on_commit_callbacks):
    user, other = UserFactory(), UserFactory()
    for n in range(3):
        Notification.objects.create(
            recipient=user, kind=NotificationKind.OVERDUE, key=f"k{n}", title=f"消息{n}"
        )
    Notification.objects.filter(title="消息1").update(read_at=timezone.now())
    Notification.objects.create(recipient=other, kind=NotificationKind.OVERDUE, key="k9", title="别人的")
    client.force_login(user)
    shown = check(
        client,
        "notifications",
        reverse("notifications:inbox"),
        "unread=1",
        lambda context: [n.title for n in context["rows"]],
        django_capture_on_commit_callbacks,
    )
    assert sorted(shown) == ["消息0", "消息2"]
    refused(client, "notifications", "bogus=1")


def test_the_task_run_log_exports_failures(client, office, eager_celery, django_capture_on_commit_callbacks):
    now = timezone.now()
    for n, status in enumerate((TaskRunStatus.FAILED, TaskRunStatus.SUCCEEDED, TaskRunStatus.FAILED)):
        TaskRun.objects.create(
            name=f"demo.task{n}", started_at=now - datetime.timedelta(minutes=n), status=status, error="x"
        )
    client.force_login(office)
    shown = check(
        client,
        "task_runs",
        reverse("notifications:task_runs"),
        "failed=1",
        lambda context: [r.name for r in context["rows"]],
        django_capture_on_commit_callbacks,
    )
    assert shown[:2] == ["demo.task0", "demo.task2"] and "demo.task1" not in shown
    refused(client, "task_runs", "bogus=1")
    client.force_login(UserFactory(roles=[Role.DEPARTMENT_STAFF], unit=DepartmentFactory()))
    assert client.post(reverse("exports:start", args=["task_runs"])).status_code == 403


# -- every list has its button ---------------------------------------------------------------


def test_every_registered_list_export_is_tested_here():
    lists = {key for key, export in registry.REGISTRY.items() if isinstance(export, registry.ListExport)}
    assert lists == LIST_KEYS


def list_page_url(key, office):
    """The page a list export's button is on, and the fixed parameters it sends."""
    if key == "project_reports":
        project = ProjectFactory()
        return reverse("projects:report_list", args=[project.pk]), {"project": project.pk}
    if key == "reserve_plan":
        AnnualPlan.objects.create(year=2031)
        return reverse("reserve:plan_detail", args=[2031]), {"year": 2031}
    if key in ("assessment_ranking", "assessment_units"):
        from assessment.services import periods

        period = periods.open_period(office, year=2031)
        name = "period_detail" if key == "assessment_ranking" else "units"
        return reverse(f"assessment:{name}", args=[period.pk]), {"period": period.pk}
    names = {
        "projects": "projects:project_list",
        "my_projects": "projects:my_projects",
        "reports_attention": "projects:reports_attention",
        "reserve_entries": "reserve:entry_list",
        "reserve_rounds": "reserve:round_list",
        "approval_cases": "approvals:case_list",
        "approval_inbox": "approvals:inbox",
        "approval_catalogue": "approvals:catalogue",
        "issues": "issues:issue_list",
        "tolerance": "assessment:tolerance_list",
        "notifications": "notifications:inbox",
        "task_runs": "notifications:task_runs",
        "leads": "investment:lead_list",
    }
    return reverse(names[key]), {}


@pytest.mark.parametrize("key", sorted(LIST_KEYS))
def test_every_list_has_its_button(client, office, key):
    url, fixed = list_page_url(key, office)
    client.force_login(office)
    response = client.get(url)
    assert response.status_code == 200
    start = reverse("exports:start", args=[key])
    if fixed:
        params = QueryDict(mutable=True)
        params.update({name: str(value) for name, value in fixed.items()})
        start += f"?{params.urlencode()}"
    assert f'action="{start}"' in response.content.decode().replace("&amp;", "&")


# -- investment leads ------------------------------------------------------------------------


def test_a_team_member_exports_only_their_teams_leads(
    client, eager_celery, django_capture_on_commit_callbacks
):
    from investment.choices import LeadStage
    from tests.investment.factories import InvestmentLeadFactory, InvestmentTeamFactory

    member = UserFactory(roles=[Role.INVESTMENT_TEAM])
    team = InvestmentTeamFactory(members=[member])
    for amount, stage in (
        ("30000", LeadStage.CONTACT),
        ("90000", LeadStage.CONTACT),
        ("60000", LeadStage.VISIT),
    ):
        InvestmentLeadFactory(team=team, stage=stage, intended_investment=Decimal(amount))
    InvestmentLeadFactory(stage=LeadStage.CONTACT)  # another team's
    client.force_login(member)
    shown = check(
        client,
        "leads",
        reverse("investment:lead_list"),
        "stage=contact&sort=-intended_investment",
        lambda context: [lead.company for lead in context["rows"]],
        django_capture_on_commit_callbacks,
    )
    assert len(shown) == 2
    refused(client, "leads", "stage=nowhere")
