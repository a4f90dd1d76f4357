"""Who may do what through the task-force, work-plan, report and meeting API (精准服务).

Everyone with a role reads every endpoint; a user without a role gets 403 and an
anonymous caller 401. The office does everything. Whoever may change a project —
a member of its task force, staff of its responsible unit, its service
commissioner — files its reports and photos and keeps its work plan; meetings
and action items are recorded by the office and task-force staff
(``projects.policies``), and changed in scope by all three. Only the office
accepts or returns a report, and keeps task forces and their members. A member
of another task force gets 403 on every write and nothing changes.

Here: one permission matrix per endpoint (plain reads and writes), and the helpers
the other API tests share. The actions (submit, accept, return, photos, apply a
template) and the other task force's member are in test_work_api_actions.
"""

import datetime
import io
import itertools

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from accounts.roles import Role
from projects.choices import MeetingFrequency, MilestonePhase, ProjectStage
from projects.models import (
    ActionItem,
    DispatchMeeting,
    Milestone,
    MilestoneTemplate,
    MilestoneTemplateItem,
    ProgressReport,
    Project,
    ReportPhoto,
    TaskForce,
    TaskForceMember,
)
from projects.services import photos
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
from tests.matrix import (
    ANONYMOUS,
    ANONYMOUS_ACCESS,
    FULL,
    NO_ACCESS,
    NO_ROLE,
    READ_ONLY,
    SUPERUSER,
    PermissionMatrix,
    expect,
    scoped,
)

#: every table a write of this API may touch (their history tables are watched too)
WATCH = [
    ProgressReport,
    ReportPhoto,
    Milestone,
    DispatchMeeting,
    DispatchMeeting.attendees.through,
    ActionItem,
    TaskForce,
    TaskForceMember,
    Project,
]
#: the roles with a row scope over projects
SCOPED_ROLES = (Role.TASK_FORCE_STAFF, Role.DEPARTMENT_STAFF, Role.SERVICE_COMMISSIONER)
READERS = (Role.CITY_LEADER, Role.INVESTMENT_TEAM)
_names = itertools.count(1)


def office():
    return UserFactory(roles=[Role.KEY_OFFICE])


def this_month():
    return timezone.localdate().replace(day=1)


def outsiders_project(**fields):
    """A project in nobody's scope, though every scope path exists: a task force with a member,
    a responsible unit, a service commissioner."""
    project = ProjectFactory(
        stage=ProjectStage.CONSTRUCTION,
        service_commissioner=UserFactory(roles=[Role.SERVICE_COMMISSIONER]),
        **fields,
    )
    TaskForceMemberFactory(task_force__project=project)
    return project


def link(project, user, role):
    """Bring ``project`` into ``user``'s row scope for ``role`` (nothing for roles without one)."""
    if role == Role.TASK_FORCE_STAFF:
        TaskForceMemberFactory(task_force=TaskForceFactory(project=project), user=user)
    elif role == Role.DEPARTMENT_STAFF:
        if user.unit_id is None:
            user.unit = DepartmentFactory()
            user.save(update_fields=["unit"])
        Project.objects.filter(pk=project.pk).update(responsible_unit=user.unit)
    elif role == Role.SERVICE_COMMISSIONER:
        Project.objects.filter(pk=project.pk).update(service_commissioner=user)


def my_project(user, role):
    """A new project the user may change (for creates)."""
    project = outsiders_project()
    link(project, user, role)
    return project


def png(name="现场.png", size=(64, 48)):
    buffer = io.BytesIO()
    Image.new("RGB", size, (180, 120, 60)).save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def add_photo(report):
    return photos.add_photo(report, png(), actor=office(), caption="基础施工")


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def table(office_table, scoped_table=READ_ONLY, readers=READ_ONLY, **overrides):
    """The expectation table: the office (and superusers), the three scoped roles, the readers."""
    result = {
        Role.KEY_OFFICE: office_table,
        SUPERUSER: office_table,
        **dict.fromkeys(SCOPED_ROLES, scoped_table),
        **dict.fromkeys(READERS, readers),
        NO_ROLE: NO_ACCESS,
        ANONYMOUS: ANONYMOUS_ACCESS,
    }
    result.update(overrides)
    return result


# -- plain reads and writes: one matrix per endpoint --------------------------------------


class ApiMatrix(PermissionMatrix):
    """The matrix for API endpoints only (the pages have their own tests)."""

    # A project's parts cannot leave their project (a 400, tested in test_work_api*), so there is
    # no scope escape to refuse with 403.
    test_page = test_page_scope_escape = test_api_scope_escape = None

    def project_of(self, obj):
        return obj.project

    def link_to_scope(self, obj, user, role):
        link(self.project_of(obj), user, role)


class TestTaskForceApiMatrix(ApiMatrix):
    """Task forces: the office creates and edits them; nobody deletes one (405)."""

    model = TaskForce
    api_list_url = staticmethod(lambda: reverse("api:task-force-list"))
    api_detail_url = staticmethod(lambda obj: reverse("api:task-force-detail", args=[obj.pk]))
    expected = table(expect(FULL, api_destroy=405))

    def make_object(self):
        return outsiders_project().task_force

    def create_api_data(self, user):
        return {
            "project": ProjectFactory().pk,
            "name": f"接口组建的专班{next(_names)}",
            "leader": UserFactory(roles=[Role.CITY_LEADER]).pk,
            "meeting_frequency": MeetingFrequency.BIWEEKLY,
            "meeting_weekday": 2,
        }

    def update_api_data(self, user, task_force):
        return {
            "project": task_force.project_id,
            "name": "调整后的专班",
            "leader": UserFactory(roles=[Role.CITY_LEADER]).pk,
            "meeting_frequency": MeetingFrequency.MONTHLY,
            "meeting_weekday": 4,
        }

    def partial_api_data(self, user, task_force):
        return {"meeting_weekday": 3}


class TestTaskForceMemberApiMatrix(ApiMatrix):
    """Members: membership grants the row scope, so only the office keeps it."""

    model = TaskForceMember
    api_list_url = staticmethod(lambda: reverse("api:task-force-member-list"))
    api_detail_url = staticmethod(lambda obj: reverse("api:task-force-member-detail", args=[obj.pk]))
    expected = table(FULL)

    def project_of(self, member):
        return member.task_force.project

    def make_object(self):
        return outsiders_project().task_force.members.get()

    def create_api_data(self, user):
        return {
            "task_force": TaskForceFactory().pk,
            "user": UserFactory(roles=[Role.TASK_FORCE_STAFF]).pk,
            "unit": DepartmentFactory().pk,
            "duty": "用地报批",
        }

    def update_api_data(self, user, member):
        return {
            "task_force": member.task_force_id,
            "user": member.user_id,
            "unit": DepartmentFactory().pk,
            "duty": "环评安评",
        }

    def partial_api_data(self, user, member):
        return {"duty": "协调水电气"}


class TestMilestoneTemplateApiMatrix(ApiMatrix):
    """Templates: read-only here for everyone (the office keeps them in the admin)."""

    model = MilestoneTemplate
    api_list_url = staticmethod(lambda: reverse("api:milestone-template-list"))
    api_detail_url = staticmethod(lambda obj: reverse("api:milestone-template-detail", args=[obj.pk]))
    _closed = expect(READ_ONLY, api_create=405, api_update=405, api_partial_update=405, api_destroy=405)
    expected = table(_closed)

    def make_object(self):
        template = MilestoneTemplate.objects.create(name=f"测试模板{next(_names)}")
        MilestoneTemplateItem.objects.create(
            template=template, name="土地征收", phase=MilestonePhase.PRE_CONSTRUCTION
        )
        return template

    def link_to_scope(self, obj, user, role):
        pass

    def create_api_data(self, user):
        return {"name": "新模板"}

    def update_api_data(self, user, template):
        return {"name": "改名"}

    def partial_api_data(self, user, template):
        return {"name": "改名"}


#: the three scoped roles: create on their own projects, change and delete in scope
IN_SCOPE_FULL = expect(
    FULL,
    api_update=scoped(200, 403),
    api_partial_update=scoped(200, 403),
    api_destroy=scoped(204, 403),
)


class TestMilestoneApiMatrix(ApiMatrix):
    """Milestones: whoever may change the project keeps its work plan."""

    model = Milestone
    volatile_fields = frozenset({"version"})
    api_list_url = staticmethod(lambda: reverse("api:milestone-list"))
    api_detail_url = staticmethod(lambda obj: reverse("api:milestone-detail", args=[obj.pk]))
    expected = table(FULL, scoped_table=IN_SCOPE_FULL)

    def make_object(self):
        return MilestoneFactory(project=outsiders_project())

    def create_api_data(self, user):
        project = my_project(user, self.role_of(user))
        return {
            "project": project.pk,
            "name": "规划许可",
            "phase": MilestonePhase.PRE_CONSTRUCTION,
            "owner": UserFactory().pk,
            "owner_unit": DepartmentFactory().pk,
            "planned_date": "2026-09-30",
            "started_on": "2026-05-01",
            "note": "自然资源局牵头",
            "sort_order": 20,
        }

    def update_api_data(self, user, milestone):
        return {
            "project": milestone.project_id,
            "name": "施工许可",
            "phase": MilestonePhase.CONSTRUCTION,
            "owner": UserFactory().pk,
            "owner_unit": DepartmentFactory().pk,
            "planned_date": "2026-10-31",
            "started_on": "2026-06-01",
            "actual_date": "2026-07-15",
            "note": "住建局牵头",
            "sort_order": 30,
            "version": milestone.version,
        }

    def partial_api_data(self, user, milestone):
        return {"actual_date": timezone.localdate().isoformat(), "version": milestone.version}

    @staticmethod
    def role_of(user):
        return next((r for r in SCOPED_ROLES if user.groups.filter(name=r).exists()), None)


class TestProgressReportApiMatrix(ApiMatrix):
    """Reports: filed by whoever may change the project; never deleted (405 for those who pass
    the role check, 403 for the rest)."""

    model = ProgressReport
    volatile_fields = frozenset({"version", "period_total"})
    api_list_url = staticmethod(lambda: reverse("api:progress-report-list"))
    api_detail_url = staticmethod(lambda obj: reverse("api:progress-report-detail", args=[obj.pk]))
    expected = table(
        expect(FULL, api_destroy=405),
        scoped_table=expect(IN_SCOPE_FULL, api_destroy=405),
    )

    def make_object(self):
        return ProgressReportFactory(project=outsiders_project())

    def create_api_data(self, user):
        project = my_project(user, TestMilestoneApiMatrix.role_of(user))
        return {
            "project": project.pk,
            "period_start": this_month().isoformat(),
            "construction": "800.00",
            "installation": "120.00",
            "equipment": "300.00",
            "other": "15.50",
            "physical_progress": "1#厂房封顶，2#厂房基础施工",
            "percent_complete": "42.50",
            "problems": "用电报装待审批",
        }

    def update_api_data(self, user, report):
        return {
            "project": report.project_id,
            "period_start": report.period_start.isoformat(),
            "construction": "900.00",
            "installation": "100.00",
            "equipment": "0.00",
            "other": "10.00",
            "physical_progress": "主体结构完成",
            "percent_complete": "55.00",
            "problems": "",
            "version": report.version,
        }

    def partial_api_data(self, user, report):
        return {"construction": "1500.00", "version": report.version}


class TestReportPhotoApiMatrix(ApiMatrix):
    """Photos: uploaded through the report's action; deleted here by whoever may change the
    report. No create or edit here (405 for those who pass the role check)."""

    model = ReportPhoto
    api_list_url = staticmethod(lambda: reverse("api:report-photo-list"))
    api_detail_url = staticmethod(lambda obj: reverse("api:report-photo-detail", args=[obj.pk]))
    _office = expect(FULL, api_create=405, api_update=405, api_partial_update=405)
    _scoped = expect(_office, api_destroy=scoped(204, 403))
    expected = table(_office, scoped_table=_scoped)

    def project_of(self, photo):
        return photo.report.project

    def make_object(self):
        return add_photo(ProgressReportFactory(project=outsiders_project()))

    def create_api_data(self, user):
        return {"report": ProgressReportFactory().pk, "caption": "伪造"}

    def update_api_data(self, user, photo):
        return {"caption": "改说明"}

    def partial_api_data(self, user, photo):
        return {"caption": "改说明"}


class TestProjectLightApiMatrix(ApiMatrix):
    """Lights: read-only for every role. Roles that may change some project pass the role check
    of a PUT or DELETE and meet 405; the office also for POST."""

    model = Project
    api_list_url = staticmethod(lambda: reverse("api:project-light-list"))
    api_detail_url = staticmethod(lambda obj: reverse("api:project-light-detail", args=[obj.pk]))
    _office = expect(READ_ONLY, api_create=405, api_update=405, api_partial_update=405, api_destroy=405)
    _scoped = expect(READ_ONLY, api_update=405, api_partial_update=405, api_destroy=405)
    expected = table(_office, scoped_table=_scoped)

    def make_object(self):
        return outsiders_project()

    def project_of(self, project):
        return project

    def create_api_data(self, user):
        return {"code": "X"}

    def update_api_data(self, user, project):
        return {"name": "改名"}

    def partial_api_data(self, user, project):
        return {"name": "改名"}


def meeting_body(task_force):
    return {
        "task_force": task_force.pk,
        "held_on": (timezone.localdate() - datetime.timedelta(days=1)).isoformat(),
        "location": "项目现场会议室",
        "chair": UserFactory(roles=[Role.CITY_LEADER]).pk,
        "attendees": [UserFactory().pk, UserFactory().pk],
        "minutes": "听取项目进展汇报，协调用电报装。",
        "decisions": "供电公司本周内完成现场勘查。",
    }


class TestMeetingApiMatrix(ApiMatrix):
    """Meetings: the office and task-force staff record them; in scope, all three scoped roles
    change them; only the office deletes one (with its action items)."""

    model = DispatchMeeting
    volatile_fields = frozenset({"version"})
    api_list_url = staticmethod(lambda: reverse("api:meeting-list"))
    api_detail_url = staticmethod(lambda obj: reverse("api:meeting-detail", args=[obj.pk]))
    _changes = expect(READ_ONLY, api_update=scoped(200, 403), api_partial_update=scoped(200, 403))
    # Whoever works on the project (task-force staff, its department, its commissioner) records meetings.
    expected = table(FULL, scoped_table=expect(_changes, api_create=201))

    def project_of(self, meeting):
        return meeting.task_force.project

    def make_object(self):
        return DispatchMeetingFactory(task_force=outsiders_project().task_force)

    def create_api_data(self, user):
        project = my_project(user, TestMilestoneApiMatrix.role_of(user))
        return meeting_body(TaskForceFactory(project=project))

    def update_api_data(self, user, meeting):
        return {**meeting_body(meeting.task_force), "version": meeting.version}

    def partial_api_data(self, user, meeting):
        return {"decisions": "下周三前完成用地报批。", "version": meeting.version}


class TestActionItemApiMatrix(ApiMatrix):
    """Action items: the office adds, changes and deletes any; in scope, all three scoped roles
    (task-force staff, the responsible department, the commissioner) do the same."""

    model = ActionItem
    volatile_fields = frozenset({"version"})
    api_list_url = staticmethod(lambda: reverse("api:action-item-list"))
    api_detail_url = staticmethod(lambda obj: reverse("api:action-item-detail", args=[obj.pk]))
    _changes = expect(READ_ONLY, api_update=scoped(200, 403), api_partial_update=scoped(200, 403))
    expected = table(FULL, scoped_table=IN_SCOPE_FULL)

    def project_of(self, item):
        return item.meeting.task_force.project

    def make_object(self):
        meeting = DispatchMeetingFactory(task_force=outsiders_project().task_force)
        return ActionItem.objects.create(
            meeting=meeting, title="协调用电报装", due_date=timezone.localdate() + datetime.timedelta(days=7)
        )

    def create_api_data(self, user):
        project = my_project(user, TestMilestoneApiMatrix.role_of(user))
        meeting = DispatchMeetingFactory(task_force=TaskForceFactory(project=project))
        return {
            "meeting": meeting.pk,
            "title": "完成规划许可办理",
            "owner": UserFactory().pk,
            "owner_unit": DepartmentFactory().pk,
            "due_date": (timezone.localdate() + datetime.timedelta(days=14)).isoformat(),
            "note": "自然资源局",
        }

    def update_api_data(self, user, item):
        return {
            "meeting": item.meeting_id,
            "title": "完成施工许可办理",
            "owner": UserFactory().pk,
            "owner_unit": DepartmentFactory().pk,
            "due_date": (timezone.localdate() + datetime.timedelta(days=21)).isoformat(),
            "done_on": timezone.localdate().isoformat(),
            "note": "住建局",
            "version": item.version,
        }

    def partial_api_data(self, user, item):
        return {"done_on": timezone.localdate().isoformat(), "version": item.version}
