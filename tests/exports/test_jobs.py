"""Export jobs: queued → running → done with the workbook, or failed saying why; what a list shows,
with its filters and scope; only the requester sees and downloads a job; bad filters are a 400
and queue nothing; texts that look like formulas are neutralised."""

import io
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse

from accounts.roles import Role
from exports import services
from exports.choices import JobStatus
from exports.models import ExportJob
from projects.choices import ProjectStage
from tests.factories import DepartmentFactory, ProjectFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def office():
    return UserFactory(roles=[Role.KEY_OFFICE])


def workbook(job):
    job.refresh_from_db()
    assert job.status == JobStatus.DONE, job.error
    with job.file.open("rb") as handle:
        return openpyxl.load_workbook(io.BytesIO(handle.read()))


def data_rows(sheet):
    return list(sheet.iter_rows(min_row=4, values_only=True))


def start(client, key, query="", *, callbacks):
    with callbacks(execute=True):
        return client.post(reverse("exports:start", args=[key]) + (f"?{query}" if query else ""))


def test_the_project_list_exports_exactly_what_it_shows_with_its_filters(
    client, office, eager_celery, django_capture_on_commit_callbacks
):
    building = [
        ProjectFactory(stage=ProjectStage.CONSTRUCTION, total_investment=Decimal(total))
        for total in ("50000", "120000", "80000")
    ]
    ProjectFactory(stage=ProjectStage.PREPARATION)
    client.force_login(office)
    response = start(
        client,
        "projects",
        "stage=construction&sort=-total_investment&page=2",
        callbacks=django_capture_on_commit_callbacks,
    )
    job = ExportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "exports:job_detail", args=[job.pk]
    )
    assert job.params == {"stage": ["construction"], "sort": ["-total_investment"]}  # every page, not page 2
    book = workbook(job)
    sheet = book.active
    assert "stage=construction" in sheet["A1"].value and "万元" in sheet["A2"].value
    headers = [cell.value for cell in sheet[3]]
    assert headers[:3] == ["项目编号", "项目名称", "亮灯"] and "总投资（万元）" in headers
    rows = data_rows(sheet)
    expected = sorted(building, key=lambda p: -p.total_investment)
    assert [row[0] for row in rows] == [p.code for p in expected]
    money = headers.index("总投资（万元）")
    assert [row[money] for row in rows] == [120000, 80000, 50000]
    assert sheet.cell(4, money + 1).number_format == "#,##0.00"
    assert sheet.freeze_panes == "A4"
    assert sheet.page_setup.orientation == "landscape" and sheet.sheet_properties.pageSetUpPr.fitToPage
    job.refresh_from_db()
    assert (job.rows_total, job.rows_done, job.filename.endswith(".xlsx")) == (3, 3, True)

    # the page shows the progress and the download link; the file downloads
    page = client.get(reverse("exports:job_detail", args=[job.pk])).content.decode()
    assert reverse("exports:job_download", args=[job.pk]) in page and "100%" in page
    download = client.get(reverse("exports:job_download", args=[job.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content)[:2] == b"PK"


def test_a_unit_exports_only_the_projects_it_may_see(
    client, eager_celery, django_capture_on_commit_callbacks
):
    unit = DepartmentFactory()
    clerk = UserFactory(roles=[Role.DEPARTMENT_STAFF], unit=unit)
    mine = ProjectFactory(responsible_unit=unit)
    ProjectFactory()
    client.force_login(clerk)
    list_page = client.get(reverse("projects:project_list"))
    start(client, "projects", callbacks=django_capture_on_commit_callbacks)
    rows = data_rows(workbook(ExportJob.objects.get()).active)
    shown = [p.code for p in list_page.context["rows"]]
    assert [row[0] for row in rows] == shown
    assert mine.code in shown or not shown  # the unit's scope, whatever it is, and nothing more


def test_bad_filters_are_a_400_and_queue_nothing(client, office):
    client.force_login(office)
    response = client.post(reverse("exports:start", args=["projects"]) + "?stage=nowhere&bogus=1")
    assert response.status_code == 400
    body = response.content.decode()
    assert "bogus" in body and "stage" in body
    assert not ExportJob.objects.exists()
    assert client.post(reverse("exports:start", args=["nothing-such"])).status_code == 404


def test_only_the_requester_sees_and_downloads_a_job(
    client, office, eager_celery, django_capture_on_commit_callbacks
):
    ProjectFactory()
    client.force_login(office)
    start(client, "projects", callbacks=django_capture_on_commit_callbacks)
    job = ExportJob.objects.get()
    other = UserFactory(roles=[Role.KEY_OFFICE])
    client.force_login(other)
    assert client.get(reverse("exports:job_detail", args=[job.pk])).status_code == 404
    assert client.get(reverse("exports:job_download", args=[job.pk])).status_code == 404
    assert job.title not in client.get(reverse("exports:job_list")).content.decode()
    client.logout()
    response = client.post(reverse("exports:start", args=["projects"]))
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_formula_like_texts_are_neutralised(client, office, eager_celery, django_capture_on_commit_callbacks):
    ProjectFactory(name='=HYPERLINK("http://evil","点我")', owner_enterprise="@SUM(1)")
    client.force_login(office)
    start(client, "projects", callbacks=django_capture_on_commit_callbacks)
    sheet = workbook(ExportJob.objects.get()).active
    names = [row[1] for row in data_rows(sheet)]
    assert names == ['\'=HYPERLINK("http://evil","点我")']
    assert sheet.cell(4, 2).data_type == "s"


def test_a_job_that_fails_says_why(office, monkeypatch):
    job = ExportJob.objects.create(
        kind="projects", title="重点项目列表", params={"stage": ["nowhere"]}, requested_by=office
    )
    assert services.run(job.pk) == {"failed": 1}
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and "stage" in job.error
    assert job.finished_at is not None
    # a job runs once: a second delivery of the task finds it finished
    assert services.run(job.pk) == {"skipped": 1}


def test_the_job_is_queued_on_commit_and_runs_in_a_real_worker_elsewhere(
    client, office, django_capture_on_commit_callbacks
):
    """Without eager mode, starting only records the job (queued) and hands it to the broker after the commit."""
    client.force_login(office)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        client.post(reverse("exports:start", args=["projects"]))
    job = ExportJob.objects.get()
    assert job.status == JobStatus.QUEUED and len(callbacks) == 1


def test_old_exports_and_stuck_jobs_are_purged_with_their_files(office, settings, tmp_path):
    import datetime

    from django.core.files.base import ContentFile
    from django.utils import timezone
    from django_celery_beat.models import PeriodicTask

    settings.MEDIA_ROOT = tmp_path
    now = timezone.now()
    old = ExportJob.objects.create(kind="projects", title="旧", requested_by=office, status=JobStatus.DONE)
    old.file.save("old.xlsx", ContentFile(b"PK"), save=False)
    ExportJob.objects.filter(pk=old.pk).update(
        file=old.file.name, finished_at=now - datetime.timedelta(days=8)
    )
    recent = ExportJob.objects.create(kind="projects", title="新", requested_by=office, status=JobStatus.DONE)
    ExportJob.objects.filter(pk=recent.pk).update(finished_at=now - datetime.timedelta(days=6))
    stuck = ExportJob.objects.create(
        kind="projects", title="卡住", requested_by=office, status=JobStatus.RUNNING
    )
    ExportJob.objects.filter(pk=stuck.pk).update(created_at=now - datetime.timedelta(days=2))
    path = tmp_path / old.file.name
    assert path.exists()
    assert services.purge(now) == 2
    assert list(ExportJob.objects.values_list("title", flat=True)) == ["新"]
    assert not path.exists()
    assert PeriodicTask.objects.get(task="exports.purge_exports").enabled
