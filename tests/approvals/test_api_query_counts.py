"""Query-count baselines for the approvals API: the same count with few and many rows, equal to
the pinned number. If a deliberate change moves a baseline, update it here in the same
commit and say why.

Every API request costs three queries before the view's own: the session, the user and
the user's roles.
"""

import datetime

import pytest
from django.urls import reverse

from approvals.models import ApprovalCase, ApprovalItem
from approvals.services import handling
from approvals.services.intake import submit_case
from tests.factories import ProjectFactory
from tests.queries import assert_num_queries_stable

from .factories import at, item_with_materials, pdf
from .test_api import client_for

# auth (3) + count + page + items + tasks + supplements + uploaded materials
CASE_LIST = 9
# auth (3) + count + page + supplements
TASK_LIST = 6
# auth (3) + count + page
SUPPLEMENT_LIST = 5
# auth (3) + cases + supplements + departments + stages
STATISTICS = 7
# auth (3) + stage + department (the filter values) + the four aggregates
STATISTICS_FILTERED = 9
# auth (3) + the items' page: count + page + materials
ITEM_LIST = 6

pytestmark = pytest.mark.django_db
MONDAY = datetime.date(2026, 3, 2)


def grow_cases(scene):
    """Cases on new projects of the scene's commissioner: item A's secondary material on promise,
    item A approved on the second of them on, so every kind of row (task, supplement, upload,
    concluded figure) grows."""

    def grow(n):
        while ApprovalCase.objects.count() < n:
            project = ProjectFactory(service_commissioner=scene.commissioner)
            case = submit_case(
                scene.office,
                project=project,
                stage=scene.stage,
                items=[scene.item_a, scene.item_b],
                uploads={scene.main_a.pk: pdf(), scene.main_b.pk: pdf(), scene.later_b.pk: pdf()},
                applicant_name=project.owner_enterprise,
                promise_signed_by="王法人",
                promise_letter=pdf("承诺书.pdf"),
                at=at(MONDAY),
            )
            task_b = case.tasks.get(item=scene.item_b)
            handling.approve(
                scene.staff_b, task_b, document_number="B-1", at=at(MONDAY + datetime.timedelta(2))
            )

    return grow


def ok(client, url, params=None):
    def fetch():
        response = client.get(url, params or {})
        assert response.status_code == 200, response.content[:500]
        return response

    return fetch


@pytest.mark.parametrize("who", ["office", "staff_a", "commissioner"])
def test_case_list(scene, who):
    client = client_for(getattr(scene, who))
    fetch = ok(client, reverse("api:approval-case-list"), {"status": "in_progress"})
    assert_num_queries_stable(fetch, grow_cases(scene), sizes=(2, 8), expected=CASE_LIST)


@pytest.mark.parametrize("who", ["office", "staff_a", "commissioner"])
def test_task_list(scene, who):
    client = client_for(getattr(scene, who))
    fetch = ok(client, reverse("api:approval-task-list"), {"open": "true", "sort": "-due_date"})
    assert_num_queries_stable(fetch, grow_cases(scene), sizes=(2, 8), expected=TASK_LIST)


def test_supplement_list(scene):
    fetch = ok(client_for(scene.commissioner), reverse("api:approval-supplement-list"))
    assert_num_queries_stable(fetch, grow_cases(scene), sizes=(2, 8), expected=SUPPLEMENT_LIST)


@pytest.mark.parametrize("who", ["office", "staff_a"])
def test_statistics(scene, who):
    fetch = ok(client_for(getattr(scene, who)), reverse("api:approval-statistics-list"), {"year": 2026})
    assert_num_queries_stable(fetch, grow_cases(scene), sizes=(2, 8), expected=STATISTICS)


def test_statistics_filtered_by_stage_and_department(scene):
    params = {"stage": scene.stage.pk, "department": scene.dept_a.pk}
    fetch = ok(client_for(scene.office), reverse("api:approval-statistics-list"), params)
    assert_num_queries_stable(fetch, grow_cases(scene), sizes=(2, 8), expected=STATISTICS_FILTERED)


def test_item_list(scene):
    def grow(n):
        while ApprovalItem.objects.count() < n:
            item_with_materials(scene.stage, scene.dept_a)

    fetch = ok(client_for(scene.staff_a), reverse("api:approval-item-list"))
    assert_num_queries_stable(fetch, grow, sizes=(30, 60), expected=ITEM_LIST)
