"""Bad input on the task-force pages: 400 with the messages where the person looks, nothing saved
(no row, no history, no file); and the conflict case: two people editing one report, the stale
save refused (409) with the message and the typed input kept, the first save kept."""

import datetime
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from projects.choices import ReportStatus
from projects.models import (
    ActionItem,
    DispatchMeeting,
    Milestone,
    ProgressReport,
    Project,
    ReportPhoto,
    TaskForceMember,
)
from tests.action_matrix import TablesSnapshot
from tests.projects import test_work_pages as shared
from tests.projects.test_work_pages import png, report_data, this_period, today

pytestmark = pytest.mark.django_db

# fixtures shared with the page tests
media, work = shared.media, shared.work

WATCH = [ProgressReport, ReportPhoto, Milestone, DispatchMeeting, ActionItem, TaskForceMember, Project]


def files_in(root):
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def text(response):
    return response.content.decode()


def refused(client, url, data, *, status=400, expect=()):
    """POST ``data``; assert the status, each expected message on the page, and that nothing changed."""
    snapshot = TablesSnapshot(WATCH)
    response = client.post(url, data)
    assert response.status_code == status, text(response)[:1500]
    body = text(response)
    for message in expect:
        assert message in body, message
    snapshot.assert_unchanged()
    return response


@pytest.fixture
def member(client, work):
    client.force_login(work.member)
    return work.member


def new_url(work):
    return reverse("projects:report_new", args=[work.project.pk])


# -- the report form ----------------------------------------------------------------------------

BAD_REPORTS = {
    "negative money": ({"construction": "-5"}, ["建筑工程（万元）", "大于或等于0"]),
    "percent over 100": ({"percent_complete": "120"}, ["工程总体完成比例（%）", "小于或等于100"]),
    "percent missing": ({"percent_complete": ""}, ["请填写工程总体完成比例。"]),
    "no physical progress": ({"physical_progress": "  "}, ["请填写形象进度。"]),
    "not a number": ({"equipment": "一千"}, ["设备购置（万元）"]),
}


@pytest.mark.parametrize("case", BAD_REPORTS)
def test_bad_report_input_is_refused_with_the_message_on_the_field(client, member, work, media, case):
    changes, messages = BAD_REPORTS[case]
    before = files_in(media)
    data = {**report_data(**changes), "photos": [png()]}
    response = refused(client, new_url(work), data, expect=messages)
    assert 'aria-invalid="true"' in text(response)
    assert "照片需要重新选择" in text(response)
    assert files_in(media) == before
    assert not ProgressReport.objects.filter(period_start=this_period()).exists()


def test_bad_input_on_the_edit_page_keeps_the_report_as_it_was(client, member, work):
    url = reverse("projects:report_edit", args=[work.report.pk])
    response = refused(
        client, url, report_data(version=work.report.version, installation="-1"), expect=["安装工程（万元）"]
    )
    assert "主体结构施工至第 8 层" in text(response)  # what was typed stays in the form


def test_a_text_file_as_photo_is_refused_naming_the_file_and_nothing_is_saved(client, member, work, media):
    before = files_in(media)
    fake = SimpleUploadedFile("现场.jpg", "这不是图片".encode(), content_type="image/jpeg")
    refused(
        client,
        new_url(work),
        {**report_data(), "photos": [png("good.png"), fake]},
        expect=["“现场.jpg”不是有效的图片文件"],
    )
    assert files_in(media) == before


def test_a_too_large_photo_is_refused_with_the_limit(client, member, work, media, settings):
    settings.PROGRESS_PHOTO_MAX_BYTES = 2 * 1024 * 1024
    before = files_in(media)
    big = SimpleUploadedFile("big.png", b"\x89PNG" + b"0" * (2 * 1024 * 1024 + 1), content_type="image/png")
    response = refused(
        client, new_url(work), {**report_data(), "photos": [big]}, expect=["“big.png”超过 2 MB"]
    )
    assert "每张不超过 2 MB" in text(response)  # the limit from the settings, shown on the form
    assert files_in(media) == before


def test_a_future_period_is_refused(client, member, work):
    future = (this_period() + datetime.timedelta(days=40)).isoformat()
    response = client.get(new_url(work), {"period": future})
    assert response.status_code == 400 and "不能填报尚未开始的期间" in text(response)
    refused(client, f"{new_url(work)}?period={future}", report_data(), expect=["不能填报尚未开始的期间"])


def test_a_malformed_period_is_refused(client, member, work):
    response = client.get(new_url(work), {"period": "2026-13-40"})
    assert response.status_code == 400 and "不是有效的日期" in text(response)


def test_returning_without_a_comment_is_refused(client, work):
    client.force_login(work.office)
    url = reverse("projects:report_return", args=[work.report.pk])
    refused(client, url, {"return-comment": "   "}, expect=["退回时请填写意见"])
    assert ProgressReport.objects.get(pk=work.report.pk).status == ReportStatus.SUBMITTED


# -- the conflict: two people edit one report ----------------------------------------------------------


def test_two_edits_of_one_report_the_stale_one_is_refused_and_the_first_kept(client, work):
    second = work.office  # both may edit a submitted report
    url = reverse("projects:report_edit", args=[work.report.pk])
    client.force_login(work.member)
    version = client.get(url).context["form"]["version"].value()
    client.force_login(second)
    assert client.get(url).context["form"]["version"].value() == version  # both opened the same version

    client.force_login(work.member)
    first = client.post(url, report_data(version=version, physical_progress="第一位：主体封顶"))
    assert first.status_code == 302

    client.force_login(second)
    stale = refused(
        client,
        url,
        report_data(version=version, physical_progress="第二位：基础施工", construction="999"),
        status=409,
        expect=["该报表已被他人修改"],
    )
    body = text(stale)
    assert "第二位：基础施工" in body and 'value="999"' in body  # the second person's input is kept
    stored = ProgressReport.objects.get(pk=work.report.pk)
    assert stored.physical_progress == "第一位：主体封顶"  # the first save is kept

    # The form now carries the stored version: saving again on purpose goes through.
    fresh = re.search(r'name="version" value="(\d+)"', body).group(1)
    assert int(fresh) == stored.version
    again = client.post(url, report_data(version=fresh, physical_progress="第二位：基础施工"))
    assert again.status_code == 302
    assert ProgressReport.objects.get(pk=work.report.pk).physical_progress == "第二位：基础施工"


def test_a_stale_milestone_edit_is_refused(client, member, work):
    url = reverse("projects:milestone_edit", args=[work.milestone.pk])
    body = {"version": work.milestone.version, "name": "主体封顶", "phase": "construction"}
    assert client.post(url, {**body, "note": "第一次"}).status_code == 302
    refused(client, url, {**body, "note": "第二次"}, status=409, expect=["已被他人修改"])
    assert Milestone.objects.get(pk=work.milestone.pk).note == "第一次"


def test_a_stale_meeting_edit_is_refused(client, member, work):
    url = reverse("projects:meeting_edit", args=[work.meeting.pk])
    body = {"version": work.meeting.version, "held_on": work.meeting.held_on.isoformat()}
    assert client.post(url, {**body, "minutes": "第一次"}).status_code == 302
    refused(client, url, {**body, "minutes": "第二次"}, status=409, expect=["已被他人修改"])


# -- work plan and meetings ----------------------------------------------------------------------------


def test_a_milestone_finished_before_it_started_is_refused(client, member, work):
    url = reverse("projects:milestone_add", args=[work.project.pk])
    data = {"name": "开挖", "phase": "construction", "started_on": "2026-05-01", "actual_date": "2026-04-01"}
    refused(client, url, data, expect=["实际完成日期不能早于开始日期"])


def test_a_milestone_without_a_name_is_refused(client, member, work):
    refused(
        client,
        reverse("projects:milestone_add", args=[work.project.pk]),
        {"phase": "construction"},
        expect=["节点名称"],
    )


def test_applying_no_template_is_refused(client, member, work):
    refused(
        client,
        reverse("projects:apply_template", args=[work.project.pk]),
        {"template": ""},
        expect=["工作方案模板"],
    )


def test_a_meeting_without_a_date_is_refused(client, member, work):
    refused(
        client,
        reverse("projects:meeting_new", args=[work.project.pk]),
        {"minutes": "无日期"},
        expect=["会议日期"],
    )


def test_an_action_item_done_before_its_meeting_is_refused(client, member, work):
    url = reverse("projects:action_item_add", args=[work.meeting.pk])
    data = {
        "item-title": "倒签事项",
        "item-due_date": today().isoformat(),
        "item-done_on": (work.meeting.held_on - datetime.timedelta(days=10)).isoformat(),
    }
    refused(client, url, data, expect=["完成日期不能早于会议日期"])
    edit = reverse("projects:action_item_edit", args=[work.item.pk])
    body = {
        "version": work.item.version,
        "title": work.item.title,
        "due_date": work.item.due_date.isoformat(),
        "done_on": data["item-done_on"],
    }
    refused(client, edit, body, expect=["完成日期不能早于会议日期"])


def test_member_add_without_a_user_is_refused(client, work):
    client.force_login(work.office)
    refused(client, reverse("projects:member_add", args=[work.project.pk]), {"duty": "协调"}, expect=["成员"])
