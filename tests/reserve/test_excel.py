"""Excel intake of the reserve pool: every row checked, every problem reported, all or nothing."""

import datetime
import io
import zipfile

import openpyxl
import pytest
from django.urls import reverse

from projects.choices import ProjectStage
from projects.models import Project
from reserve.choices import EntryStatus, MoveKind
from reserve.excel import HEADERS
from reserve.excel_views import pool_list_url
from reserve.models import ReserveEntry, ReserveMove
from tests.action_matrix import TablesSnapshot
from tests.factories import ProjectFactory, ReserveEntryFactory
from tests.reserve import excel_files
from tests.reserve.excel_files import FIRST_DATA_ROW, good_row, money, upload, workbook_bytes

pytestmark = pytest.mark.django_db
# Fixtures shared by the Excel tests.
office, office_client, units = excel_files.office, excel_files.office_client, excel_files.units
URL = "/reserve/excel/import/"
WATCH = [Project, ReserveEntry, ReserveMove]


def post(client, content, name="储备项目.xlsx"):
    return client.post(URL, {"file": upload(content, name)})


def row_errors(response):
    return [(e.row, e.column, e.message) for e in response.context["rejected"].row_errors]


def file_errors(response):
    return response.context["rejected"].file_errors


def test_url_names():
    assert reverse("reserve:excel_import") == URL
    assert reverse("reserve:excel_template") == "/reserve/excel/template/"
    assert reverse("reserve:excel_export") == "/reserve/excel/export/"


def test_import_page_shows_form_and_rules(office_client):
    response = office_client.get(URL)
    assert response.status_code == 200
    body = response.content.decode()
    assert 'enctype="multipart/form-data"' in body
    assert reverse("reserve:excel_template") in body
    assert "5 MB" in body and "2000" in body


# -- a good file ----------------------------------------------------------------------


def test_good_file_imports_every_row_with_entries_moves_and_history(office_client, office, units):
    rows = [
        good_row(),
        good_row(
            **{
                "项目编号": "LY-2026-002",
                "项目名称": "数字经济产业园二期",
                "项目类型": "基础设施",
                "所属产业": "数字经济",
                "总投资（万元）": "45,000.00",
                "年度计划投资（万元）": None,
                "所在乡镇/街道": "集里街道",
                "政策契合": None,
                "储备层级": "中期",
                "谋划责任单位": "浏阳市自然资源局",
                "谋划责任人": "王芳",
                "计划开工日期": "2027/3/1",
                "计划竣工日期": "2029年6月30日",
            }
        ),
        good_row(
            **{"项目编号": "LY-2026-003", "项目名称": '=HYPERLINK("http://x")', "储备层级": "远期（5年）"}
        ),
    ]
    response = post(office_client, workbook_bytes(rows), name="2026年候选项目.xlsx")
    assert response.status_code == 302, response.context["rejected"]
    assert response["Location"] == pool_list_url()

    assert Project.objects.count() == 3
    first = Project.objects.get(code="LY-2026-001")
    assert first.stage == ProjectStage.RESERVE
    assert first.industry == units["huapao"] and first.town == units["dayao"]
    assert first.responsible_unit == units["fgj"]  # matched by short name
    assert first.total_investment == money(120000) and first.annual_plan_investment == money("30000.50")
    assert first.land_area == money(350) and first.expected_jobs == 1200
    assert first.planned_start == datetime.date(2026, 9, 1)
    assert first.policy_tags == ["national_14th_fyp", "hunan_sangao_sixin"]
    entry = first.reserve_entry
    assert entry.status == EntryStatus.IN_POOL and entry.tier == "near"
    assert (
        entry.responsible_unit == units["fgj"] and entry.responsible_person == "李明"
    )  # blank → the project's
    assert entry.prep_deadline == datetime.date(2026, 6, 30)
    assert entry.time_nodes == "2026年5月完成可研批复"

    second = Project.objects.get(code="LY-2026-002")
    assert second.total_investment == money(45000) and second.annual_plan_investment == 0
    assert second.planned_completion == datetime.date(2029, 6, 30)
    assert second.reserve_entry.tier == "mid"
    assert second.reserve_entry.responsible_unit == units["zrzy"]
    assert second.reserve_entry.responsible_person == "王芳"
    # A formula is text: stored as written, never evaluated.
    assert Project.objects.get(code="LY-2026-003").name == '=HYPERLINK("http://x")'

    reason = "Excel 导入：2026年候选项目.xlsx"
    moves = ReserveMove.objects.all()
    assert moves.count() == 3
    assert {(m.kind, m.reason, m.actor_id) for m in moves} == {(MoveKind.ENTER, reason, office.pk)}
    for project in Project.objects.all():
        records = list(project.history.all())
        assert [r.history_type for r in records] == ["+"]
        assert records[0].history_change_reason == reason
        assert records[0].history_user_id == office.pk
        assert project.reserve_entry.history.get().history_change_reason == reason

    message = str(list(response.wsgi_request._messages)[0])
    assert "新建 3 个项目" in message and "未变化 0 个" in message


def test_existing_project_not_in_pool_is_updated_and_enters_the_pool(office_client, units):
    project = ProjectFactory(code="LY-2026-001", stage=ProjectStage.PLANNING, name="旧名称")
    response = post(office_client, workbook_bytes([good_row()]))
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.name == "浏阳烟花智造产业园"
    assert project.stage == ProjectStage.RESERVE
    assert project.reserve_entry.moves.get().kind == MoveKind.ENTER
    message = str(list(response.wsgi_request._messages)[0])
    assert "更新 1 个" in message and "1 个原有项目新入库" in message


# -- bad rows ---------------------------------------------------------------------------


def test_bad_rows_are_all_reported_and_nothing_is_saved(office_client, units):
    ReserveEntryFactory(project__code="LY-OLD-001")
    rows = [
        good_row(),  # row 4: fine
        good_row(**{"项目编号": "LY-2026-002", "总投资（万元）": -5}),  # row 5
        good_row(**{"项目编号": "LY-2026-003", "所在乡镇/街道": "火星镇"}),  # row 6
        good_row(
            **{
                "项目编号": "LY-2026-004",
                "计划开工日期": datetime.date(2027, 1, 1),
                "计划竣工日期": datetime.date(2026, 1, 1),
            }
        ),  # row 7
        good_row(**{"项目编号": "LY-2026-005", "前期工作完成时限": "明年春天"}),  # row 8
        good_row(),  # row 9: duplicate of row 4
        good_row(**{"项目编号": "LY-2026-006", "项目名称": None, "储备层级": "短期"}),  # row 10
        good_row(
            **{"项目编号": "LY-2026-007", "年度计划投资（万元）": 999999}
        ),  # row 11: more than the total
        good_row(
            **{"项目编号": "LY-2026-008", "预期年税收（万元）": "=B4*2", "政策契合": "国家级试点、火星计划"}
        ),
        good_row(**{"项目编号": "LY-2026-009", "责任单位": "浏阳花炮集团有限公司"}),  # row 13: an enterprise
    ]
    snapshot = TablesSnapshot(WATCH)
    response = post(office_client, workbook_bytes(rows))
    assert response.status_code == 400
    snapshot.assert_unchanged()

    errors = row_errors(response)
    by_cell = {(row, column): message for row, column, message in errors}
    assert "不能为负数" in by_cell[(5, "总投资（万元）")]
    assert "火星镇" in by_cell[(6, "所在乡镇/街道")]
    assert "不能早于计划开工日期" in by_cell[(7, "计划竣工日期")]
    assert "不是有效日期" in by_cell[(8, "前期工作完成时限")]
    assert "与第 4 行的项目编号重复" in by_cell[(9, "项目编号")]
    assert "必填" in by_cell[(10, "项目名称")]
    assert "不是可选值" in by_cell[(10, "储备层级")]
    assert "不能超过总投资" in by_cell[(11, "年度计划投资（万元）")]
    assert "公式不会被计算" in by_cell[(12, "预期年税收（万元）")]
    assert "火星计划" in by_cell[(12, "政策契合")]
    assert "是企业" in by_cell[(13, "责任单位")]
    assert {row for row, _column, _message in errors} == set(range(5, 14))
    assert errors == sorted(errors, key=lambda e: e[0])

    body = response.content.decode()
    assert "共 10 行数据，其中 9 行有问题" in body
    assert "第 7 行" in body and "计划竣工日期" in body


def test_unknown_names_and_enterprise_town(office_client, units):
    rows = [
        good_row(**{"所属产业": "航天", "谋划责任单位": "不存在的局", "所在乡镇/街道": "浏阳市发展和改革局"}),
    ]
    response = post(office_client, workbook_bytes(rows))
    assert response.status_code == 400
    by_cell = {(row, column): message for row, column, message in row_errors(response)}
    assert "航天" in by_cell[(4, "所属产业")]
    assert "不存在的局" in by_cell[(4, "谋划责任单位")]
    assert "不是乡镇/街道" in by_cell[(4, "所在乡镇/街道")]


def test_import_does_not_remove_or_move_entries_out_of_the_pool(office_client, units):
    entry = ReserveEntryFactory(project__code="LY-2026-001", status=EntryStatus.REMOVED)
    entry.project.stage = ProjectStage.REMOVED
    entry.project.save()
    in_pool = ReserveEntryFactory(project__code="LY-2026-002")
    rows = [
        good_row(**{"项目阶段": "出库", "储备层级": "远期"}),  # removed: tier may not change
        good_row(**{"项目编号": "LY-2026-002", "项目阶段": "出库"}),  # in the pool: may not be removed here
        good_row(**{"项目编号": "LY-2026-002", "项目阶段": "谋划"}),  # nor sent back to 谋划
    ]
    snapshot = TablesSnapshot(WATCH)
    response = post(office_client, workbook_bytes(rows))
    assert response.status_code == 400
    snapshot.assert_unchanged()
    by_cell = {(row, column): message for row, column, message in row_errors(response)}
    assert "不能调整层级" in by_cell[(4, "储备层级")]
    assert "调整出库请在储备库页面办理" in by_cell[(5, "项目阶段")]
    assert "不能改回“谋划”" in by_cell[(6, "项目阶段")]
    assert "重复" in by_cell[(6, "项目编号")]
    assert in_pool.project.stage == ProjectStage.RESERVE


# -- files that are not what they should be ----------------------------------------


@pytest.mark.parametrize(
    "content, name, expected",
    [
        pytest.param(
            "项目编号,项目名称\nLY-1,测试".encode(), "项目.xlsx", "不是 Excel 工作簿", id="text-renamed"
        ),
        pytest.param(
            b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 64, "photo.xlsx", "不是 Excel 工作簿", id="png"
        ),
        pytest.param(
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64, "old.xls", "旧版 Excel（.xls）", id="xls"
        ),
        pytest.param(b"", "empty.xlsx", "空的（0 字节）", id="zero-bytes"),
    ],
)
def test_not_a_spreadsheet(office_client, content, name, expected):
    snapshot = TablesSnapshot(WATCH)
    response = post(office_client, content, name=name)
    assert response.status_code == 400
    snapshot.assert_unchanged()
    assert any(expected in message for message in file_errors(response)), file_errors(response)
    assert expected in response.content.decode()


def test_a_zip_that_is_not_a_workbook(office_client):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    response = post(office_client, buffer.getvalue(), name="合同.xlsx")
    assert response.status_code == 400
    assert "不是 Excel 工作簿" in file_errors(response)[0]


def test_empty_workbook(office_client):
    buffer = io.BytesIO()
    openpyxl.Workbook().save(buffer)
    response = post(office_client, buffer.getvalue())
    assert response.status_code == 400
    assert "是空的" in file_errors(response)[0]


def test_header_without_data_rows(office_client):
    response = post(office_client, workbook_bytes([]))
    assert response.status_code == 400
    assert "没有数据行" in file_errors(response)[0]


def test_no_file_chosen(office_client):
    response = office_client.post(URL, {})
    assert response.status_code == 400
    assert "请选择要上传的 .xlsx 文件" in response.content.decode()


def test_renamed_and_missing_columns_are_named_with_their_place(office_client, units):
    headers = [("总投资" if h == "总投资（万元）" else h) for h in HEADERS if h != "责任人电话"]
    response = post(office_client, workbook_bytes([good_row()], headers=headers))
    assert response.status_code == 400
    messages = file_errors(response)
    assert any("G3" in m and "“总投资”" in m and "总投资（万元）" in m for m in messages), messages
    assert any("缺少列“责任人电话”" in m for m in messages), messages
    assert Project.objects.count() == 0


def test_half_width_brackets_and_required_marks_in_headers_are_accepted(office_client, units):
    headers = [h.replace("（", "(").replace("）", ")") for h in HEADERS]
    headers[0] = "项目编号*"
    rows = [dict(zip(headers, good_row().values(), strict=True))]
    response = post(office_client, workbook_bytes(rows, headers=headers))
    assert response.status_code == 302, file_errors(response)
    assert Project.objects.filter(code="LY-2026-001").exists()


def test_data_in_a_column_without_header_is_reported(office_client, units):
    content = workbook_bytes([good_row()])
    wb = openpyxl.load_workbook(io.BytesIO(content))
    wb.active.cell(row=FIRST_DATA_ROW, column=40, value="多出来的内容")
    buffer = io.BytesIO()
    wb.save(buffer)
    response = post(office_client, buffer.getvalue())
    assert response.status_code == 400
    assert row_errors(response) == [(4, "AN", "这一列没有表头，内容无法导入。")]


def test_file_larger_than_the_setting(office_client, settings):
    settings.RESERVE_IMPORT_MAX_BYTES = 2 * 1024
    response = post(office_client, workbook_bytes([good_row()] * 30))
    assert response.status_code == 400
    message = file_errors(response)[0]
    assert "超过了上限" in message and "MB" in message


def test_more_rows_than_the_setting(office_client, settings, units):
    settings.RESERVE_IMPORT_MAX_ROWS = 2
    rows = [good_row(**{"项目编号": f"LY-2026-{n:03d}"}) for n in range(3)]
    response = post(office_client, workbook_bytes(rows))
    assert response.status_code == 400
    assert "超过了 2 行的上限" in file_errors(response)[0]
    assert Project.objects.count() == 0
