"""A round end to end through the pages: the office opens it, two evaluators score, the round
page ranks the projects, the office decides (to the plan, keep, change tier, remove) and
applies, and the projects move — into the annual plan or out of the pool — each move on the
record and on the project page."""

from decimal import Decimal

import pytest
from django.urls import reverse

from accounts.roles import Role
from projects.choices import ProjectStage
from reserve.choices import Decision, EntryStatus, MoveKind, PlanCategory, PlanSource, RoundStatus, Tier
from reserve.models import AnnualPlanItem, EvaluationRound, ReserveMove
from tests.factories import ProjectFactory, UserFactory
from tests.reserve.test_pages import make_office

pytestmark = pytest.mark.django_db


def ok(response, status=302):
    assert response.status_code == status, response.content[:800].decode()
    return response


def test_the_office_runs_a_round_end_to_end_through_the_pages(client):
    office = make_office(full_name="周雅琴")
    leaders = [UserFactory(roles=[Role.CITY_LEADER], full_name=name) for name in ("贺振东", "龙建平")]
    client.force_login(office)

    # Four projects enter the pool through the page.
    names = ["数字经济产业园", "大围山生态旅游示范区", "精密制造产业园", "稀有金属深加工项目"]
    entries = []
    for name in names:
        project = ProjectFactory(name=name, stage=ProjectStage.PLANNING, total_investment=Decimal("100000"))
        ok(
            client.post(
                reverse("reserve:entry_add"),
                {
                    "project": project.pk,
                    "tier": Tier.MID,
                    "responsible_unit": project.responsible_unit_id,
                    "responsible_person": "周建华",
                    "reason": f"{name}纳入中期储备",
                },
            )
        )
        entries.append(project.reserve_entry)
    to_plan, keep, change, remove = entries

    # The office opens the round.
    response = ok(
        client.post(
            reverse("reserve:round_add"),
            {
                "name": "2026 年二季度评估",
                "plan_year": 2026,
                "evaluators": [leader.pk for leader in leaders],
                "notes": "季度评估",
                "entries": [entry.pk for entry in entries],
            },
        )
    )
    evaluation_round = EvaluationRound.objects.get(name="2026 年二季度评估")
    assert response["Location"] == evaluation_round.get_absolute_url()
    criteria = list(evaluation_round.criteria.all())
    items = {item.entry_id: item for item in evaluation_round.items.all()}

    # Two evaluators score on their page; the first project scores best, the last worst.
    grades = {to_plan.pk: (95, 85), keep.pk: (75, 75), change.pk: (70, 60), remove.pk: (40, 30)}
    url = reverse("reserve:round_score", args=[evaluation_round.pk])
    for index, leader in enumerate(leaders):
        client.force_login(leader)
        ok(client.get(url), 200)
        body = {
            f"s-{items[entry_pk].pk}-{c.pk}": str(values[index])
            for entry_pk, values in grades.items()
            for c in criteria
        }
        ok(client.post(url, body))

    # The round page shows the totals and ranks.
    client.force_login(office)
    page = ok(client.get(evaluation_round.get_absolute_url()), 200)
    ranking = [(r["item"].entry_id, r["total"], r["rank"], r["evaluators"]) for r in page.context["results"]]
    assert ranking == [
        (to_plan.pk, Decimal("90.00"), 1, 2),
        (keep.pk, Decimal("75.00"), 2, 2),
        (change.pk, Decimal("65.00"), 3, 2),
        (remove.pk, Decimal("35.00"), 4, 2),
    ]
    assert "90.00" in page.content.decode()

    # The office decides, one row each.
    decide = reverse("reserve:round_decide", args=[evaluation_round.pk])
    ok(client.get(decide), 200)
    rows = {
        to_plan: {
            "decision": Decision.TO_PLAN,
            "plan_category": PlanCategory.NEW_START,
            "planned_investment": "30000",
            "reason": "排名第一，具备开工条件",
        },
        keep: {"decision": Decision.KEEP, "reason": "继续推进前期工作"},
        change: {"decision": Decision.CHANGE_TIER, "new_tier": Tier.LONG, "reason": "实施条件尚不成熟"},
        remove: {"decision": Decision.REMOVE, "reason": "市场前景不明，调整出库"},
    }
    body = {f"d{items[e.pk].pk}-{name}": value for e, row in rows.items() for name, value in row.items()}
    ok(client.post(decide, body))

    # The apply page confirms, then applies everything at once.
    apply = reverse("reserve:round_apply", args=[evaluation_round.pk])
    confirm = ok(client.get(apply), 200)
    assert confirm.context["undecided"] == 0
    ok(client.post(apply))
    evaluation_round.refresh_from_db()
    assert evaluation_round.status == RoundStatus.APPLIED and evaluation_round.applied_by == office

    # The projects moved.
    item = AnnualPlanItem.objects.get(project=to_plan.project, plan__year=2026)
    assert (item.category, item.planned_investment, item.source, item.evaluation_round) == (
        PlanCategory.NEW_START,
        Decimal("30000"),
        PlanSource.EVALUATION,
        evaluation_round,
    )
    for entry in entries:
        entry.refresh_from_db()
        entry.project.refresh_from_db()
    assert to_plan.status == EntryStatus.PLANNED and to_plan.project.stage == ProjectStage.PREPARATION
    assert keep.status == EntryStatus.IN_POOL and keep.tier == Tier.MID
    assert change.tier == Tier.LONG
    assert remove.status == EntryStatus.REMOVED and remove.project.stage == ProjectStage.REMOVED
    moves = ReserveMove.objects.filter(evaluation_round=evaluation_round)
    assert sorted(moves.values_list("kind", flat=True)) == sorted(
        [MoveKind.TO_PLAN, MoveKind.KEEP, MoveKind.CHANGE_TIER, MoveKind.REMOVE]
    )
    assert all(entry.last_evaluated_on == evaluation_round.opened_on for entry in entries)

    # The round page says so and links to the plan; the plan lists the project.
    page = ok(client.get(evaluation_round.get_absolute_url()), 200).content.decode()
    assert "已生效" in page and reverse("reserve:plan_detail", args=[2026]) in page
    plan = ok(client.get(reverse("reserve:plan_detail", args=[2026])), 200)
    assert [row.project for row in plan.context["rows"]] == [to_plan.project]

    # The removed entry shows 出库, and its project page shows every move with its reason.
    removed_page = ok(client.get(remove.get_absolute_url()), 200).content.decode()
    assert "已出库" in removed_page
    project_page = ok(client.get(remove.project.get_absolute_url()), 200)
    assert [m.kind for m in project_page.context["reserve_moves"]] == [MoveKind.REMOVE, MoveKind.ENTER]
    content = project_page.content.decode()
    assert "出库" in content and "市场前景不明，调整出库" in content and "2026 年二季度评估" in content
    changed_page = ok(client.get(change.project.get_absolute_url()), 200).content.decode()
    assert "实施条件尚不成熟" in changed_page and "远期（5年）" in changed_page

    # The removed project comes back through its entry page.
    ok(
        client.post(
            reverse("reserve:entry_restore", args=[remove.pk]),
            {
                "restore-tier": Tier.LONG,
                "restore-responsible_unit": remove.responsible_unit_id,
                "restore-responsible_person": "周建华",
                "restore-reason": "业主追加投资，重新入库",
            },
        )
    )
    remove.refresh_from_db()
    assert remove.status == EntryStatus.IN_POOL
    assert remove.moves.first().kind == MoveKind.RESTORE
