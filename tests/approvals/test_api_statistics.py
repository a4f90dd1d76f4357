"""/api/approval-statistics/: exactly ``approval_statistics``' figures for the same user and
filters (decimals and dates as strings), and strict parameters.
"""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.roles import Role
from approvals.services import handling
from approvals.services.intake import submit_case
from approvals.services.statistics import approval_statistics
from tests.factories import UserFactory

from .factories import StageFactory, at, item_with_materials, pdf
from .test_api import client_for, jsonable, ok

pytestmark = pytest.mark.django_db
D = datetime.date


# -- statistics -------------------------------------------------------------------------------------


@pytest.fixture
def concluded(scene):
    """One concluded case (approved 4 and 9 March 2026) and one accepted on promise in another stage."""
    case = scene.submit()
    handling.approve(
        scene.staff_a, case.tasks.get(item=scene.item_a), document_number="A-1", at=at(D(2026, 3, 4))
    )
    handling.approve(
        scene.staff_b, case.tasks.get(item=scene.item_b), document_number="B-1", at=at(D(2026, 3, 9))
    )
    other_stage = StageFactory()
    item, main, later = item_with_materials(other_stage, scene.dept_a, 7)
    submit_case(
        scene.office,
        project=scene.project,
        stage=other_stage,
        items=[item],
        uploads={main.pk: pdf()},
        applicant_name="浏阳测试业主",
        promise_signed_by="王法人",
        promise_letter=pdf("承诺书.pdf"),
        at=at(D(2026, 3, 10)),
    )
    return case


@pytest.mark.parametrize(
    "who, params",
    [
        ("office", {}),
        ("office", {"year": 2026}),
        ("office", {"stage": "scene"}),
        ("office", {"department": "dept_b"}),
        ("office", {"year": 2025}),
        ("staff_a", {}),
        ("commissioner", {"year": 2026, "department": "dept_a"}),
    ],
)
def test_statistics_are_approval_statistics_figures(scene, concluded, who, params):
    user = getattr(scene, who)
    query, arguments = {}, {}
    for name, value in params.items():
        if value == "scene":
            value = scene.stage
        elif isinstance(value, str):
            value = getattr(scene, value)
        arguments[name] = value
        query[name] = getattr(value, "pk", value)
    answer = ok(client_for(user).get(reverse("api:approval-statistics-list"), query))
    expected = approval_statistics(user, today=timezone.localdate(), **arguments)
    assert answer == jsonable(expected)
    if who == "office" and not params:
        assert answer["cases"]["total"] == 2 and answer["cases"]["compression"] == "75.0"
        assert answer["supplements"]["total"] == 1


def test_statistics_refuse_unknown_parameters_and_bad_values(scene):
    client = client_for(scene.office)
    url = reverse("api:approval-statistics-list")
    assert "colour" in ok(client.get(url, {"colour": "red"}), 400)
    assert "stage" in ok(client.get(url, {"stage": 999999}), 400)
    assert "year" in ok(client.get(url, {"year": "abc"}), 400)
    assert "department" in ok(client.get(url, {"department": 999999}), 400)


def test_the_investment_team_sees_zero_figures(scene, concluded):
    answer = ok(
        client_for(UserFactory(roles=[Role.INVESTMENT_TEAM])).get(reverse("api:approval-statistics-list"))
    )
    assert answer["cases"]["total"] == 0 and answer["departments"] == [] and answer["stages"] == []
