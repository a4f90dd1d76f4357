"""Who may read and act on cases, tasks and supplements through the API; a refusal changes nothing.

Reads follow the policies' row scopes: the office, city leaders and superusers see
everything; a service commissioner their projects'; a department its own tasks and the
cases (and their supplements) holding them; task-force staff their project's; the
investment team nothing (an empty list, 404 on a detail). Intake, supply and the
resubmission of a correction are the applicant's side (the office, the project's
commissioner); starting, approving, rejecting and returning a task are its department's
only: the office supervises and gets 403, a department acting on another department's
task gets 404 (it cannot see it). Every refusal leaves every approvals table as it was.
"""

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.roles import Role
from approvals.choices import TaskStatus
from approvals.services import handling
from tests.action_matrix import perform
from tests.factories import ProjectFactory, TaskForceFactory, TaskForceMemberFactory, UserFactory
from tests.matrix import ANONYMOUS, NO_ROLE, SUPERUSER

from .factories import pdf
from .test_api import WATCH, body, rows, submit, task_url

# -- cases, tasks and supplements: reads by row scope -----------------------------------------------

OFFICE, LEADER, COMMISSIONER = "office", "leader", "commissioner"
OTHER_COMMISSIONER, OWN_DEPARTMENT, OTHER_DEPARTMENT = (
    "other_commissioner",
    "own_department",
    "other_department",
)
TASK_FORCE, INVESTMENT = "task_force", "investment"


def actor(scene, who):
    """A user of this kind for the scene's project and item A's task (None for anonymous)."""
    if who == ANONYMOUS:
        return None
    if who == OFFICE:
        return scene.office
    if who == COMMISSIONER:
        return scene.commissioner
    if who == OWN_DEPARTMENT:
        return scene.staff_a
    if who == OTHER_DEPARTMENT:
        return scene.staff_b
    if who == LEADER:
        return UserFactory(roles=[Role.CITY_LEADER])
    if who == OTHER_COMMISSIONER:
        return UserFactory(roles=[Role.SERVICE_COMMISSIONER])
    if who == TASK_FORCE:
        user = UserFactory(roles=[Role.TASK_FORCE_STAFF])
        TaskForceMemberFactory(task_force=TaskForceFactory(project=scene.project), user=user)
        return user
    if who == INVESTMENT:
        return UserFactory(roles=[Role.INVESTMENT_TEAM])
    if who == SUPERUSER:
        return UserFactory(is_superuser=True, is_staff=True)
    if who == NO_ROLE:
        return UserFactory()
    raise ValueError(who)


EVERYONE = (
    OFFICE,
    LEADER,
    COMMISSIONER,
    OTHER_COMMISSIONER,
    OWN_DEPARTMENT,
    OTHER_DEPARTMENT,
    TASK_FORCE,
    INVESTMENT,
    SUPERUSER,
    NO_ROLE,
    ANONYMOUS,
)


def kinds(default, **statuses):
    return [
        pytest.param(who, statuses.get(who, default), id=f"{who}-{statuses.get(who, default)}")
        for who in EVERYONE
    ]


def client_as(user):
    client = APIClient()
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def world(scene):
    """The scene's case (items A and B, item A's secondary material on promise) and another
    project's case with item B only (department B), deficient too."""
    mine = scene.submit_deficient(when=timezone.localdate())
    other_project = ProjectFactory(service_commissioner=UserFactory(roles=[Role.SERVICE_COMMISSIONER]))
    from approvals.services.intake import submit_case

    theirs = submit_case(
        scene.office,
        project=other_project,
        stage=scene.stage,
        items=[scene.item_b],
        uploads={scene.main_b.pk: pdf()},
        applicant_name=other_project.owner_enterprise,
        promise_signed_by="李法人",
        promise_letter=pdf("承诺书.pdf"),
    )
    return {
        "mine": mine,
        "theirs": theirs,
        "task_a": mine.tasks.get(item=scene.item_a),
        "task_b": mine.tasks.get(item=scene.item_b),
        "their_task": theirs.tasks.get(),
        "supplement": mine.supplements.get(),
        "their_supplement": theirs.supplements.get(),
    }


#: who → which of the world's cases / tasks / supplements they see
ALL = {"mine", "theirs", "task_a", "task_b", "their_task", "supplement", "their_supplement"}
SEES = {
    OFFICE: ALL,
    LEADER: ALL,
    SUPERUSER: ALL,
    COMMISSIONER: {"mine", "task_a", "task_b", "supplement"},
    OTHER_COMMISSIONER: set(),
    OWN_DEPARTMENT: {"mine", "task_a", "supplement"},  # department A: not B's task, not the other case
    OTHER_DEPARTMENT: ALL - {"task_a"},  # department B holds a task in both cases
    TASK_FORCE: {"mine", "task_a", "task_b", "supplement"},
    INVESTMENT: set(),
}
LISTS = {
    "approval-case": ("mine", "theirs"),
    "approval-task": ("task_a", "task_b", "their_task"),
    "approval-supplement": ("supplement", "their_supplement"),
}


@pytest.mark.parametrize("who", EVERYONE)
@pytest.mark.parametrize("endpoint", sorted(LISTS))
def test_reads_follow_the_row_scope(scene, world, who, endpoint):
    client = client_as(actor(scene, who))
    listed = client.get(reverse(f"api:{endpoint}-list"))
    if who == ANONYMOUS:
        assert listed.status_code == 401
        return
    if who == NO_ROLE:
        assert listed.status_code == 403
        return
    assert listed.status_code == 200, listed.content
    seen = {row["id"] for row in rows(listed.json())}
    expected = {world[name].pk for name in LISTS[endpoint] if name in SEES[who]}
    assert seen == expected
    for name in LISTS[endpoint]:
        detail = client.get(reverse(f"api:{endpoint}-detail", args=[world[name].pk]))
        assert detail.status_code == (200 if name in SEES[who] else 404), (name, detail.status_code)


def test_a_department_lists_only_its_own_tasks_and_sees_only_them_in_a_case(scene, world):
    client = client_as(scene.staff_a)
    listed = rows(client.get(reverse("api:approval-task-list")).json())
    assert {task["department"] for task in listed} == {scene.dept_a.pk}
    case = client.get(reverse("api:approval-case-detail", args=[world["mine"].pk])).json()
    assert [task["id"] for task in case["tasks"]] == [world["task_a"].pk]
    assert client.get(task_url(world["task_b"], "moves")).status_code == 404
    assert client.get(task_url(world["task_a"], "moves")).status_code == 200


@pytest.mark.parametrize("who, status", kinds(200, **{NO_ROLE: 403, ANONYMOUS: 401}))
def test_everyone_with_a_role_may_ask_the_calculator_and_the_statistics(scene, who, status):
    client = client_as(actor(scene, who))
    assert client.get(reverse("api:workday-list"), {"start": "2026-03-02", "days": 5}).status_code == status
    assert client.get(reverse("api:approval-statistics-list")).status_code == status


@pytest.mark.parametrize(
    "who, status",
    kinds(
        404,
        **{
            OFFICE: 200,
            LEADER: 200,
            SUPERUSER: 200,
            COMMISSIONER: 200,
            OWN_DEPARTMENT: 200,
            OTHER_DEPARTMENT: 200,  # department B holds a task in the case
            TASK_FORCE: 200,
            NO_ROLE: 403,
            ANONYMOUS: 401,
        },
    ),
)
def test_the_notice_is_read_like_the_case(scene, world, who, status):
    response = client_as(actor(scene, who)).get(reverse("api:approval-case-notice", args=[world["mine"].pk]))
    assert response.status_code == status


# -- the actions: who may, and a refusal changes nothing ----------------------------------------------

DEPARTMENT_ONLY = kinds(403, **{OWN_DEPARTMENT: 200, SUPERUSER: 200, OTHER_DEPARTMENT: 404, ANONYMOUS: 401})
TASK_ACTIONS = {
    "start": {},
    "approve": {"document_number": "浏自然资预〔2026〕9号"},
    "reject": {"reason": "不符合国土空间规划"},
    "return": {"reason": "红线图比例尺不符"},
}


@pytest.mark.parametrize("action", sorted(TASK_ACTIONS))
@pytest.mark.parametrize("who, status", DEPARTMENT_ONLY)
def test_only_the_tasks_department_moves_it(scene, action, who, status):
    task = scene.submit().tasks.get(item=scene.item_a)
    response = perform(
        client_as(None),
        who,
        status,
        lambda c: c.post(task_url(task, action), TASK_ACTIONS[action], format="json"),
        watch=WATCH,
        user=actor(scene, who),
    )
    task.refresh_from_db()
    if status == 200:
        assert task.status != TaskStatus.PENDING
        assert response.json()["status"] == task.status
    else:
        assert task.status == TaskStatus.PENDING


APPLICANT_SIDE = {OFFICE: "done", COMMISSIONER: "done", SUPERUSER: "done", ANONYMOUS: 401}


@pytest.mark.parametrize("who, status", kinds(403, **APPLICANT_SIDE))
def test_intake_is_for_the_office_and_the_projects_commissioner(scene, who, status):
    expected = 201 if status == "done" else status
    response = perform(
        client_as(None),
        who,
        expected,
        lambda c: submit(c, body(scene)),
        watch=WATCH,
        user=actor(scene, who),
    )
    if expected == 201:
        assert response.json()["intake_outcome"] == "accepted"


@pytest.mark.parametrize("who, status", kinds(403, **APPLICANT_SIDE, **{OTHER_COMMISSIONER: 404}))
def test_supply_is_for_the_applicant_side_of_the_case(scene, world, who, status):
    expected = 200 if status == "done" else status
    supplement = world["supplement"]
    url = reverse("api:approval-supplement-supply", args=[supplement.pk])
    perform(
        client_as(None),
        who,
        expected,
        lambda c: c.post(url, {"file": pdf("补齐.pdf")}, format="multipart"),
        watch=WATCH,
        user=actor(scene, who),
    )
    supplement.refresh_from_db()
    assert (supplement.status == "supplied") == (expected == 200)


@pytest.mark.parametrize("who, status", kinds(403, **APPLICANT_SIDE, **{OTHER_COMMISSIONER: 404}))
def test_resubmitting_a_correction_is_for_the_applicant_side(scene, who, status):
    expected = 200 if status == "done" else status
    task = scene.submit().tasks.get(item=scene.item_a)
    handling.return_for_correction(scene.staff_a, task, reason="红线图比例尺不符")
    data = {f"material_{scene.main_a.pk}": pdf("红线图.pdf"), "note": "已修改"}
    perform(
        client_as(None),
        who,
        expected,
        lambda c: c.post(task_url(task, "resubmit"), data, format="multipart"),
        watch=WATCH,
        user=actor(scene, who),
    )
    task.refresh_from_db()
    assert task.status == (TaskStatus.REVIEWING if expected == 200 else TaskStatus.CORRECTING)


def test_a_commissioner_who_reads_the_case_but_does_not_serve_the_project_gets_403(scene, world):
    """Another project's commissioner who is also on this project's task force sees the
    supplement and the task (so the refusal is a 403, not a 404) but may not act for it."""
    user = UserFactory(roles=[Role.SERVICE_COMMISSIONER, Role.TASK_FORCE_STAFF])
    TaskForceMemberFactory(task_force=TaskForceFactory(project=scene.project), user=user)
    supplement = world["supplement"]
    url = reverse("api:approval-supplement-supply", args=[supplement.pk])
    perform(
        client_as(None), None, 403, lambda c: c.post(url, {"file": pdf()}, format="multipart"), WATCH, user
    )
    perform(client_as(None), None, 403, lambda c: submit(c, body(scene, items=[scene.item_a])), WATCH, user)
    task = world["task_b"]
    handling.return_for_correction(scene.staff_b, task, reason="补充环评附图")
    data = {"note": "已补充"}
    perform(client_as(None), None, 403, lambda c: c.post(task_url(task, "resubmit"), data), WATCH, user)
