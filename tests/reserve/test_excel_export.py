"""The template, the pool export and its round trip, and who may use the Excel pages."""

import datetime
import io
from decimal import Decimal
from urllib.parse import quote

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.roles import Role
from projects.choices import ProjectStage
from projects.models import Project
from reserve.choices import EntryStatus, MoveKind
from reserve.excel import HEADERS
from reserve.models import ReserveEntry, ReserveMove
from tests.action_matrix import ANONYMOUS, LOGIN, NO_ROLE, SUPERUSER, TablesSnapshot, matrix, perform
from tests.factories import DepartmentFactory, ProjectFactory, ReserveEntryFactory, TownFactory
from tests.reserve import excel_files
from tests.reserve.excel_files import good_row, read_sheet, upload, workbook_bytes

pytestmark = pytest.mark.django_db
# Fixtures shared by the Excel tests.
office, office_client, units = excel_files.office, excel_files.office_client, excel_files.units
WATCH = [Project, ReserveEntry, ReserveMove]


def template_url():
    return reverse("reserve:excel_template")


def import_url():
    return reverse("reserve:excel_import")


def export_url():
    return reverse("reserve:excel_export")


def content_of(response):
    return b"".join(response.streaming_content)


def import_bytes(client, content, name="储备库导出.xlsx"):
    return client.post(import_url(), {"file": upload(content, name)})


def last_message(response):
    return str(list(response.wsgi_request._messages)[-1])


@pytest.fixture
def pool(db):
    """Entries of every kind an export meets: in the pool, planned, removed, with retired names."""
    retired_town = TownFactory(name="已撤并镇", is_active=False)
    first = ReserveEntryFactory(
        project=ProjectFactory(
            code="LY-R-001",
            name="=1+1",
            stage=ProjectStage.RESERVE,
            description="一期：厂房\r\n二期：仓储  ",
            responsible_phone="+86 731 8301 2345",
            policy_tags=["hunan_sangao_sixin", "national_pilot"],
            land_area=None,
            expected_output_value=Decimal("150000.50"),
            expected_jobs=300,
        ),
        tier="near",
    )
    second = ReserveEntryFactory(
        project=ProjectFactory(code="LY-R-002", stage=ProjectStage.RESERVE, town=retired_town),
        tier="mid",
        responsible_unit=DepartmentFactory(name="浏阳市住房和城乡建设局"),
        prep_deadline=datetime.date(2026, 12, 31),
        target_start=datetime.date(2027, 3, 1),
        time_nodes="2026年10月完成初步设计",
        expected_goals="带动就业 500 人",
    )
    planned = ReserveEntryFactory(
        project=ProjectFactory(code="LY-R-003", stage=ProjectStage.PREPARATION),
        tier="long",
        status=EntryStatus.PLANNED,
    )
    removed = ReserveEntryFactory(
        project=ProjectFactory(code="LY-R-004", stage=ProjectStage.REMOVED),
        tier="mid",
        status=EntryStatus.REMOVED,
    )
    return [first, second, planned, removed]


# -- template -------------------------------------------------------------------------


def test_template_has_headers_notes_drop_downs_and_formats(office_client, units):
    response = office_client.get(template_url())
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "filename*=utf-8''" + quote("储备项目导入模板.xlsx") in response["Content-Disposition"]
    content = content_of(response)
    ws, title, headers, data = read_sheet(content)
    assert "导入模板" in title
    assert headers == HEADERS
    assert data == []
    assert ws.freeze_panes == "C4"
    notes = [cell.value for cell in ws[2]]
    assert notes[0].startswith("必填") and "万元" in notes[HEADERS.index("总投资（万元）")]
    assert "2026-03-01" in notes[HEADERS.index("计划开工日期")]
    assert ws.column_dimensions["B"].width == 30

    wb = openpyxl.load_workbook(io.BytesIO(content))
    options = wb["选项"]
    assert options.sheet_state == "hidden"
    listed = {cell.value for column in options.iter_cols() for cell in column}
    assert {"大瑶镇", "集里街道", "花炮", "浏阳市发展和改革局", "近期（1年）", "产业项目"} <= listed
    assert "浏阳花炮集团有限公司" not in listed  # an enterprise is no responsible unit
    lists = {
        str(dv.sqref).split(":")[0]: dv.formula1 for dv in wb["储备项目"].data_validations.dataValidation
    }
    for header in (
        "项目类型",
        "所属产业",
        "项目阶段",
        "责任单位",
        "所在乡镇/街道",
        "储备层级",
        "谋划责任单位",
    ):
        letter = openpyxl.utils.get_column_letter(HEADERS.index(header) + 1)
        assert lists[f"{letter}4"].startswith("'选项'!$"), header
    kinds = {str(dv.sqref).split(":")[0]: dv.type for dv in wb["储备项目"].data_validations.dataValidation}
    assert kinds["G4"] == "decimal" and kinds["P4"] == "date"


def test_filled_template_imports(office_client, units):
    wb = openpyxl.load_workbook(io.BytesIO(content_of(office_client.get(template_url()))))
    ws = wb["储备项目"]
    for column, header in enumerate(HEADERS, start=1):
        ws.cell(row=4, column=column, value=good_row()[header])
    buffer = io.BytesIO()
    wb.save(buffer)
    response = import_bytes(office_client, buffer.getvalue())
    assert response.status_code == 302, response.context and response.context["rejected"]
    assert ReserveEntry.objects.get().project.code == "LY-2026-001"


# -- export ---------------------------------------------------------------------------


def test_export_has_the_template_columns_and_neutralises_formulas(office_client, pool):
    response = office_client.get(export_url())
    assert response.status_code == 200
    today = datetime.date.today().isoformat()
    assert quote(f"储备库_{today}.xlsx") in response["Content-Disposition"]
    ws, title, headers, data = read_sheet(content_of(response))
    assert headers == HEADERS
    assert "共 4 个项目" in title
    assert ws.freeze_panes == "C4"
    assert [row["项目编号"] for row in data] == ["LY-R-001", "LY-R-002", "LY-R-003", "LY-R-004"]
    first = data[0]
    assert first["项目名称"] == "'=1+1"  # shown as text, never run
    assert ws["B4"].data_type == "s"
    assert first["责任人电话"] == "'+86 731 8301 2345"
    assert first["政策契合"] == '湖南"三高四新"、国家级试点'
    assert first["储备层级"] == "近期（1年）" and first["项目阶段"] == "储备"
    assert first["总投资（万元）"] == 50000 and ws["G4"].number_format == "#,##0.00"
    assert first["计划开工日期"] == datetime.datetime(2025, 3, 1) and ws["P4"].number_format == "yyyy-mm-dd"
    assert first["用地面积（亩）"] is None
    assert data[1]["谋划责任单位"] == "浏阳市住房和城乡建设局"
    assert data[1]["所在乡镇/街道"] == "已撤并镇"
    assert data[3]["项目阶段"] == "出库"


def test_export_respects_the_list_filters(office_client, pool):
    response = office_client.get(export_url(), {"tier": "mid", "status": "in_pool", "page": 2})
    assert response.status_code == 200
    _ws, title, _headers, data = read_sheet(content_of(response))
    assert [row["项目编号"] for row in data] == ["LY-R-002"]
    assert "共 1 个项目" in title and "储备层级：中期（3年）" in title

    response = office_client.get(export_url(), {"q": "=1+1"})
    assert [row["项目编号"] for row in read_sheet(content_of(response))[3]] == ["LY-R-001"]


def test_export_refuses_unknown_filters(office_client, pool):
    response = office_client.get(export_url(), {"tierr": "near"})
    assert response.status_code == 400
    assert "tierr" in response.content.decode()


def test_export_query_count_does_not_grow_with_the_pool(office_client, pool):
    def count():
        with CaptureQueriesContext(connection) as queries:
            assert office_client.get(export_url()).status_code == 200
        return len(queries)

    small = count()
    for _n in range(10):
        ReserveEntryFactory()
    assert count() == small


# -- round trip ---------------------------------------------------------------------


def test_export_then_import_changes_nothing(office_client, pool):
    content = content_of(office_client.get(export_url()))
    snapshot = TablesSnapshot(WATCH)
    response = import_bytes(office_client, content)
    assert response.status_code == 302, response.context and response.context["rejected"]
    snapshot.assert_unchanged()
    assert "新建 0 个项目，更新 0 个，未变化 4 个" in last_message(response)


def test_edited_export_updates_projects_and_records_each_move(office_client, office, pool):
    ws_content = content_of(office_client.get(export_url()))
    wb = openpyxl.load_workbook(io.BytesIO(ws_content))
    ws = wb["储备项目"]
    tier = HEADERS.index("储备层级") + 1
    ws.cell(row=4, column=tier, value="远期（5年）")  # LY-R-001: near → long
    ws.cell(row=5, column=2, value="改过名的项目")  # LY-R-002: a project field
    ws.cell(row=5, column=HEADERS.index("预期目标") + 1, value="带动就业 800 人")
    buffer = io.BytesIO()
    wb.save(buffer)

    response = import_bytes(office_client, buffer.getvalue(), name="储备库_修订.xlsx")
    assert response.status_code == 302, response.context and response.context["rejected"]
    assert "更新 2 个，未变化 2 个" in last_message(response)
    reason = "Excel 导入：储备库_修订.xlsx"

    first, second = pool[0], pool[1]
    first.refresh_from_db()
    assert first.tier == "long"
    move = first.moves.get()
    assert (move.kind, move.from_tier, move.to_tier, move.reason, move.actor) == (
        MoveKind.CHANGE_TIER,
        "near",
        "long",
        reason,
        office,
    )
    assert first.project.name == "=1+1"  # the guard apostrophe is not stored
    assert not first.project.history.filter(history_change_reason=reason).exists()  # unchanged

    second.refresh_from_db()
    assert second.project.name == "改过名的项目"
    latest = second.project.history.first()
    assert (latest.history_type, latest.history_change_reason, latest.history_user) == ("~", reason, office)
    assert second.expected_goals == "带动就业 800 人"
    assert second.history.first().history_change_reason == reason
    assert not second.moves.exists()


# -- who may ------------------------------------------------------------------------

OFFICE_ONLY_GET = matrix(default=403, **{Role.KEY_OFFICE: 200, SUPERUSER: 200, ANONYMOUS: LOGIN})
OFFICE_ONLY_POST = matrix(default=403, **{Role.KEY_OFFICE: 302, SUPERUSER: 302, ANONYMOUS: LOGIN})
READERS = matrix(default=200, **{NO_ROLE: 403, ANONYMOUS: LOGIN})


@pytest.mark.parametrize("who, status", OFFICE_ONLY_GET)
def test_template_download_is_for_the_office(client, who, status):
    perform(client, who, status, lambda c: c.get(template_url()))


@pytest.mark.parametrize("who, status", OFFICE_ONLY_GET)
def test_import_page_is_for_the_office(client, who, status):
    perform(client, who, status, lambda c: c.get(import_url()))


@pytest.mark.parametrize("who, status", OFFICE_ONLY_POST)
def test_import_is_for_the_office(client, who, status, units):
    content = workbook_bytes([good_row()])
    response = perform(
        client, who, status, lambda c: c.post(import_url(), {"file": upload(content)}), watch=WATCH
    )
    if status == 302:
        entry = ReserveEntry.objects.get(project__code="LY-2026-001")
        assert entry.moves.get().actor == response.user


@pytest.mark.parametrize("who, status", READERS)
def test_export_is_for_everyone_who_reads_the_pool(client, who, status, pool):
    perform(client, who, status, lambda c: c.get(export_url()), watch=WATCH)
