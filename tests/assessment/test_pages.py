"""The assessment pages: who sees which page, only the office acts, a unit sees its own results,
the fault-tolerance steps through the forms, and the ranking workbook."""

import io
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse

from accounts.roles import Role
from assessment.choices import OutcomeKind, PeriodStatus, ToleranceStep
from assessment.models import (
    AssessmentPeriod,
    FaultToleranceApplication,
    IndicatorResult,
    ProjectAssessment,
)
from assessment.services import periods
from projects.choices import ProjectStage, ProjectType
from tests.action_matrix import ANONYMOUS, LOGIN, SUPERUSER, matrix, perform
from tests.approvals.factories import fake, pdf
from tests.factories import DepartmentFactory, ProjectFactory, UserFactory

pytestmark = pytest.mark.django_db
WATCH = [AssessmentPeriod, ProjectAssessment, IndicatorResult, FaultToleranceApplication]


class Scene:
    def __init__(self):
        self.unit = DepartmentFactory(name="测试经开区管委会")
        self.other_unit = DepartmentFactory(name="测试住建局")
        self.office = UserFactory(roles=[Role.KEY_OFFICE])
        self.leader = UserFactory(roles=[Role.CITY_LEADER])
        self.staff = UserFactory(roles=[Role.DEPARTMENT_STAFF], unit=self.unit)
        self.outsider = UserFactory(roles=[Role.DEPARTMENT_STAFF], unit=self.other_unit)
        self.mine = ProjectFactory(
            name="测试精密制造产业园",
            project_type=ProjectType.INDUSTRIAL,
            stage=ProjectStage.CONSTRUCTION,
            responsible_unit=self.unit,
            annual_plan_investment=Decimal("1000"),
        )
        self.theirs = ProjectFactory(
            name="测试浏阳河文旅综合体",
            project_type=ProjectType.LIVELIHOOD,
            stage=ProjectStage.CONSTRUCTION,
            responsible_unit=self.other_unit,
        )
        self.period = periods.open_period(self.office, year=2026)
        periods.compute(self.office, self.period)
        self.result = ProjectAssessment.objects.get(period=self.period, project=self.mine)
        self.other_result = ProjectAssessment.objects.get(period=self.period, project=self.theirs)

    def publish(self):
        self.period = periods.close_period(self.office, self.period)
        self.period = periods.publish(self.office, self.period)


@pytest.fixture
def scene():
    return Scene()


def url(name, *args):
    return reverse(f"assessment:{name}", args=args)


def test_anonymous_is_sent_to_login(client, scene):
    for target in (
        url("period_list"),
        url("period_detail", scene.period.pk),
        url("units", scene.period.pk),
        url("period_xlsx", scene.period.pk),
        url("result_detail", scene.result.pk),
        url("tolerance_list"),
        url("tolerance_add"),
    ):
        response = client.get(target)
        assert response.status_code == 302 and "/login/" in response["Location"], target


@pytest.mark.parametrize("who", ["office", "leader", "staff"])
def test_the_pages_render_for_each_role(client, scene, who):
    if who == "staff":
        scene.publish()  # a unit sees results once published
    user = getattr(scene, who)
    client.force_login(user)
    body = client.get(url("period_list")).content.decode()
    assert scene.period.name in body and "精准考核" in body
    assert ('name="year"' in body) == (who == "office")
    response = client.get(url("period_detail", scene.period.pk))
    assert response.status_code == 200
    body = response.content.decode()
    assert scene.mine.name in body
    assert (scene.theirs.name in body) == (who != "staff")
    assert ("计算得分" in body) == (who == "office")
    response = client.get(url("result_detail", scene.result.pk))
    assert response.status_code == 200
    body = response.content.decode()
    assert "年度投资完成率" in body or "投资完成率" in body
    assert ("确定结果运用" in body) == (who == "office")
    assert client.get(url("units", scene.period.pk)).status_code == 200
    assert client.get(url("tolerance_list")).status_code == 200


def test_a_unit_sees_its_own_results_once_published(client, scene):
    client.force_login(scene.staff)
    assert client.get(url("result_detail", scene.result.pk)).status_code == 404
    assert scene.mine.name not in client.get(url("period_detail", scene.period.pk)).content.decode()
    scene.publish()
    assert client.get(url("result_detail", scene.result.pk)).status_code == 200
    assert client.get(url("result_detail", scene.other_result.pk)).status_code == 404
    body = client.get(url("units", scene.period.pk)).content.decode()
    assert scene.unit.name in body and scene.other_unit.name not in body
    book = openpyxl.load_workbook(io.BytesIO(client.get(url("period_xlsx", scene.period.pk)).content))
    names = [row[2] for row in book.active.iter_rows(min_row=4, values_only=True)]
    assert names == [scene.mine.name]


def test_the_ranking_filters_and_the_htmx_table(client, scene):
    client.force_login(scene.office)
    body = client.get(url("period_detail", scene.period.pk), {"project_type": "livelihood"}).content.decode()
    assert scene.theirs.name in body and scene.mine.name not in body
    body = client.get(url("period_detail", scene.period.pk), {"q": "精密"}).content.decode()
    assert scene.mine.name in body and scene.theirs.name not in body
    assert client.get(url("period_detail", scene.period.pk), {"bogus": "1"}).status_code == 400
    htmx = client.get(url("period_detail", scene.period.pk), headers={"HX-Request": "true"})
    assert htmx.status_code == 200 and "<html" not in htmx.content.decode()


# -- only the office acts ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "who, status", matrix(default=403, **{Role.KEY_OFFICE: 302, SUPERUSER: 302, ANONYMOUS: LOGIN})
)
def test_only_the_office_computes(client, scene, who, status):
    perform(client, who, status, lambda c: c.post(url("period_action", scene.period.pk, "compute")), WATCH)


@pytest.mark.parametrize("who", ["leader", "staff"])
def test_others_may_not_close_publish_decide_or_enter_figures(client, scene, who):
    user = getattr(scene, who)
    line = scene.result.indicators.get(indicator__code="output")
    hidden = 404 if who == "staff" else 403  # a unit does not see results under review at all
    requests = [
        (403, lambda c: c.post(url("period_action", scene.period.pk, "close"))),
        (403, lambda c: c.post(url("period_action", scene.period.pk, "publish"))),
        (
            hidden,
            lambda c: c.post(
                url("result_outcome", scene.result.pk), {"outcome": "reward", "reason": "表现突出"}
            ),
        ),
        (hidden, lambda c: c.post(url("result_outcome", scene.result.pk), {"outcome": "bogus"})),
        (
            hidden,
            lambda c: c.post(
                url("result_figure", scene.result.pk, line.pk),
                {"figure": "100", "source_note": "统计局", "reason": "", "evidence": pdf()},
            ),
        ),
    ]
    for status, send in requests:
        perform(client, who, status, send, WATCH, user=user)


def test_the_office_enters_figures_decides_closes_and_publishes(client, scene):
    client.force_login(scene.office)
    line = scene.result.indicators.get(indicator__code="output")
    figure_url = url("result_figure", scene.result.pk, line.pk)
    response = client.post(figure_url, {"figure": "100", "source_note": "", "reason": ""})
    body = response.content.decode()
    assert response.status_code == 400 and "请注明数据来源" in body and "须附佐证材料" in body
    data = {"figure": "100", "source_note": "市统计局快报", "reason": ""}
    response = client.post(figure_url, {**data, "evidence": fake()})
    assert response.status_code == 400 and "不是有效的" in response.content.decode()
    line.refresh_from_db()
    assert line.figure is None and not line.evidence
    response = client.post(figure_url, {**data, "evidence": pdf("统计快报.pdf")})
    assert response.status_code == 302
    line.refresh_from_db()
    assert line.figure == Decimal("100.00") and line.entered_by == scene.office and line.evidence
    body = client.get(url("result_detail", scene.result.pk)).content.decode()
    evidence_url = url("result_evidence", scene.result.pk, line.pk)
    assert evidence_url in body and 'enctype="multipart/form-data"' in body
    download = client.get(evidence_url)
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"%PDF-")
    assert "attachment" in download["Content-Disposition"]

    outcome_url = url("result_outcome", scene.result.pk)
    changed = "reward" if scene.result.proposed_outcome != "reward" else "none"
    response = client.post(outcome_url, {"outcome": changed, "reason": ""})
    assert response.status_code == 400 and "须说明理由" in response.content.decode()
    assert client.post(outcome_url, {"outcome": changed, "reason": "年度贡献突出"}).status_code == 302
    scene.result.refresh_from_db()
    assert scene.result.outcome == changed

    response = client.post(url("period_action", scene.period.pk, "publish"))
    assert response.status_code == 400 and "请先关闭考核周期" in response.content.decode()
    assert client.post(url("period_action", scene.period.pk, "close")).status_code == 302
    assert client.post(url("period_action", scene.period.pk, "publish")).status_code == 302
    scene.period.refresh_from_db()
    assert scene.period.status == PeriodStatus.PUBLISHED
    response = client.post(url("period_action", scene.period.pk, "compute"))
    assert response.status_code == 400 and "已公布" in response.content.decode()


def test_the_office_opens_a_period(client, scene):
    client.force_login(scene.office)
    response = client.post(url("period_list"), {"year": "2026", "kind": "quarterly", "quarter": "2"})
    assert response.status_code == 302
    assert AssessmentPeriod.objects.filter(year=2026, quarter=2).exists()
    response = client.post(url("period_list"), {"year": "2026", "kind": "annual", "quarter": ""})
    assert response.status_code == 400 and "该考核周期已存在" in response.content.decode()
    client.force_login(scene.leader)
    assert client.post(url("period_list"), {"year": "2027", "kind": "annual"}).status_code == 403


# -- fault tolerance --------------------------------------------------------------------------------


STATEMENTS = {
    "facts": "先租后让供地引进新材料项目",
    "policy_direction": "符合省市要素保障改革方向",
    "public_good": "为加快项目落地",
    "no_private_gain": "无个人利益",
}


def test_an_application_goes_through_every_step(client, scene):
    scene.publish()
    ProjectAssessment.objects.filter(pk=scene.result.pk).update(
        outcome=OutcomeKind.ACCOUNTABILITY, proposed_outcome=OutcomeKind.ACCOUNTABILITY
    )
    client.force_login(scene.outsider)
    response = client.post(url("tolerance_add"), {"result": scene.result.pk, **STATEMENTS})
    assert response.status_code == 400  # not a result of their unit: not offered
    client.force_login(scene.staff)
    assert client.get(url("tolerance_add")).status_code == 200
    response = client.post(
        url("tolerance_add"), {"result": scene.result.pk, **STATEMENTS, "first_trial": "on"}
    )
    assert response.status_code == 302
    application = FaultToleranceApplication.objects.get()
    assert application.unit == scene.unit and application.first_trial
    assert client.get(url("tolerance_detail", application.pk)).status_code == 200
    perform(
        client,
        "staff",
        403,
        lambda c: c.post(url("tolerance_action", application.pk, "accept"), {"accept": "1"}),
        WATCH,
        user=scene.staff,
    )
    client.force_login(scene.outsider)
    assert client.get(url("tolerance_detail", application.pk)).status_code == 404

    client.force_login(scene.office)
    body = client.get(url("tolerance_detail", application.pk)).content.decode()
    assert 'data-action="accept"' in body
    steps = [
        ("accept", {"accept": "1"}),
        ("verify", {"findings": "经核实情况属实"}),
        ("determine", {"decision": "mitigate", "reason": ""}),
    ]
    for action, data in steps[:2]:
        assert client.post(url("tolerance_action", application.pk, action), data).status_code == 302
    assert client.post(url("tolerance_action", application.pk, "determine"), steps[2][1]).status_code == 400
    data = {"decision": "mitigate", "reason": "先行先试，出于公心"}
    assert client.post(url("tolerance_action", application.pk, "determine"), data).status_code == 302
    data = {"filed_to": "市纪委监委"}
    assert client.post(url("tolerance_action", application.pk, "file"), data).status_code == 302
    application.refresh_from_db()
    scene.result.refresh_from_db()
    assert application.step == ToleranceStep.FILED
    assert application.original_outcome == OutcomeKind.ACCOUNTABILITY
    assert scene.result.outcome == OutcomeKind.INTERVIEW


def test_a_unit_files_before_acting(client, scene):
    client.force_login(scene.staff)
    response = client.post(url("tolerance_add"), {"project": scene.mine.pk, **STATEMENTS})
    assert response.status_code == 302
    application = FaultToleranceApplication.objects.get()
    assert application.before_acting and application.result is None
    response = client.post(url("tolerance_add"), {"project": scene.theirs.pk, **STATEMENTS})
    assert response.status_code == 400
    client.force_login(scene.leader)
    assert client.get(url("tolerance_add")).status_code == 403


# -- the workbook -----------------------------------------------------------------------------------


def test_the_ranking_workbook(client, scene):
    ProjectAssessment.objects.filter(pk=scene.result.pk).update(outcome_reason='=HYPERLINK("x")')
    client.force_login(scene.office)
    response = client.get(url("period_xlsx", scene.period.pk))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    ws = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert scene.period.name in ws["A1"].value
    headers = [cell.value for cell in ws[3]]
    assert headers[:10] == [
        "排名",
        "项目编号",
        "项目名称",
        "责任单位",
        "项目类型",
        "得分",
        "等次",
        "一票否决",
        "拟定结果运用",
        "结果运用",
    ]
    assert ws.freeze_panes == "A4"
    rows = {row[2]: row for row in ws.iter_rows(min_row=4, values_only=True)}
    assert set(rows) == {scene.mine.name, scene.theirs.name}
    mine = rows[scene.mine.name]
    scene.result.refresh_from_db()
    assert mine[0] == scene.result.rank and Decimal(str(mine[5])) == scene.result.score
    assert mine[6] == scene.result.get_grade_display()
    assert mine[10].startswith("'=")
    row = next(r for r in ws.iter_rows(min_row=4) if r[2].value == scene.mine.name)
    assert row[6].fill.fgColor.rgb.endswith(("C6EFCE", "DDEBF7", "FFF2CC", "FFC7CE"))
    filtered = client.get(url("period_xlsx", scene.period.pk), {"project_type": "livelihood"})
    ws = openpyxl.load_workbook(io.BytesIO(filtered.content)).active
    assert [r[2] for r in ws.iter_rows(min_row=4, values_only=True)] == [scene.theirs.name]
