"""Progress reports, site photos and status lights through the API, and a bad request saves nothing.

A member files this month's report with a photo and the project's cumulative
figures and light follow; the office returns it with a comment the member sees;
two edits from the same version: the second gets 409 and the first is kept;
every bad body is a 400 whose Chinese messages are keyed by the field.
"""

import datetime
import io
import os
import re
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image
from rest_framework.test import APIClient

from accounts.roles import Role
from projects.choices import Light, ProjectStage, ReportFrequency, ReportStatus
from projects.models import ProgressReport, ReportPhoto
from projects.services import reports
from tests.action_matrix import TablesSnapshot
from tests.factories import (
    IndustryFactory,
    MilestoneFactory,
    ProgressReportFactory,
    ProjectFactory,
    TaskForceMemberFactory,
    TownFactory,
    UserFactory,
)
from tests.projects.test_work_api_permissions import WATCH, add_photo, png, this_month

pytestmark = pytest.mark.django_db

CJK = re.compile(r"[\u4e00-\u9fff]")
REPORTS = reverse("api:progress-report-list")
LIGHTS = reverse("api:project-light-list")
FIGURES = {
    "construction": "1200.00",
    "installation": "300.00",
    "equipment": "450.00",
    "other": "50.00",
    "physical_progress": "3#厂房主体结构施工至四层",
    "percent_complete": "35.00",
    "problems": "",
}


def months_ago(n):
    day = this_month()
    for _ in range(n):
        day = (day - datetime.timedelta(days=1)).replace(day=1)
    return day


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def project():
    return ProjectFactory(
        stage=ProjectStage.CONSTRUCTION,
        annual_plan_investment=Decimal("12000"),
        planned_start=datetime.date(2025, 3, 1),
        actual_start=datetime.date(2025, 3, 10),
    )


@pytest.fixture
def member(project):
    return TaskForceMemberFactory(task_force__project=project).user


@pytest.fixture
def office():
    return UserFactory(roles=[Role.KEY_OFFICE])


def as_user(api_client, user):
    api_client.force_login(user)
    return api_client


def ok(response, status=200):
    assert response.status_code == status, response.content.decode()[:800]
    return response.json()


def assert_refused(response, *fields):
    """A 400 whose messages are keyed by ``fields`` and are all Chinese."""
    assert response.status_code == 400, response.content.decode()[:800]
    errors = response.json()
    assert set(fields) <= set(errors), errors
    for field in fields:
        assert all(CJK.search(str(message)) for message in errors[field]), errors
    return errors


def file(client, project, period_start=None, **changes):
    body = {"project": project.pk, "period_start": (period_start or this_month()).isoformat(), **FIGURES}
    body.update(changes)
    return client.post(REPORTS, body, format="json")


def detail(report, action=None):
    name = "api:progress-report-detail" if action is None else f"api:progress-report-{action}"
    return reverse(name, args=[report if isinstance(report, int) else report.pk])


def light_of(client, project):
    return ok(client.get(reverse("api:project-light-detail", args=[project.pk])))


# -- the member's month: file, photo, figures, light, review ----------------------------------


def test_a_member_files_the_month_with_a_photo_and_the_figures_and_light_follow(
    api_client, project, member, office
):
    client = as_user(api_client, member)
    before = light_of(client, project)
    assert before["completed_ytd"] == "0.00"

    data = ok(file(client, project, submit=True), 201)
    assert (data["status"], data["frequency"], data["period_start"]) == (
        ReportStatus.SUBMITTED,
        ReportFrequency.MONTHLY,
        this_month().isoformat(),
    )
    assert data["period_total"] == "2000.00"
    assert (data["cumulative_total"], data["cumulative_ytd"]) == ("2000.00", "2000.00")
    assert data["created_by"] == member.pk and data["version"] == 1

    photo = ok(client.post(detail(data["id"], "add-photo"), {"photo": png(), "caption": "主体施工"}), 201)
    assert (photo["report"], photo["caption"], photo["width"], photo["height"]) == (
        data["id"],
        "主体施工",
        64,
        48,
    )
    shown = ok(client.get(detail(data["id"])))
    assert [p["id"] for p in shown["photos"]] == [photo["id"]]

    after = light_of(client, project)
    assert Decimal(after["completed_ytd"]) == Decimal(before["completed_ytd"]) + Decimal("2000")
    assert Decimal(after["behind_points"]) < Decimal(before["behind_points"])

    # the office returns it with a comment, and the member sees why
    as_user(api_client, office)
    returned = ok(client.post(detail(data["id"], "return"), {"comment": "请补充设备购置发票"}))
    assert (returned["status"], returned["review_comment"]) == (ReportStatus.RETURNED, "请补充设备购置发票")
    as_user(api_client, member)
    seen = ok(client.get(detail(data["id"])))
    assert (seen["status_display"], seen["review_comment"], seen["reviewed_by_name"]) == (
        "已退回",
        "请补充设备购置发票",
        office.display_name,
    )
    # a returned report no longer counts; corrected and submitted again, it counts again
    assert light_of(client, project)["completed_ytd"] == "0.00"
    fixed = ok(client.patch(detail(data["id"]), {"equipment": "500.00", "submit": True}, format="json"))
    assert (fixed["status"], fixed["period_total"]) == (ReportStatus.SUBMITTED, "2050.00")
    assert light_of(client, project)["completed_ytd"] == "2050.00"


def test_a_draft_is_saved_then_submitted_by_its_action(api_client, project, member):
    client = as_user(api_client, member)
    draft = ok(file(client, project), 201)
    assert draft["status"] == ReportStatus.DRAFT and draft["cumulative_total"] == "0.00"
    submitted = ok(client.post(detail(draft["id"], "submit"), {"version": draft["version"]}, format="json"))
    assert submitted["status"] == ReportStatus.SUBMITTED
    assert submitted["submitted_at"] and submitted["cumulative_total"] == "2000.00"
    record = ProgressReport.objects.get(pk=draft["id"]).history.latest()
    assert (record.history_user, record.history_change_reason) == (member, "提交进度")


def test_the_office_accepts_and_an_accepted_report_is_final(api_client, project, member, office):
    report = ProgressReportFactory(project=project, period_start=months_ago(1))
    client = as_user(api_client, office)
    accepted = ok(client.post(detail(report, "accept"), {"comment": "数据属实"}, format="json"))
    assert (accepted["status"], accepted["review_comment"]) == (ReportStatus.ACCEPTED, "数据属实")
    as_user(api_client, member)
    snapshot = TablesSnapshot(WATCH)
    errors = assert_refused(
        client.patch(detail(report), {"construction": "1"}, format="json"), "non_field_errors"
    )
    assert errors["non_field_errors"] == ["报表已被采纳，不能再修改。"]
    snapshot.assert_unchanged()


def test_cumulative_figures_count_submitted_and_accepted_reports_up_to_each_period(
    api_client, project, office
):
    """Since the start and since 1 January of the report's year; drafts and returned reports don't count."""
    periods = [datetime.date(2025, 11, 1), datetime.date(2025, 12, 1), datetime.date(2026, 1, 1)]
    statuses = [ReportStatus.ACCEPTED, ReportStatus.SUBMITTED, ReportStatus.SUBMITTED]
    for start, status in zip(periods, statuses, strict=True):
        ProgressReportFactory(project=project, period_start=start, status=status)
    ProgressReportFactory(project=project, period_start=datetime.date(2026, 2, 1), status=ReportStatus.DRAFT)
    ProgressReportFactory(
        project=project, period_start=datetime.date(2026, 3, 1), status=ReportStatus.RETURNED
    )
    rows = ok(as_user(api_client, office).get(REPORTS, {"project": project.pk, "sort": "period_start"}))[
        "results"
    ]
    assert [
        (r["period_start"], r["period_total"], r["cumulative_total"], r["cumulative_ytd"]) for r in rows
    ] == [
        ("2025-11-01", "1500.00", "1500.00", "1500.00"),
        ("2025-12-01", "1500.00", "3000.00", "3000.00"),
        ("2026-01-01", "1500.00", "4500.00", "1500.00"),
        ("2026-02-01", "1500.00", "4500.00", "1500.00"),
        ("2026-03-01", "1500.00", "4500.00", "1500.00"),
    ]
    # the same figures as the service's (one rule)
    expected = reports.with_cumulative(ProgressReport.objects.filter(project=project)).order_by(
        "period_start"
    )
    assert [r["cumulative_total"] for r in rows] == [f"{r.cumulative_total:.2f}" for r in expected]


# -- two editors of one report ----------------------------------------------------------------


def test_two_edits_from_the_same_version_the_second_is_refused_and_the_first_kept(
    api_client, project, member
):
    report = ProgressReportFactory(project=project, status=ReportStatus.DRAFT)
    colleague = TaskForceMemberFactory(task_force=project.task_force).user
    version = report.version

    first = ok(
        as_user(api_client, member).patch(
            detail(report), {"construction": "2222.00", "version": version}, format="json"
        )
    )
    assert first["version"] == version + 1
    snapshot = TablesSnapshot(WATCH)
    second = as_user(api_client, colleague).patch(
        detail(report),
        {"construction": "3333.00", "physical_progress": "覆盖", "version": version},
        format="json",
    )
    assert second.status_code == 409, second.content
    assert "已被他人修改" in second.json()["detail"]
    snapshot.assert_unchanged()
    report.refresh_from_db()
    assert (report.construction, report.physical_progress) == (Decimal("2222.00"), "主体结构施工")


def test_a_stale_submit_is_a_conflict(api_client, project, member):
    report = ProgressReportFactory(project=project, status=ReportStatus.DRAFT)
    client = as_user(api_client, member)
    ok(client.patch(detail(report), {"other": "10", "version": report.version}, format="json"))
    snapshot = TablesSnapshot(WATCH)
    response = client.post(detail(report, "submit"), {"version": report.version}, format="json")
    assert response.status_code == 409
    snapshot.assert_unchanged()


# -- photos ---------------------------------------------------------------------------------


def test_a_photo_is_checked_resized_and_deleted_by_a_member(api_client, project, member, settings):
    report = ProgressReportFactory(project=project, status=ReportStatus.DRAFT)
    client = as_user(api_client, member)
    data = ok(client.post(detail(report, "add-photo"), {"photo": png(size=(3200, 1600))}), 201)
    photo = ReportPhoto.objects.get(pk=data["id"])
    assert (photo.width, photo.height, photo.uploaded_by) == (3200, 1600, member)
    assert max(photo.display.width, photo.display.height) <= 1600
    assert max(photo.thumbnail.width, photo.thumbnail.height) <= 400
    # the files are served by the pages' permission-checked view, to any signed-in reader
    reader = as_user(APIClient(), UserFactory(roles=[Role.CITY_LEADER]))
    for kind, content_type in [
        ("original", "image/png"),
        ("display", "image/jpeg"),
        ("thumbnail", "image/jpeg"),
    ]:
        url = data[f"{kind}_url"]
        assert url.endswith(reverse("projects:photo", args=[photo.pk, kind]))
        served = reader.get(url)
        assert (served.status_code, served["Content-Type"]) == (200, content_type)
        assert b"".join(served.streaming_content)  # read through the test client's wrapper, which closes it
    assert APIClient().get(data["display_url"]).status_code == 302  # anonymous: to the login page
    response = client.delete(reverse("api:report-photo-detail", args=[photo.pk]))
    assert response.status_code == 204
    assert not ReportPhoto.objects.filter(pk=photo.pk).exists()


def uploaded_files(settings):
    root = settings.MEDIA_ROOT
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def test_a_text_file_is_not_a_photo_and_nothing_is_saved(api_client, project, member, settings):
    report = ProgressReportFactory(project=project)
    fake = SimpleUploadedFile("现场.jpg", "这不是图片".encode(), content_type="image/jpeg")
    snapshot = TablesSnapshot(WATCH)
    errors = assert_refused(
        as_user(api_client, member).post(detail(report, "add-photo"), {"photo": fake}), "photo"
    )
    assert "不是有效的图片文件" in errors["photo"][0]
    snapshot.assert_unchanged()
    assert uploaded_files(settings) == []


def test_a_too_large_photo_is_refused_with_the_limit(api_client, project, member, settings):
    settings.PROGRESS_PHOTO_MAX_BYTES = 1024 * 1024
    report = ProgressReportFactory(project=project)
    buffer = io.BytesIO()
    # noise does not compress: about 1.5 MB as PNG
    Image.frombytes("RGB", (700, 700), os.urandom(700 * 700 * 3)).save(buffer, "PNG")
    big = SimpleUploadedFile("大图.png", buffer.getvalue(), content_type="image/png")
    snapshot = TablesSnapshot(WATCH)
    errors = assert_refused(
        as_user(api_client, member).post(detail(report, "add-photo"), {"photo": big}), "photo"
    )
    assert errors["photo"] == ["照片“大图.png”超过 1 MB 的大小限制。"]
    snapshot.assert_unchanged()
    assert uploaded_files(settings) == []


def test_an_accepted_report_takes_no_more_photos_and_keeps_its_own(api_client, project, member):
    report = ProgressReportFactory(project=project)
    photo = add_photo(report)  # added while it was still open
    ProgressReport.objects.filter(pk=report.pk).update(status=ReportStatus.ACCEPTED)
    client = as_user(api_client, member)
    snapshot = TablesSnapshot(WATCH)
    errors = assert_refused(client.post(detail(report, "add-photo"), {"photo": png()}), "non_field_errors")
    assert errors["non_field_errors"] == ["报表已被采纳，不能再修改。"]
    assert_refused(client.delete(reverse("api:report-photo-detail", args=[photo.pk])), "non_field_errors")
    snapshot.assert_unchanged()


def test_a_photo_upload_without_a_file_is_refused(api_client, project, member):
    report = ProgressReportFactory(project=project)
    response = as_user(api_client, member).post(detail(report, "add-photo"), {"caption": "无图"})
    assert assert_refused(response, "photo")["photo"] == ["请选择要上传的照片。"]


def test_photos_list_filters_by_report_and_project(api_client, project, office):
    mine = ProgressReportFactory(project=project)
    other = ProgressReportFactory(period_start=months_ago(2))
    a, b = add_photo(mine), add_photo(other)
    client = as_user(api_client, office)
    url = reverse("api:report-photo-list")
    assert [r["id"] for r in ok(client.get(url, {"report": mine.pk}))["results"]] == [a.pk]
    assert [r["id"] for r in ok(client.get(url, {"project": other.project_id}))["results"]] == [b.pk]


# -- bad bodies ------------------------------------------------------------------------------


def body(project, period_start=None, **changes):
    start = period_start or this_month()
    return {"project": project.pk, "period_start": start.isoformat(), **FIGURES, **changes}


def _duplicate(project):
    ProgressReportFactory(project=project, period_start=months_ago(1))
    return body(project, months_ago(1))


def _weekly(project):
    project.report_frequency = ReportFrequency.WEEKLY
    project.save()
    monday = timezone.localdate() - datetime.timedelta(days=timezone.localdate().weekday() + 7)
    return body(project, monday + datetime.timedelta(days=2))


def _without(name):
    return lambda project: {k: v for k, v in body(project).items() if k != name}


#: case → (build(project) → the body, set up before the snapshot; the field refused)
BAD_REPORTS = {
    "negative money": (lambda p: body(p, construction="-1"), "construction"),
    "percent above 100": (lambda p: body(p, percent_complete="100.50"), "percent_complete"),
    "percent negative": (lambda p: body(p, percent_complete="-1"), "percent_complete"),
    "period not on the 1st": (lambda p: body(p, months_ago(1).replace(day=2)), "period_start"),
    "weekly period not on a Monday": (_weekly, "period_start"),
    "a future period": (
        lambda p: body(p, (this_month() + datetime.timedelta(days=32)).replace(day=1)),
        "period_start",
    ),
    "a period already filed": (_duplicate, "period_start"),
    "no physical progress": (lambda p: body(p, physical_progress=""), "physical_progress"),
    "no percent complete": (_without("percent_complete"), "percent_complete"),
    "no period": (_without("period_start"), "period_start"),
    "an unknown project": (lambda p: {**body(p), "project": 999999}, "project"),
    "too many decimals": (lambda p: body(p, other="1.234"), "other"),
    "not a number": (lambda p: body(p, installation="三百"), "installation"),
}


@pytest.mark.parametrize("case", list(BAD_REPORTS))
def test_a_bad_report_is_refused_on_its_field_and_nothing_is_saved(api_client, project, member, case):
    build, field = BAD_REPORTS[case]
    sent = build(project)
    client = as_user(api_client, member)
    snapshot = TablesSnapshot(WATCH)
    assert_refused(client.post(REPORTS, sent, format="json"), field)
    snapshot.assert_unchanged()


def test_the_period_messages_say_what_is_expected(api_client, project, member):
    client = as_user(api_client, member)
    future = (this_month() + datetime.timedelta(days=32)).replace(day=1)
    cases = [
        (lambda: body(project, months_ago(1).replace(day=2)), "月报的期间应从当月 1 日开始。"),
        (lambda: body(project, future), "不能填报尚未开始的期间。"),
        (lambda: _duplicate(project), "该期间的进度已填报，请在原报表上修改。"),
        (lambda: _weekly(project), "周报的期间应从周一开始。"),
    ]
    for build, message in cases:
        errors = assert_refused(client.post(REPORTS, build(), format="json"), "period_start")
        assert errors["period_start"] == [message]


#: case → (changes sent as PATCH, the field refused)
BAD_CHANGES = {
    "moving a report to another project": (lambda: {"project": ProjectFactory().pk}, "project"),
    "moving a report to another period": (
        lambda: {"period_start": months_ago(3).isoformat()},
        "period_start",
    ),
    "a negative figure in an edit": (lambda: {"equipment": "-5"}, "equipment"),
    "a percent above 100 in an edit": (lambda: {"percent_complete": "101"}, "percent_complete"),
    "a version below 1": (lambda: {"version": 0}, "version"),
}


@pytest.mark.parametrize("case", list(BAD_CHANGES))
def test_a_bad_edit_is_refused_on_its_field_and_nothing_is_saved(api_client, project, member, case):
    build, field = BAD_CHANGES[case]
    report = ProgressReportFactory(project=project, status=ReportStatus.DRAFT)
    changes = build()
    client = as_user(api_client, member)
    snapshot = TablesSnapshot(WATCH)
    assert_refused(client.patch(detail(report), changes, format="json"), field)
    snapshot.assert_unchanged()


@pytest.mark.parametrize("comment", [None, "", "   "])
def test_returning_without_a_comment_is_refused(api_client, project, office, comment):
    report = ProgressReportFactory(project=project)
    body = {} if comment is None else {"comment": comment}
    snapshot = TablesSnapshot(WATCH)
    errors = assert_refused(
        as_user(api_client, office).post(detail(report, "return"), body, format="json"), "comment"
    )
    assert errors["comment"] == ["退回时请填写意见，说明需要修改的内容。"]
    snapshot.assert_unchanged()


@pytest.mark.parametrize("status", [ReportStatus.DRAFT, ReportStatus.RETURNED, ReportStatus.ACCEPTED])
def test_only_a_submitted_report_is_accepted(api_client, project, office, status):
    report = ProgressReportFactory(project=project, status=status)
    snapshot = TablesSnapshot(WATCH)
    assert_refused(
        as_user(api_client, office).post(detail(report, "accept"), {}, format="json"), "non_field_errors"
    )
    snapshot.assert_unchanged()


# -- report filters ---------------------------------------------------------------------------


def ids(response):
    return {row["id"] for row in ok(response)["results"]}


def test_report_filters(api_client, office):
    town, industry = TownFactory(), IndustryFactory()
    a = ProgressReportFactory(
        project__town=town,
        project__industry=industry,
        period_start=months_ago(1),
        status=ReportStatus.SUBMITTED,
    )
    b = ProgressReportFactory(period_start=months_ago(3), status=ReportStatus.RETURNED)
    c = ProgressReportFactory(
        project__report_frequency=ReportFrequency.WEEKLY,
        frequency=ReportFrequency.WEEKLY,
        period_start=datetime.date(2026, 11, 16),
        period_end=datetime.date(2026, 11, 22),
        status=ReportStatus.DRAFT,
    )
    client = as_user(api_client, office)
    assert ids(client.get(REPORTS, {"project": a.project_id})) == {a.pk}
    assert ids(client.get(REPORTS, {"status": ReportStatus.RETURNED})) == {b.pk}
    assert ids(client.get(REPORTS, {"status": [ReportStatus.RETURNED, ReportStatus.DRAFT]})) == {b.pk, c.pk}
    assert ids(client.get(REPORTS, {"frequency": ReportFrequency.WEEKLY})) == {c.pk}
    assert ids(client.get(REPORTS, {"period_after": months_ago(1).isoformat()})) == {a.pk, c.pk}
    assert ids(client.get(REPORTS, {"period_before": months_ago(2).isoformat()})) == {b.pk}
    assert ids(client.get(REPORTS, {"town": town.pk})) == {a.pk}
    assert ids(client.get(REPORTS, {"industry": industry.pk})) == {a.pk}
    assert ids(client.get(REPORTS, {"q": b.project.code})) == {b.pk}
    assert_refused(client.get(REPORTS, {"status": "lost"}), "status")
    assert_refused(client.get(REPORTS, {"period_after": "昨天"}), "period_after")


# -- status lights ------------------------------------------------------------------------------


def test_lights_with_reasons_and_their_filters(api_client, office):
    today = timezone.localdate()
    red_town = TownFactory()
    red = ProjectFactory(
        stage=ProjectStage.CONSTRUCTION, town=red_town, actual_start=datetime.date(2025, 3, 10)
    )
    for _ in range(3):
        MilestoneFactory(project=red, planned_date=today - datetime.timedelta(days=10))
    green = ProjectFactory(
        stage=ProjectStage.CONSTRUCTION,
        annual_plan_investment=Decimal("0"),
        actual_start=datetime.date(2025, 3, 1),
    )
    unlit = ProjectFactory(stage=ProjectStage.OPERATING)
    client = as_user(api_client, office)

    rows = {r["id"]: r for r in ok(client.get(LIGHTS, {"page_size": 500}))["results"]}
    assert rows[red.pk]["light"] == Light.RED and rows[red.pk]["light_display"] == "红灯"
    assert "3 个节点逾期" in rows[red.pk]["reasons"]
    assert any(reason.startswith("落后序时进度") for reason in rows[red.pk]["reasons"])
    assert (rows[red.pk]["overdue_milestones"], rows[red.pk]["completed_ytd"]) == (3, "0.00")
    assert (rows[green.pk]["light"], rows[green.pk]["reasons"]) == (Light.GREEN, [])
    assert (rows[unlit.pk]["light"], rows[unlit.pk]["reasons"]) == (Light.NONE, [])

    assert ids(client.get(LIGHTS, {"light": Light.RED})) == {red.pk}
    assert ids(client.get(LIGHTS, {"light": [Light.GREEN, Light.NONE]})) == {green.pk, unlit.pk}
    assert ids(client.get(LIGHTS, {"stage": ProjectStage.OPERATING})) == {unlit.pk}
    assert ids(client.get(LIGHTS, {"town": red_town.pk})) == {red.pk}
    assert_refused(client.get(LIGHTS, {"light": "blue"}), "light")
