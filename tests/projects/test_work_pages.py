"""The task-force pages (精准服务): 我的项目, the lights on the project list and page, the task-force
page, the report form with photos and live totals, the report page with the office's review,
photos behind the read check, the office's attention list, milestones, members and meetings.

The fixtures here (``work``, ``png``, ``login_as``) are shared by the permission, validation and
query-count modules of the same pages.
"""

import datetime
import io
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from accounts.roles import Role
from projects.choices import Light, ProjectStage, ReportStatus
from projects.models import (
    ActionItem,
    DispatchMeeting,
    Milestone,
    MilestoneTemplate,
    ProgressReport,
    Project,
    ReportPhoto,
    TaskForceMember,
)
from projects.services import photos, reports
from projects.services.lights import with_lights
from projects.services.periods import current_period, due_date, previous_period
from tests.factories import (
    DepartmentFactory,
    DispatchMeetingFactory,
    MilestoneFactory,
    ProgressReportFactory,
    ProjectFactory,
    TaskForceFactory,
    TaskForceMemberFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


# -- shared fixtures ------------------------------------------------------------------------


def png(name="site.png", size=(80, 60), colour=(30, 120, 200)):
    """A small real PNG upload."""
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, "PNG")
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/png")


def today():
    return timezone.localdate()


def this_period():
    return current_period("monthly", today())[0]


def last_period():
    return previous_period("monthly", this_period())[0]


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def work(media):
    """One project in construction with its task force, plan, a submitted report of last month
    with a photo, a meeting with an action item; and another project with its own task force."""
    office = UserFactory(roles=[Role.KEY_OFFICE], full_name="重点办王科长")
    project = ProjectFactory(
        code="LY-W-001",
        name="数字经济产业园",
        stage=ProjectStage.CONSTRUCTION,
        annual_plan_investment=Decimal("12000"),
        planned_start=datetime.date(2025, 3, 1),
        actual_start=datetime.date(2025, 3, 10),
    )
    task_force = TaskForceFactory(project=project)
    member = TaskForceMemberFactory(task_force=task_force, duty="进度填报").user
    other_project = ProjectFactory(code="LY-W-002", name="新材料产业园", stage=ProjectStage.CONSTRUCTION)
    other_task_force = TaskForceFactory(project=other_project)
    milestone = MilestoneFactory(project=project, name="主体封顶")
    report = ProgressReportFactory(project=project, period_start=last_period(), created_by=member)
    photo = photos.add_photo(report, png(), actor=office)
    meeting = DispatchMeetingFactory(task_force=task_force, created_by=office)
    item = ActionItem.objects.create(
        meeting=meeting, title="协调供电接入", due_date=today() + datetime.timedelta(days=7)
    )
    return SimpleNamespace(
        office=office,
        project=project,
        task_force=task_force,
        member=member,
        other_project=other_project,
        other_task_force=other_task_force,
        milestone=milestone,
        report=report,
        photo=photo,
        meeting=meeting,
        item=item,
        template=MilestoneTemplate.objects.filter(is_active=True).first(),
    )


def in_scope(role, work):
    """A user of ``role`` who works on the fixture's project (its task force, its responsible
    unit, its service commissioner)."""
    if role == Role.TASK_FORCE_STAFF:
        return TaskForceMemberFactory(task_force=work.task_force).user
    if role == Role.DEPARTMENT_STAFF:
        return UserFactory(roles=[role], unit=work.project.responsible_unit)
    if role == Role.SERVICE_COMMISSIONER:
        user = UserFactory(roles=[role])
        Project.objects.filter(pk=work.project.pk).update(service_commissioner=user)
        return user
    return None


def out_of_scope(kind, work):
    """A user who works on *another* project: its task force, its unit, its commissioner."""
    if kind == "other_task_force":
        return TaskForceMemberFactory(task_force=work.other_task_force).user
    if kind == "other_department":
        return UserFactory(roles=[Role.DEPARTMENT_STAFF], unit=work.other_project.responsible_unit)
    user = UserFactory(roles=[Role.SERVICE_COMMISSIONER])
    Project.objects.filter(pk=work.other_project.pk).update(service_commissioner=user)
    return user


def report_data(**changes):
    data = {
        "construction": "3000",
        "installation": "500.5",
        "equipment": "1200",
        "other": "",
        "physical_progress": "主体结构施工至第 8 层",
        "percent_complete": "45",
        "problems": "",
        "action": "submit",
    }
    data.update(changes)
    return data


def page_text(response):
    return response.content.decode()


# -- home and 我的项目 -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "roles, landing",
    [
        ([Role.TASK_FORCE_STAFF], "projects:my_projects"),
        ([Role.DEPARTMENT_STAFF], "projects:my_projects"),
        ([Role.SERVICE_COMMISSIONER], "projects:my_projects"),
        ([Role.KEY_OFFICE], "dashboards:office"),
        ([Role.CITY_LEADER], "dashboards:leader"),
        ([Role.KEY_OFFICE, Role.TASK_FORCE_STAFF], "dashboards:office"),
        ([Role.INVESTMENT_TEAM], "projects:project_list"),
    ],
)
def test_staff_land_on_my_projects_the_office_and_leaders_on_their_dashboards(client, roles, landing):
    client.force_login(UserFactory(roles=roles))
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"] == reverse(landing)


def test_my_projects_shows_light_reasons_year_figures_milestones_and_the_report_due(client, work):
    MilestoneFactory(project=work.project, name="桩基完成", planned_date=today() - datetime.timedelta(days=5))
    MilestoneFactory(project=work.project, name="已完成的节点", actual_date=today())
    client.force_login(work.member)
    response = client.get(reverse("projects:my_projects"))
    assert response.status_code == 200
    rows = response.context["rows"]
    assert [row.code for row in rows] == ["LY-W-001"]  # not the other task force's project
    row = rows[0]
    assert row.light in (Light.RED, Light.YELLOW)
    assert "1 个节点逾期" in row.light_reasons
    assert [m.name for m in row.next_milestones] == ["桩基完成", "主体封顶"]  # overdue first, done left out
    assert row.current_period.start == this_period()
    assert row.current_period.due == due_date("monthly", this_period())
    assert row.current_period.status == ""
    assert row.previous_period.status == ReportStatus.SUBMITTED
    text = page_text(response)
    assert "填报本期进度" in text and "1 个节点逾期" in text and "桩基完成" in text
    assert f"{reverse('projects:report_new', args=[work.project.pk])}?period={this_period():%Y-%m-%d}" in text


def test_my_projects_lists_a_department_s_and_a_commissioner_s_projects(client, work):
    staff = in_scope(Role.DEPARTMENT_STAFF, work)
    client.force_login(staff)
    assert [r.code for r in client.get(reverse("projects:my_projects")).context["rows"]] == ["LY-W-001"]
    commissioner = in_scope(Role.SERVICE_COMMISSIONER, work)
    client.force_login(commissioner)
    assert [r.code for r in client.get(reverse("projects:my_projects")).context["rows"]] == ["LY-W-001"]


def test_a_city_leader_sees_the_task_forces_they_lead_without_the_report_button(client, work):
    client.force_login(work.task_force.leader)
    response = client.get(reverse("projects:my_projects"))
    assert [r.code for r in response.context["rows"]] == ["LY-W-001"]
    assert not response.context["rows"][0].user_can_change
    assert "填报本期进度" not in page_text(response)


def test_my_projects_orders_red_lights_first(client, work):
    member = work.member
    green = ProjectFactory(code="LY-W-000", stage=ProjectStage.COMPLETED)
    TaskForceMemberFactory(task_force=TaskForceFactory(project=green), user=member)
    client.force_login(member)
    codes = [r.code for r in client.get(reverse("projects:my_projects")).context["rows"]]
    assert codes == ["LY-W-001", "LY-W-000"]


# -- lights on the list and the project page -------------------------------------------------------


def test_project_list_shows_each_light_with_its_reasons_as_tooltip(client, work):
    client.force_login(work.office)
    response = client.get(reverse("projects:project_list"))
    rows = {row.code: row for row in response.context["rows"]}
    assert rows["LY-W-001"].light in Light.values
    text = page_text(response)
    assert 'data-light="' in text
    assert "落后序时进度" in text  # the reasons, as the badge's title


def test_project_list_filters_by_light(client, work):
    ProjectFactory(code="LY-W-009", stage=ProjectStage.RESERVE)
    client.force_login(work.office)
    response = client.get(reverse("projects:project_list"), {"light": Light.NONE})
    assert response.status_code == 200
    assert [row.code for row in response.context["rows"]] == ["LY-W-009"]
    bad = client.get(reverse("projects:project_list"), {"light": "purple"})
    assert bad.status_code == 400


def test_project_page_shows_light_reasons_figures_and_links(client, work):
    client.force_login(work.member)
    response = client.get(work.project.get_absolute_url())
    text = page_text(response)
    obj = response.context["object"]
    assert obj.completed_total == Decimal("1500")
    assert "进度与亮灯" in text and "落后序时进度" in text
    assert reverse("projects:task_force", args=[work.project.pk]) in text
    assert reverse("projects:report_list", args=[work.project.pk]) in text
    assert reverse("projects:report_new", args=[work.project.pk]) in text


# -- the task-force page -------------------------------------------------------------------------


def test_task_force_page_shows_members_plan_reports_and_meetings(client, work):
    unit = DepartmentFactory(name="市自然资源局")
    TaskForceMember.objects.create(
        task_force=work.task_force, user=UserFactory(full_name="宋国平"), unit=unit, duty="用地报批"
    )
    client.force_login(work.member)
    response = client.get(reverse("projects:task_force", args=[work.project.pk]))
    assert response.status_code == 200
    text = page_text(response)
    for expected in ("宋国平", "市自然资源局", "用地报批", "主体封顶", "调度会", work.report.period_label):
        assert expected in text, expected
    assert response.context["next_meeting"] >= today()
    reports_listed = list(response.context["reports"])
    assert reports_listed[0].cumulative_total == Decimal("1500")
    assert response.context["rights"].plan and response.context["rights"].report
    assert not response.context["rights"].members
    assert response.context["member_form"] is None


def test_office_adds_and_removes_a_member_with_unit_and_duty(client, work):
    client.force_login(work.office)
    person, unit = UserFactory(roles=[Role.TASK_FORCE_STAFF]), DepartmentFactory()
    response = client.post(
        reverse("projects:member_add", args=[work.project.pk]),
        {"user": person.pk, "unit": unit.pk, "duty": "环评协调"},
    )
    assert response.status_code == 302
    member = TaskForceMember.objects.get(task_force=work.task_force, user=person)
    assert (member.unit, member.duty) == (unit, "环评协调")
    assert member.history.count() == 1 and member.history.first().history_user == work.office
    again = client.post(
        reverse("projects:member_add", args=[work.project.pk]), {"user": person.pk, "duty": "x"}
    )
    assert again.status_code == 400 and "已是该专班成员" in page_text(again)
    response = client.post(reverse("projects:member_remove", args=[member.pk]))
    assert response.status_code == 302
    assert not TaskForceMember.objects.filter(pk=member.pk).exists()


def test_office_sets_up_a_task_force_for_a_project_without_one(client, work):
    project = ProjectFactory(stage=ProjectStage.PREPARATION)
    leader = UserFactory(roles=[Role.CITY_LEADER])
    client.force_login(work.office)
    response = client.post(
        reverse("projects:task_force_edit", args=[project.pk]),
        {"name": "", "leader": leader.pk, "meeting_frequency": "biweekly", "meeting_weekday": "4"},
    )
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.task_force.leader == leader and project.task_force.meeting_frequency == "biweekly"


def test_staff_apply_a_template_then_adjust_and_delete_a_milestone(client, work):
    client.force_login(work.member)
    template = work.template
    response = client.post(
        reverse("projects:apply_template", args=[work.project.pk]), {"template": template.pk}
    )
    assert response.status_code == 302
    names = set(work.project.milestones.values_list("name", flat=True))
    assert set(template.items.values_list("name", flat=True)) <= names

    node = work.project.milestones.exclude(pk=work.milestone.pk).first()
    url = reverse("projects:milestone_edit", args=[node.pk])
    body = {
        "version": node.version,
        "name": node.name,
        "phase": node.phase,
        "planned_date": "2026-03-01",
        "started_on": "2026-02-01",
        "actual_date": "2026-02-20",
        "note": "提前完成",
    }
    assert client.post(url, body).status_code == 302
    node.refresh_from_db()
    assert node.actual_date == datetime.date(2026, 2, 20) and node.status() == "done"

    response = client.post(
        reverse("projects:milestone_delete", args=[node.pk]), {"change_reason": "合并节点"}
    )
    assert response.status_code == 302
    assert not Milestone.objects.filter(pk=node.pk).exists()


def test_adding_a_milestone_through_its_page(client, work):
    client.force_login(work.member)
    url = reverse("projects:milestone_add", args=[work.project.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url, {"name": "设备安装调试", "phase": "construction", "planned_date": "2027-01-15"}
    )
    assert response.status_code == 302
    assert work.project.milestones.get(name="设备安装调试").planned_date == datetime.date(2027, 1, 15)


# -- the report form, the report page and the review --------------------------------------------------


def test_report_form_defaults_to_the_current_period_and_shows_what_it_adds_to(client, work):
    client.force_login(work.member)
    response = client.get(reverse("projects:report_new", args=[work.project.pk]))
    assert response.status_code == 200
    assert response.context["period"].start == this_period()
    expected_ytd = Decimal("1500") if last_period().year == this_period().year else Decimal("0")
    assert response.context["before_total"] == Decimal("1500")
    assert response.context["before_ytd"] == expected_ytd
    text = page_text(response)
    assert 'data-money="construction"' in text and 'name="photos"' in text and "10 MB" in text
    assert "保存草稿" in text and "提交" in text


def test_any_day_of_a_period_opens_that_period_and_an_existing_report_opens_its_edit_page(client, work):
    client.force_login(work.member)
    url = reverse("projects:report_new", args=[work.project.pk])
    response = client.get(url, {"period": (last_period() + datetime.timedelta(days=9)).isoformat()})
    assert response.status_code == 302
    assert response["Location"] == reverse("projects:report_edit", args=[work.report.pk])


def test_staff_file_a_draft_with_photos_then_submit_it(client, work):
    client.force_login(work.member)
    url = reverse("projects:report_new", args=[work.project.pk])
    response = client.post(url, {**report_data(action="draft"), "photos": [png("a.png"), png("b.png")]})
    assert response.status_code == 302, page_text(response)[:2000]
    report = ProgressReport.objects.get(project=work.project, period_start=this_period())
    assert response["Location"] == report.get_absolute_url()
    assert report.status == ReportStatus.DRAFT
    assert report.period_total == Decimal("4700.50") and report.other == Decimal("0")
    assert report.photos.count() == 2

    response = client.post(
        reverse("projects:report_edit", args=[report.pk]),
        report_data(version=report.version, percent_complete="46"),
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED and report.submitted_by == work.member
    figures = reports.with_cumulative(ProgressReport.objects.filter(pk=report.pk)).get()
    assert figures.cumulative_total == Decimal("6200.50")

    page = client.get(report.get_absolute_url())
    text = page_text(page)
    assert "6,200.50" in text and "已提交" in text
    for photo in report.photos.all():
        assert reverse("projects:photo", args=[photo.pk, "thumbnail"]) in text
        assert reverse("projects:photo", args=[photo.pk, "display"]) in text


def test_submitting_moves_the_light_and_the_completed_figures(client, work):
    before = with_lights(Project.objects.filter(pk=work.project.pk)).get()
    client.force_login(work.member)
    client.post(reverse("projects:report_new", args=[work.project.pk]), report_data(construction="11000"))
    after = with_lights(Project.objects.filter(pk=work.project.pk)).get()
    assert after.completed_total == before.completed_total + Decimal("12700.50")
    assert after.completed_ytd == before.completed_ytd + Decimal("12700.50")
    assert after.behind_points < before.behind_points


def test_office_returns_with_a_comment_the_member_sees_it_fixes_and_resubmits(client, work):
    client.force_login(work.office)
    response = client.post(
        reverse("projects:report_return", args=[work.report.pk]), {"return-comment": "设备购置缺少发票依据"}
    )
    assert response.status_code == 302
    work.report.refresh_from_db()
    assert work.report.status == ReportStatus.RETURNED

    client.force_login(work.member)
    page = client.get(work.report.get_absolute_url())
    assert "退回原因：设备购置缺少发票依据" in page_text(page)
    assert reverse("projects:report_edit", args=[work.report.pk]) in page_text(page)
    edit = client.get(reverse("projects:report_edit", args=[work.report.pk]))
    assert "退回原因：设备购置缺少发票依据" in page_text(edit)
    response = client.post(
        reverse("projects:report_edit", args=[work.report.pk]),
        report_data(version=work.report.version, equipment="0"),
    )
    assert response.status_code == 302
    work.report.refresh_from_db()
    assert work.report.status == ReportStatus.SUBMITTED and work.report.equipment == 0


def test_office_accepts_and_an_accepted_report_can_no_longer_be_edited(client, work):
    client.force_login(work.office)
    response = client.post(
        reverse("projects:report_accept", args=[work.report.pk]), {"accept-comment": "数据属实"}
    )
    assert response.status_code == 302
    work.report.refresh_from_db()
    assert work.report.status == ReportStatus.ACCEPTED and work.report.review_comment == "数据属实"
    client.force_login(work.member)
    assert client.get(work.report.get_absolute_url()).context["can_edit"] is False
    refused = client.get(reverse("projects:report_edit", args=[work.report.pk]))
    assert refused.status_code == 403 and "已被采纳" in page_text(refused)


def test_accepting_a_draft_is_refused_with_the_reason(client, work):
    draft = ProgressReportFactory(project=work.project, period_start=this_period(), status=ReportStatus.DRAFT)
    client.force_login(work.office)
    response = client.post(reverse("projects:report_accept", args=[draft.pk]), {})
    assert response.status_code == 400
    assert "只能采纳已提交的报表" in page_text(response)
    draft.refresh_from_db()
    assert draft.status == ReportStatus.DRAFT


def test_project_report_list_shows_every_period_with_cumulative_figures(client, work):
    ProgressReportFactory(
        project=work.project,
        period_start=previous_period("monthly", last_period())[0],
        construction=Decimal("100"),
    )
    client.force_login(work.office)
    response = client.get(reverse("projects:report_list", args=[work.project.pk]))
    listed = list(response.context["reports"])
    assert [r.period_start for r in listed] == [last_period(), previous_period("monthly", last_period())[0]]
    assert listed[0].cumulative_total == Decimal("2100")
    assert listed[1].cumulative_total == Decimal("600")


# -- photos -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["original", "display", "thumbnail"])
def test_photos_are_streamed_to_readers(client, work, kind):
    client.force_login(UserFactory(roles=[Role.INVESTMENT_TEAM]))
    response = client.get(reverse("projects:photo", args=[work.photo.pk, kind]))
    assert response.status_code == 200
    body = b"".join(response.streaming_content)
    assert Image.open(io.BytesIO(body)).size[0] > 0
    assert response["Content-Type"] in ("image/png", "image/jpeg")
    assert "private" in response["Cache-Control"]


def test_photos_are_not_streamed_without_a_role_nor_anonymously(client, work):
    url = reverse("projects:photo", args=[work.photo.pk, "display"])
    assert client.get(url).status_code == 302
    client.force_login(UserFactory())
    assert client.get(url).status_code == 403
    assert client.get(reverse("projects:photo", args=[work.photo.pk, "secret"])).status_code in (403, 404)


def test_staff_delete_a_photo_of_an_editable_report(client, work):
    client.force_login(work.member)
    response = client.post(reverse("projects:photo_delete", args=[work.photo.pk]))
    assert response.status_code == 302
    assert not ReportPhoto.objects.filter(pk=work.photo.pk).exists()


# -- the office's attention list -------------------------------------------------------------------------


def test_attention_list_finds_late_returned_and_submitted_reports(client, work):
    late = ProjectFactory(code="LY-W-010", stage=ProjectStage.PREPARATION)  # nothing filed
    returned = ProjectFactory(code="LY-W-011", stage=ProjectStage.CONSTRUCTION)
    ProgressReportFactory(project=returned, period_start=last_period(), status=ReportStatus.RETURNED)
    accepted = ProjectFactory(code="LY-W-012", stage=ProjectStage.CONSTRUCTION)
    ProgressReportFactory(project=accepted, period_start=last_period(), status=ReportStatus.ACCEPTED)
    ProjectFactory(code="LY-W-013", stage=ProjectStage.RESERVE)  # not reported yet: no light, no duty
    client.force_login(work.office)
    url = reverse("projects:reports_attention")
    response = client.get(url)
    assert response.status_code == 200
    rows = {row.code: row for row in response.context["rows"]}
    assert "LY-W-012" not in rows and "LY-W-013" not in rows
    assert rows["LY-W-001"].previous_period.status == ReportStatus.SUBMITTED  # awaiting review
    assert rows["LY-W-010"].previous_period.is_late  # last month's was due on the 5th
    assert rows["LY-W-011"].previous_period.status == ReportStatus.RETURNED
    assert late.code in page_text(response)

    only_late = client.get(url, {"state": "late", "period": "previous"}).context["rows"]
    assert {row.code for row in only_late} >= {"LY-W-010", "LY-W-002"}
    assert "LY-W-011" not in {row.code for row in only_late}
    only_returned = client.get(url, {"state": "returned"}).context["rows"]
    assert [row.code for row in only_returned] == ["LY-W-011"]
    assert client.get(url, {"stage": "reserve"}).status_code == 400
    assert client.get(url, {"colour": "red"}).status_code == 400


# -- meetings ---------------------------------------------------------------------------------------------


def test_staff_record_a_meeting_with_attendees_then_add_and_finish_an_action_item(client, work):
    client.force_login(work.member)
    url = reverse("projects:meeting_new", args=[work.project.pk])
    form = client.get(url)
    assert form.status_code == 200
    assert form.context["form"].initial["held_on"] == today()
    response = client.post(
        url,
        {
            "held_on": today().isoformat(),
            "location": "项目现场指挥部",
            "chair": work.task_force.leader.pk,
            "attendees": [work.member.pk, work.task_force.leader.pk],
            "minutes": "听取施工进度汇报。",
            "decisions": "本月底前完成供电方案。",
        },
    )
    assert response.status_code == 302
    meeting = DispatchMeeting.objects.filter(task_force=work.task_force).order_by("-pk").first()
    assert set(meeting.attendees.all()) == {work.member, work.task_force.leader}
    assert response["Location"] == meeting.get_absolute_url()

    add = client.post(
        reverse("projects:action_item_add", args=[meeting.pk]),
        {"item-title": "完成供电方案", "item-due_date": (today() + datetime.timedelta(days=3)).isoformat()},
    )
    assert add.status_code == 302
    item = meeting.action_items.get()
    done = client.post(reverse("projects:action_item_done", args=[item.pk]), {"version": item.version})
    assert done.status_code == 302
    item.refresh_from_db()
    assert item.done_on == today()
    page = client.get(meeting.get_absolute_url())
    assert "完成供电方案" in page_text(page) and "听取施工进度汇报" in page_text(page)


def test_editing_a_meeting_and_an_action_item(client, work):
    client.force_login(work.member)
    response = client.post(
        reverse("projects:meeting_edit", args=[work.meeting.pk]),
        {
            "version": work.meeting.version,
            "held_on": work.meeting.held_on.isoformat(),
            "minutes": "修订后的纪要",
            "attendees": [work.member.pk],
        },
    )
    assert response.status_code == 302
    work.meeting.refresh_from_db()
    assert work.meeting.minutes == "修订后的纪要"
    response = client.post(
        reverse("projects:action_item_edit", args=[work.item.pk]),
        {
            "version": work.item.version,
            "title": "协调供电接入（加急）",
            "due_date": work.item.due_date.isoformat(),
        },
    )
    assert response.status_code == 302
    work.item.refresh_from_db()
    assert work.item.title == "协调供电接入（加急）"


def test_navigation_offers_my_projects_to_staff_and_the_attention_list_to_the_office(client, work):
    client.force_login(work.member)
    text = page_text(client.get(reverse("projects:my_projects")))
    assert reverse("projects:my_projects") in text and reverse("projects:reports_attention") not in text
    client.force_login(work.office)
    text = page_text(client.get(reverse("projects:project_list")))
    assert reverse("projects:reports_attention") in text
