"""The weekly issue list (每周问题清单) as an .xlsx: a summary sheet and one sheet per section.

Each sheet: a title row, a date row, the Chinese headers (frozen), data below.
Every text that begins with = + - @ is written with a leading apostrophe
(``reserve.excel.columns.neutralise``), so a spreadsheet never runs it.
"""

import io

from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from reserve.excel.columns import neutralise

from .choices import IssueLevel

TITLE_FONT = Font(bold=True, size=14)
DATE_FONT = Font(size=10, color="595959")
HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
THIN = Side(style="thin", color="A6A6A6")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEADER_ALIGN = Alignment(wrap_text=True, horizontal="center", vertical="center")
WRAP_TOP = Alignment(wrap_text=True, vertical="top")
DATE_FORMAT = "yyyy-mm-dd"
HEADER_ROW = 3


def _safe(value):
    if isinstance(value, Promise):  # a lazy label
        value = str(value)
    return neutralise(value) if isinstance(value, str) else value


def _issue_columns():
    """(header, width, value of an issue) for the issue sections."""
    return [
        (_("项目编号"), 14, lambda i: i.project.code),
        (_("项目名称"), 28, lambda i: i.project.name),
        (_("问题"), 36, lambda i: i.title),
        (_("问题类别"), 12, lambda i: i.category.name),
        (_("责任单位"), 20, lambda i: i.responsible_unit.name),
        (_("责任人"), 12, lambda i: i.responsible_person.display_name if i.responsible_person else ""),
        (_("办理层级"), 14, lambda i: IssueLevel(i.level_then).label),
        (_("状态"), 10, lambda i: i.get_status_display()),
        (_("提出日期"), 12, lambda i: i.raised_on),
        (_("办结时限"), 12, lambda i: getattr(i, "deadline_then", i.deadline)),
        (_("销号日期"), 12, lambda i: i.closed_on),
        (_("挂牌督办"), 10, lambda i: _("是") if i.listed else ""),
    ]


def _of_issue(get):
    return lambda step: get(step.issue)


def _step_columns():
    issue = _issue_columns()
    return [
        (_("升级时间"), 17, lambda s: timezone.localtime(s.at).strftime("%Y-%m-%d %H:%M")),
        *[(header, width, _of_issue(get)) for header, width, get in issue[:6]],
        (_("原层级"), 14, lambda s: IssueLevel(s.from_level).label),
        (_("新层级"), 14, lambda s: IssueLevel(s.to_level).label),
        (_("原时限"), 12, lambda s: s.old_deadline),
        (_("新时限"), 12, lambda s: s.new_deadline),
    ]


def _count_columns(first):
    return [
        (first, 24, lambda r: r[0]),
        (_("本周新增"), 10, lambda r: r[1]),
        (_("本周销号"), 10, lambda r: r[2]),
        (_("本周升级"), 10, lambda r: r[3]),
        (_("周末逾期"), 10, lambda r: r[4]),
    ]


def _sheet(ws, title, dates, columns, rows, start_row=1):
    """Write one table at ``start_row``: title, date line, headers, rows; returns the next free row."""
    ws.cell(start_row, 1, _safe(title)).font = TITLE_FONT
    ws.cell(start_row + 1, 1, dates).font = DATE_FONT
    header_row = start_row + 2
    ws.cell(header_row, 1, _("序号"))
    for index, (header, _width, _get) in enumerate(columns, start=2):
        ws.cell(header_row, index, header)
    for index in range(1, len(columns) + 2):
        cell = ws.cell(header_row, index)
        cell.font, cell.fill, cell.border, cell.alignment = HEADER_FONT, HEADER_FILL, BORDER, HEADER_ALIGN
    row = header_row + 1
    for number, item in enumerate(rows, start=1):
        ws.cell(row, 1, number).border = BORDER
        for index, (_header, _width, get) in enumerate(columns, start=2):
            value = get(item)
            cell = ws.cell(row, index, _safe(value) if value not in (None, "") else None)
            cell.border = BORDER
            cell.alignment = WRAP_TOP
            if hasattr(value, "isoformat") and not isinstance(value, str):
                cell.number_format = DATE_FORMAT
        row += 1
    return row


def _widths(ws, columns):
    ws.column_dimensions["A"].width = 6
    for index, (_header, width, _get) in enumerate(columns, start=2):
        letter = get_column_letter(index)
        ws.column_dimensions[letter].width = max(ws.column_dimensions[letter].width or 0, width)


def weekly_workbook(weekly):
    """The workbook's bytes."""
    week = weekly.week
    dates = _("%(start)s 至 %(end)s（%(week)s）") % {"start": week.start, "end": week.end, "week": week}
    wb = Workbook()
    summary = wb.active
    summary.title = _("汇总")
    title = _("每周问题清单")
    level_columns = _count_columns(_("办理层级"))
    next_row = _sheet(summary, title, dates, level_columns, weekly.by_level)
    _sheet(summary, _("按责任单位"), dates, _count_columns(_("责任单位")), weekly.by_unit, next_row + 1)
    _widths(summary, level_columns)
    summary.freeze_panes = f"A{HEADER_ROW + 1}"
    sections = (
        (_("本周新增"), _issue_columns(), weekly.new),
        (_("本周销号"), _issue_columns(), weekly.closed),
        (_("本周升级"), _step_columns(), weekly.escalated),
        (_("周末逾期"), _issue_columns(), weekly.overdue),
    )
    for name, columns, rows in sections:
        ws = wb.create_sheet(name)
        _sheet(ws, f"{title} · {name}", dates, columns, rows)
        _widths(ws, columns)
        ws.freeze_panes = f"A{HEADER_ROW + 1}"
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
