"""Spreadsheets for the Excel intake tests, built with openpyxl in the test itself."""

import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.choices import UnitKind
from accounts.roles import Role
from reserve.excel import HEADERS
from tests.factories import DepartmentFactory, IndustryFactory, TownFactory, UnitFactory, UserFactory

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
#: the template's layout: title, notes, header, then data from row 4
FIRST_DATA_ROW = 4


def good_row(**changes):
    """One valid candidate project (the names exist in the ``units`` fixture)."""
    row = {
        "项目编号": "LY-2026-001",
        "项目名称": "浏阳烟花智造产业园",
        "项目类型": "产业项目",
        "所属产业": "花炮",
        "项目阶段": None,
        "建设内容及规模": "建设智能化烟花生产线及仓储物流中心",
        "总投资（万元）": 120000,
        "年度计划投资（万元）": 30000.5,
        "责任单位": "市发改局",
        "责任人": "李明",
        "责任人电话": "0731-83012345",
        "业主单位": "浏阳花炮集团有限公司",
        "所在乡镇/街道": "大瑶镇",
        "建设地点": "大瑶镇花炮产业园",
        "用地面积（亩）": 350,
        "计划开工日期": datetime.date(2026, 9, 1),
        "计划竣工日期": datetime.date(2028, 12, 31),
        "预期年产值（万元）": 200000,
        "预期年税收（万元）": 8000,
        "预期就业（人）": 1200,
        "政策契合": '国家"十四五"规划、湖南“三高四新”',
        "储备层级": "近期（1年）",
        "谋划责任单位": None,
        "谋划责任人": None,
        "前期工作完成时限": "2026-06-30",
        "计划开工时间节点": datetime.date(2026, 9, 1),
        "其他时间节点": "2026年5月完成可研批复",
        "预期目标": "投产后年产值20亿元",
    }
    row.update(changes)
    return row


def workbook_bytes(rows, headers=HEADERS, title="浏阳市重点项目储备库导入", notes=True):
    """An .xlsx with a title row, a notes row, the header row and ``rows`` (dicts by header)."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "储备项目"
    ws.append([title])
    ws.append(["说明" if notes else None] * len(headers))
    ws.append(list(headers))
    for row in rows:
        ws.append([row.get(header) for header in headers])
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def upload(content, name="储备项目.xlsx"):
    return SimpleUploadedFile(name, content, content_type=XLSX)


def read_sheet(content):
    """``(title, header row values, [data row dicts])`` of a downloaded workbook."""
    wb = openpyxl.load_workbook(io.BytesIO(content))
    ws = wb["储备项目"]
    rows = list(ws.iter_rows(values_only=True))
    headers = list(rows[2])
    data = [dict(zip(headers, values, strict=True)) for values in rows[3:]]
    return ws, rows[0][0], headers, data


@pytest.fixture
def units(db):
    """The names ``good_row`` refers to."""
    return {
        "fgj": DepartmentFactory(name="浏阳市发展和改革局", short_name="市发改局"),
        "zrzy": DepartmentFactory(name="浏阳市自然资源局", short_name="市自然资源局"),
        "dayao": TownFactory(name="大瑶镇"),
        "jili": TownFactory(name="集里街道"),
        "huapao": IndustryFactory(name="花炮"),
        "szjj": IndustryFactory(name="数字经济"),
        "enterprise": UnitFactory(name="浏阳花炮集团有限公司", kind=UnitKind.ENTERPRISE),
    }


@pytest.fixture
def office(db):
    return UserFactory(roles=[Role.KEY_OFFICE])


@pytest.fixture
def office_client(client, office):
    client.force_login(office)
    return client


def money(value):
    return Decimal(str(value)).quantize(Decimal("0.01"))
