"""The ranking table of a period (考核排名表) as an .xlsx, in the house style of issues.excel:
a title row, a date row, the Chinese headers (frozen), the grade as the cell's fill colour.
Texts beginning with = + - @ get a leading apostrophe (``reserve.excel.columns.neutralise``)."""

import io

from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from reserve.excel.columns import neutralise

TITLE_FONT = Font(bold=True, size=14)
DATE_FONT = Font(size=10, color="595959")
HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
THIN = Side(style="thin", color="A6A6A6")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEADER_ALIGN = Alignment(wrap_text=True, horizontal="center", vertical="center")
WRAP_TOP = Alignment(wrap_text=True, vertical="top")
HEADER_ROW = 3
#: grade → fill colour of the grade cell
GRADE_FILLS = {
    "excellent": "C6EFCE",
    "good": "DDEBF7",
    "pass": "FFF2CC",
    "fail": "FFC7CE",
}


def _safe(value):
    if isinstance(value, Promise):
        value = str(value)
    return neutralise(value) if isinstance(value, str) else value


def _columns():
    """(header, width, value of a result, number format)."""
    return [
        (_("排名"), 6, lambda r: r.rank, "0"),
        (_("项目编号"), 14, lambda r: r.project.code, None),
        (_("项目名称"), 30, lambda r: r.project.name, None),
        (_("责任单位"), 20, lambda r: r.responsible_unit.name, None),
        (_("项目类型"), 10, lambda r: r.project.get_project_type_display(), None),
        (_("得分"), 8, lambda r: r.score, "0.00"),
        (_("等次"), 8, lambda r: r.get_grade_display(), None),
        (_("一票否决"), 8, lambda r: _("是") if r.vetoed else "", None),
        (_("拟定结果运用"), 16, lambda r: r.get_proposed_outcome_display(), None),
        (_("结果运用"), 16, lambda r: r.get_outcome_display(), None),
        (_("调整理由"), 30, lambda r: r.outcome_reason, None),
    ]


def ranking_workbook(period, results):
    """The workbook's bytes: one sheet, the results in the order given."""
    wb = Workbook()
    ws = wb.active
    ws.title = _("考核排名")
    columns = _columns()
    ws.cell(1, 1, _safe(_("%(name)s · 考核排名表") % {"name": period.name})).font = TITLE_FONT
    dates = _("考核期间 %(start)s 至 %(end)s · 状态：%(status)s · 导出时间 %(now)s") % {
        "start": period.starts_on,
        "end": period.ends_on,
        "status": period.get_status_display(),
        "now": timezone.localtime().strftime("%Y-%m-%d %H:%M"),
    }
    ws.cell(2, 1, dates).font = DATE_FONT
    for index, (header, width, _get, _fmt) in enumerate(columns, start=1):
        cell = ws.cell(HEADER_ROW, index, header)
        cell.font, cell.fill, cell.border, cell.alignment = HEADER_FONT, HEADER_FILL, BORDER, HEADER_ALIGN
        ws.column_dimensions[get_column_letter(index)].width = width
    grade_column = next(i for i, c in enumerate(columns, start=1) if c[0] == _("等次"))
    for row, result in enumerate(results, start=HEADER_ROW + 1):
        for index, (_header, _width, get, fmt) in enumerate(columns, start=1):
            value = get(result)
            cell = ws.cell(row, index, _safe(value) if value not in (None, "") else None)
            cell.border = BORDER
            cell.alignment = WRAP_TOP
            if fmt:
                cell.number_format = fmt
        fill = GRADE_FILLS.get(result.grade)
        if fill:
            ws.cell(row, grade_column).fill = PatternFill("solid", fgColor=fill)
    ws.freeze_panes = f"A{HEADER_ROW + 1}"
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
