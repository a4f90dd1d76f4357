"""The permission matrix of every approvals page and action.

Anonymous users go to the login page; a user without a role gets 403. The
catalogue and calendar are read by every role. A case is read by the office,
city leaders, superusers and those in its row scope (the project's task force,
its commissioner, the departments holding one of its tasks); anyone else gets
404 for it, and an empty list. Only the office and service commissioners open
the single window, a commissioner only for the projects they serve; only a
task's department acts on it (the office supervises, it does not approve);
only the office and the project's commissioner supply materials. A refused
action answers 403 and changes nothing.
"""

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.roles import Role
from approvals.choices import TaskStatus
from approvals.models import ApprovalCase, ApprovalTask, CaseMaterial, Supplement, TaskMove
from approvals.services import handling
from tests.action_matrix import ANONYMOUS, LOGIN, NO_ROLE, SUPERUSER, matrix, perform
from tests.factories import DepartmentFactory, TaskForceFactory, TaskForceMemberFactory, UserFactory

from .factories import pdf
from .test_pages import deficient_files, intake_data

pytestmark = pytest.mark.django_db

WATCH = [ApprovalCase, ApprovalTask, TaskMove, Supplement, CaseMaterial]
OFFICE, LEADER, TASK_FORCE, DEPARTMENT, INVESTMENT, COMMISSIONER = (
    Role.KEY_OFFICE,
    Role.CITY_LEADER,
    Role.TASK_FORCE_STAFF,
    Role.DEPARTMENT_STAFF,
    Role.INVESTMENT_TEAM,
    Role.SERVICE_COMMISSIONER,
)


@pytest.fixture
def world(scene):
    """A case accepted with deficiencies today: item A waits for a promised material; item B,
    at department B, is back with the applicant for correction."""
    case = scene.submit_deficient(when=timezone.localdate())
    scene.case = case
    scene.task_a = case.tasks.get(item=scene.item_a)
    scene.task_b = case.tasks.get(item=scene.item_b)
    handling.return_for_correction(scene.staff_b, scene.task_b, reason="请补正")
    scene.supplement = case.supplements.get()
    scene.upload = case.materials.first()
    return scene


def person(who, world, in_scope=False):
    """A user of this kind: outside the case's scope, or (``in_scope``) inside it."""
    if who == ANONYMOUS:
        return None
    if who == SUPERUSER:
        return UserFactory(is_superuser=True, is_staff=True)
    if who == NO_ROLE:
        return UserFactory()
    if who == OFFICE:
        return world.office
    if who == DEPARTMENT:
        return world.staff_a if in_scope else UserFactory(roles=[who], unit=DepartmentFactory())
    if who == COMMISSIONER:
        return world.commissioner if in_scope else UserFactory(roles=[who])
    user = UserFactory(roles=[who])
    if who == TASK_FORCE and in_scope:
        TaskForceMemberFactory(task_force=TaskForceFactory(project=world.project), user=user)
    return user


# -- pages (GET) -------------------------------------------------------------------------------

PAGES = {
    "window": lambda w: reverse("approvals:window"),
    "case_list": lambda w: reverse("approvals:case_list"),
    "case_detail": lambda w: w.case.get_absolute_url(),
    "case_notice": lambda w: reverse("approvals:case_notice", args=[w.case.pk]),
    "promise_letter": lambda w: reverse("approvals:promise_letter", args=[w.case.pk]),
    "material_file": lambda w: reverse("approvals:material_file", args=[w.upload.pk]),
    "inbox": lambda w: reverse("approvals:inbox"),
    "statistics": lambda w: reverse("approvals:statistics"),
    "catalogue": lambda w: reverse("approvals:catalogue"),
    "calendar": lambda w: reverse("approvals:calendar"),
}
EVERY_ROLE = matrix(default=200, **{NO_ROLE: 403, ANONYMOUS: LOGIN})
#: a case out of the user's scope: 404 (as if it did not exist)
CASE = matrix(default=404, **{OFFICE: 200, LEADER: 200, SUPERUSER: 200, NO_ROLE: 403, ANONYMOUS: LOGIN})
FILES = matrix(default=404, **{OFFICE: 200, LEADER: 200, SUPERUSER: 200, ANONYMOUS: LOGIN})
EXPECTED_PAGES = {
    "window": matrix(default=403, **{OFFICE: 200, COMMISSIONER: 200, SUPERUSER: 200, ANONYMOUS: LOGIN}),
    "case_list": EVERY_ROLE,
    "case_detail": CASE,
    "case_notice": CASE,
    "promise_letter": FILES,
    "material_file": FILES,
    "inbox": matrix(
        default=403, **{OFFICE: 200, LEADER: 200, DEPARTMENT: 200, SUPERUSER: 200, ANONYMOUS: LOGIN}
    ),
    "statistics": matrix(default=403, **{OFFICE: 200, LEADER: 200, SUPERUSER: 200, ANONYMOUS: LOGIN}),
    "catalogue": EVERY_ROLE,
    "calendar": EVERY_ROLE,
}
PAGE_CASES = [
    pytest.param(page, *param.values, id=f"{page}-{param.id}")
    for page, table in EXPECTED_PAGES.items()
    for param in table
]


@pytest.mark.parametrize("page, who, status", PAGE_CASES)
def test_who_opens_each_page(client, world, page, who, status):
    url = PAGES[page](world)
    perform(client, who, status, lambda c: c.get(url), watch=WATCH, user=person(who, world))


IN_SCOPE = (TASK_FORCE, DEPARTMENT, COMMISSIONER)


@pytest.mark.parametrize("who", IN_SCOPE)
@pytest.mark.parametrize("page", ["case_detail", "case_notice", "material_file", "promise_letter"])
def test_those_in_the_cases_scope_read_it(client, world, page, who):
    url = PAGES[page](world)
    perform(client, who, 200, lambda c: c.get(url), watch=WATCH, user=person(who, world, in_scope=True))


def test_a_case_out_of_scope_is_not_listed(client, world):
    for who in (TASK_FORCE, DEPARTMENT, INVESTMENT, COMMISSIONER):
        client.force_login(person(who, world))
        response = client.get(PAGES["case_list"](world))
        assert response.status_code == 200
        assert world.case.code not in response.content.decode(), who


def test_a_department_sees_only_its_own_task_of_a_case(client, world):
    client.force_login(world.staff_a)
    body = client.get(world.case.get_absolute_url()).content.decode()
    assert f'id="task-{world.task_a.pk}"' in body
    assert f'id="task-{world.task_b.pk}"' not in body


def test_department_staff_without_a_unit_are_refused_the_inbox(client, db):
    client.force_login(UserFactory(roles=[DEPARTMENT]))
    assert client.get(reverse("approvals:inbox")).status_code == 403


# -- actions (POST) ------------------------------------------------------------------------------

#: only the task's department (and superusers) act on it
DEPARTMENT_ACTS = matrix(default=403, **{SUPERUSER: 302, ANONYMOUS: LOGIN})
#: the applicant's side: the office, the project's commissioner, superusers
APPLICANT_ACTS = matrix(default=403, **{OFFICE: 302, SUPERUSER: 302, ANONYMOUS: LOGIN})

TASK_ACTIONS = {
    "start": {},
    "approve": {"document_number": "浏审〔2026〕1号"},
    "reject": {"reason": "不符合规划条件"},
    "return": {"reason": "请补正红线图"},
}


@pytest.mark.parametrize("who, status", DEPARTMENT_ACTS)
@pytest.mark.parametrize("action", TASK_ACTIONS)
def test_only_the_tasks_department_acts_on_it(client, world, action, who, status):
    if action == "approve":
        handling.supply(world.commissioner, world.supplement, upload=pdf())
    task = ApprovalTask.objects.get(pk=world.task_a.pk)
    url = reverse("approvals:task_action", args=[task.pk, action])
    data = {"version": task.version, **TASK_ACTIONS[action]}
    perform(client, who, status, lambda c: c.post(url, data), watch=WATCH, user=person(who, world))


@pytest.mark.parametrize("action", TASK_ACTIONS)
def test_the_tasks_own_department_acts_on_it(client, world, action):
    if action == "approve":
        handling.supply(world.commissioner, world.supplement, upload=pdf())
    task = ApprovalTask.objects.get(pk=world.task_a.pk)
    url = reverse("approvals:task_action", args=[task.pk, action])
    data = {"version": task.version, **TASK_ACTIONS[action]}
    perform(client, DEPARTMENT, 302, lambda c: c.post(url, data), watch=WATCH, user=world.staff_a)
    task.refresh_from_db()
    expected = {
        "start": TaskStatus.REVIEWING,
        "approve": TaskStatus.APPROVED,
        "reject": TaskStatus.REJECTED,
        "return": TaskStatus.CORRECTING,
    }
    assert task.status == expected[action]


def test_another_departments_staff_cannot_act_and_the_task_is_unchanged(client, world):
    task = world.task_a
    before = (task.status, task.version, task.moves.count())
    response = perform(
        client,
        DEPARTMENT,
        403,
        lambda c: c.post(
            reverse("approvals:task_action", args=[task.pk, "start"]), {"version": task.version}
        ),
        watch=WATCH,
        user=world.staff_b,  # department B holds a task of the same case
    )
    assert response.status_code == 403
    task.refresh_from_db()
    assert (task.status, task.version, task.moves.count()) == before


def test_an_unknown_action_is_404(client, world):
    client.force_login(world.staff_a)
    url = reverse("approvals:task_action", args=[world.task_a.pk, "delete"])
    assert client.post(url, {"version": world.task_a.version}).status_code == 404


@pytest.mark.parametrize("action", ["start", "approve"])
def test_actions_are_post_only(client, world, action):
    client.force_login(world.staff_a)
    assert client.get(reverse("approvals:task_action", args=[world.task_a.pk, action])).status_code == 405


@pytest.mark.parametrize("who, status", APPLICANT_ACTS)
def test_who_supplies_a_promised_material(client, world, who, status):
    url = reverse("approvals:supply", args=[world.supplement.pk])
    perform(client, who, status, lambda c: c.post(url, {"file": pdf()}), watch=WATCH, user=person(who, world))


def test_the_projects_commissioner_supplies_and_another_is_refused(client, world):
    url = reverse("approvals:supply", args=[world.supplement.pk])
    perform(
        client,
        COMMISSIONER,
        403,
        lambda c: c.post(url, {"file": pdf()}),
        watch=WATCH,
        user=person(COMMISSIONER, world),
    )
    perform(
        client,
        COMMISSIONER,
        302,
        lambda c: c.post(url, {"file": pdf()}),
        watch=WATCH,
        user=world.commissioner,
    )


@pytest.mark.parametrize("who, status", APPLICANT_ACTS)
def test_who_resubmits_a_correction(client, world, who, status):
    url = reverse("approvals:resubmit", args=[world.task_b.pk])
    data = {"note": "已补正", f"material_{world.main_b.pk}": pdf()}
    perform(client, who, status, lambda c: c.post(url, data), watch=WATCH, user=person(who, world))


#: the single window: the office for any project, a commissioner for the projects they serve
INTAKE = matrix(default=403, **{OFFICE: 302, SUPERUSER: 302, ANONYMOUS: LOGIN})


@pytest.mark.parametrize("who, status", INTAKE)
def test_who_submits_at_the_single_window(client, scene, who, status):
    data = intake_data(
        scene, deficient_files(scene), promise_signed_by="王法人", promise_letter=pdf("承诺书.pdf")
    )
    perform(
        client,
        who,
        status,
        lambda c: c.post(reverse("approvals:window"), data),
        watch=WATCH,
        user=person(who, scene),
    )


def test_a_commissioner_submits_for_their_project_and_not_for_another(client, scene):
    url = reverse("approvals:window")
    other = UserFactory(roles=[COMMISSIONER])
    perform(
        client,
        COMMISSIONER,
        403,
        lambda c: c.post(url, intake_data(scene, deficient_files(scene))),
        watch=WATCH,
        user=other,
    )
    data = intake_data(
        scene, deficient_files(scene), promise_signed_by="王法人", promise_letter=pdf("承诺书.pdf")
    )
    perform(client, COMMISSIONER, 302, lambda c: c.post(url, data), watch=WATCH, user=scene.commissioner)
    assert ApprovalCase.objects.get().submitted_by == scene.commissioner


def test_the_office_supervises_but_cannot_approve(client, world):
    handling.supply(world.commissioner, world.supplement, upload=pdf())
    task = ApprovalTask.objects.get(pk=world.task_a.pk)
    url = reverse("approvals:task_action", args=[task.pk, "approve"])
    response = perform(
        client,
        OFFICE,
        403,
        lambda c: c.post(url, {"version": task.version, "document_number": "X"}),
        watch=WATCH,
        user=world.office,
    )
    assert "只有审批部门" in response.content.decode()
