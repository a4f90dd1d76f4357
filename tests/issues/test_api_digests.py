"""The weekly digests API (每周调度简报): read-only, for the task force's members and leader, the
office and city leaders; another task force's digest is a 404 and absent from the list."""

import datetime

import pytest
from django.urls import reverse

from accounts.roles import Role
from issues.models import WeeklyDigest
from tests.factories import TaskForceFactory, TaskForceMemberFactory, UserFactory

from .test_api import client_for, rows

pytestmark = pytest.mark.django_db
MONDAY = datetime.date(2026, 3, 2)


@pytest.fixture
def digests():
    mine, theirs = TaskForceFactory(), TaskForceFactory()
    member = TaskForceMemberFactory(task_force=mine).user
    made = [
        WeeklyDigest.objects.create(
            task_force=tf, iso_year=2026, iso_week=10, week_start=MONDAY, content={"issues": []}
        )
        for tf in (mine, theirs)
    ]
    return {"member": member, "leader": mine.leader, "mine": made[0], "theirs": made[1]}


@pytest.mark.parametrize(
    "who, sees",
    [
        ("member", {"mine"}),
        ("leader", {"mine", "theirs"}),  # the task force's leader is a city leader: reads all
        ("office", {"mine", "theirs"}),
        ("department", set()),
        ("no_role", set()),
    ],
)
def test_digests_are_read_by_their_task_forces_people(digests, who, sees):
    user = digests.get(who) or UserFactory(
        roles={"office": [Role.KEY_OFFICE], "department": [Role.DEPARTMENT_STAFF], "no_role": []}[who]
    )
    client = client_for(user)
    listed = client.get(reverse("api:digest-list"))
    assert listed.status_code == 200
    assert {row["id"] for row in rows(listed.json())} == {digests[name].pk for name in sees}
    for name in ("mine", "theirs"):
        status = 200 if name in sees else 404
        assert client.get(reverse("api:digest-detail", args=[digests[name].pk])).status_code == status


def test_a_member_who_leads_nothing_sees_only_their_digest(digests):
    data = client_for(digests["member"]).get(reverse("api:digest-detail", args=[digests["mine"].pk])).json()
    assert data["week_label"] == "2026年第10周" and data["content"] == {"issues": []}
    assert data["task_force"] == digests["mine"].task_force_id


def test_digests_are_read_only_and_refused_to_anonymous_callers(digests):
    url = reverse("api:digest-detail", args=[digests["mine"].pk])
    assert client_for(None).get(reverse("api:digest-list")).status_code == 401
    office = client_for(UserFactory(roles=[Role.KEY_OFFICE]))
    assert office.post(reverse("api:digest-list"), {}, format="json").status_code == 405
    assert office.delete(url).status_code == 405
    assert office.get(reverse("api:digest-list"), {"week": 10}).status_code == 400
