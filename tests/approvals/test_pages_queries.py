"""Query-count baselines of the approvals pages: the count must not grow with the number of
cases, tasks, supplements and moves, and must equal the pinned number. If a deliberate change
moves a baseline, update the number here and say why."""

import pytest
from django.urls import reverse
from django.utils import timezone

from approvals.models import ApprovalCase
from approvals.services import handling
from approvals.services.intake import submit_case
from tests.factories import ProjectFactory
from tests.queries import assert_num_queries_stable

from .factories import pdf

pytestmark = pytest.mark.django_db

# session, user, the user's roles, then the page's own queries:
# count, rows (tasks with case, project, stage, item, department and a waiting-supplement flag),
# which rows the user may act on, the user's department (the page's heading), the stage filter
INBOX_DEPARTMENT = 9
# the office acts on none (no query for it) and gets the department filter's choices
INBOX_OFFICE = 8
# count, rows with their task counts, the filter's stages and departments
CASE_LIST = 8
CASE_LIST_HTMX = 5
# filter choices (years, stages, departments), then the four aggregates of approval_statistics
STATISTICS = 11
# case; tasks, their items' materials; may the user act for the applicant; supplements; task
# statuses; moves; items; material files; history (the calendar is remembered per process)
CASE_PAGE = 17


def ok(response):
    assert response.status_code == 200, response.content[:500]
    return response


def grow_cases(scene):
    """``grow(n)``: n cases of the scene's two items, each for its own project, in every state:
    accepted, accepted with deficiencies, not accepted, concluded."""

    def grow(n):
        while ApprovalCase.objects.count() < n:
            index = ApprovalCase.objects.count()
            project = ProjectFactory(service_commissioner=scene.commissioner)
            uploads = {m.pk: pdf() for m in (scene.main_a, scene.later_a, scene.main_b, scene.later_b)}
            kind = index % 4
            extra = {}
            if kind == 1:  # 容缺受理
                del uploads[scene.later_a.pk]
                extra = {"promise_signed_by": "王法人", "promise_letter": pdf("承诺书.pdf")}
            elif kind == 2:  # 不予受理
                del uploads[scene.main_b.pk]
            case = submit_case(
                scene.office,
                project=project,
                stage=scene.stage,
                items=[scene.item_a, scene.item_b],
                uploads=uploads,
                applicant_name=project.owner_enterprise,
                **extra,
            )
            if kind == 3:  # both tasks concluded: the unified result
                handling.approve(
                    scene.staff_a, case.tasks.get(item=scene.item_a), document_number=f"A-{index}"
                )
                handling.reject(scene.staff_b, case.tasks.get(item=scene.item_b), reason="不符合条件")
            elif kind == 0:
                handling.start_review(scene.staff_a, case.tasks.get(item=scene.item_a))

    return grow


def test_inbox_query_count_does_not_grow_with_tasks(client, scene):
    client.force_login(scene.staff_a)
    assert_num_queries_stable(
        lambda: ok(client.get(reverse("approvals:inbox"))),
        grow_cases(scene),
        sizes=(4, 16),
        expected=INBOX_DEPARTMENT,
    )


def test_office_inbox_query_count_does_not_grow_with_tasks(client, scene):
    client.force_login(scene.office)
    assert_num_queries_stable(
        lambda: ok(client.get(reverse("approvals:inbox"), {"status": ["pending", "reviewing"]})),
        grow_cases(scene),
        sizes=(4, 16),
        expected=INBOX_OFFICE,
    )


def test_case_list_query_count_does_not_grow_with_cases(client, scene):
    client.force_login(scene.commissioner)
    assert_num_queries_stable(
        lambda: ok(client.get(reverse("approvals:case_list"), {"sort": "-accepted_on"})),
        grow_cases(scene),
        sizes=(4, 16),
        expected=CASE_LIST,
    )


def test_case_list_htmx_table_query_count_does_not_grow(client, scene):
    client.force_login(scene.office)
    assert_num_queries_stable(
        lambda: ok(client.get(reverse("approvals:case_list"), {"q": "SP"}, headers={"HX-Request": "true"})),
        grow_cases(scene),
        sizes=(4, 16),
        expected=CASE_LIST_HTMX,
    )


def test_statistics_query_count_does_not_grow_with_cases(client, scene):
    client.force_login(scene.office)
    year = timezone.localdate().year
    assert_num_queries_stable(
        lambda: ok(client.get(reverse("approvals:statistics"), {"year": year})),
        grow_cases(scene),
        sizes=(4, 16),
        expected=STATISTICS,
    )


def test_case_page_query_count_does_not_grow_with_other_cases(client, scene):
    grow = grow_cases(scene)
    grow(2)
    deficient = ApprovalCase.objects.get(intake_outcome="deficient")
    client.force_login(scene.commissioner)
    assert_num_queries_stable(
        lambda: ok(client.get(deficient.get_absolute_url())), grow, sizes=(4, 12), expected=CASE_PAGE
    )
