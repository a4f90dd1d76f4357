"""Writing the template and the export: one layout, so an export re-imports like a filled template.

Layout of the data sheet: row 1 a title, row 2 notes (what each column
expects), row 3 the Chinese headers, data from row 4; panes frozen below the
header and right of 项目名称; widths, number and date formats per column; drop-
down lists for choice columns from a hidden sheet, and range checks for
numbers and dates. The export uses openpyxl's write-only mode: rows are
streamed to disk as they are written, so memory stays flat for any pool size.
"""

import tempfile

from django.conf import settings
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from accounts.choices import UnitKind
from accounts.models import Unit
from projects.choices import PolicyTag, ProjectStage, ProjectType
from projects.models import Industry

from ..choices import Tier
from .columns import (
    CHOICE,
    COLUMNS,
    DATA_ROW,
    DATE,
    DATE_FORMAT,
    DECIMAL,
    HEADER_ROW,
    INDUSTRY,
    INTEGER,
    INTEGER_FORMAT,
    MONEY_FORMAT,
    NOTES_ROW,
    OPTIONS_SHEET_TITLE,
    PROJECT,
    SHEET_TITLE,
    TAG_SEPARATOR,
    TAGS,
    TEXT,
    TOWN,
    UNIT,
    file_labels,
    neutralise,
    note_for,
)

TITLE_FONT = Font(bold=True, size=14)
NOTE_FONT = Font(size=9, color="595959")
HEADER_FONT = Font(bold=True)
REQUIRED_FILL = PatternFill("solid", fgColor="F8CBAD")
OPTIONAL_FILL = PatternFill("solid", fgColor="DDEBF7")
THIN = Side(style="thin", color="A6A6A6")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
WRAP_TOP = Alignment(wrap_text=True, vertical="top")
HEADER_ALIGN = Alignment(wrap_text=True, horizontal="center", vertical="center")
FORMATS = {DATE: DATE_FORMAT, DECIMAL: MONEY_FORMAT, INTEGER: INTEGER_FORMAT, TEXT: "@"}
LIST_KINDS = (CHOICE, TAGS, INDUSTRY, UNIT, TOWN)


def _cell(ws, value, *, font=None, fill=None, border=None, alignment=None, number_format=None):
    cell = WriteOnlyCell(ws, value=value)
    for name, style in (("font", font), ("fill", fill), ("border", border), ("alignment", alignment)):
        if style is not None:
            setattr(cell, name, style)
    if number_format:
        cell.number_format = number_format
    return cell


def _option_lists():
    """``{list name: [labels]}`` for the drop-downs: choices, and the active industries, towns and units."""
    units = Unit.objects.filter(is_active=True).exclude(kind=UnitKind.ENTERPRISE)
    return {
        "project_type": list(file_labels(ProjectType).values()),
        "industry": list(Industry.objects.filter(is_active=True).values_list("name", flat=True)),
        "stage": list(file_labels(ProjectStage).values()),
        "town": list(units.filter(kind=UnitKind.TOWN).values_list("name", flat=True)),
        "unit": list(units.values_list("name", flat=True)),
        "tier": list(file_labels(Tier).values()),
        "policy_tags": list(file_labels(PolicyTag).values()),
    }


LIST_TITLES = {
    "project_type": "项目类型",
    "industry": "所属产业",
    "stage": "项目阶段",
    "town": "乡镇/街道",
    "unit": "责任单位",
    "tier": "储备层级",
    "policy_tags": "政策契合",
}


def _list_name(column):
    if column.kind == UNIT:
        return "unit"
    if column.kind == TOWN:
        return "town"
    if column.kind == INDUSTRY:
        return "industry"
    return column.field if column.field in LIST_TITLES else None


def _write_options(wb):
    """The hidden sheet of drop-down lists, one per column; returns ``{list name: range}``."""
    ws = wb.create_sheet(OPTIONS_SHEET_TITLE)
    lists = _option_lists()
    names = list(lists)
    ws.append([LIST_TITLES[name] for name in names])
    longest = max(len(values) for values in lists.values())
    for index in range(longest):
        ws.append([_text(lists[name][index]) if index < len(lists[name]) else None for name in names])
    ws.sheet_state = "hidden"
    ranges = {}
    for position, name in enumerate(names, start=1):
        if lists[name]:
            letter = get_column_letter(position)
            ranges[name] = f"'{OPTIONS_SHEET_TITLE}'!${letter}$2:${letter}${len(lists[name]) + 1}"
    return ranges


def _validation(column, ranges):
    """A drop-down or range check for one column, or None."""
    if column.kind in LIST_KINDS:
        source = ranges.get(_list_name(column))
        if source is None:
            return None
        strict = column.kind != TAGS  # 政策契合 takes several labels: the list only helps
        dv = DataValidation(type="list", formula1=source, allow_blank=True, showErrorMessage=strict)
        dv.error = _("请从下拉列表中选择。")
        return _explain(dv, column)
    elif column.kind == DECIMAL:
        dv = DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0", allow_blank=True)
        dv.error = _("请填写不小于 0 的数字。")
    elif column.kind == INTEGER:
        dv = DataValidation(type="whole", operator="greaterThanOrEqual", formula1="0", allow_blank=True)
        dv.error = _("请填写不小于 0 的整数。")
    elif column.kind == DATE:
        dv = DataValidation(
            type="date", operator="between", formula1="DATE(1990,1,1)", formula2="DATE(2100,12,31)"
        )
        dv.allow_blank = True
        dv.error = _("请填写日期，如 2026-03-01。")
    else:
        return None
    dv.showErrorMessage = True
    return _explain(dv, column)


def _explain(dv, column):
    dv.errorTitle = column.header
    dv.promptTitle = column.header
    dv.prompt = note_for(column)[:250]
    dv.showInputMessage = True
    return dv


def _start_sheet(wb, title, *, last_row):
    """The data sheet with its title, notes and header rows, formats and checks (before any data row)."""
    ws = wb.create_sheet(SHEET_TITLE)
    ranges = _write_options(wb)
    for index, column in enumerate(COLUMNS, start=1):
        dimension = ws.column_dimensions[get_column_letter(index)]
        dimension.width = column.width
        if column.kind in FORMATS:
            dimension.number_format = FORMATS[column.kind]
        dv = _validation(column, ranges)
        if dv is not None:
            dv.add(f"{get_column_letter(index)}{DATA_ROW}:{get_column_letter(index)}{last_row}")
            ws.data_validations.append(dv)
    ws.freeze_panes = f"C{DATA_ROW}"
    ws.row_dimensions[NOTES_ROW].height = 54
    ws.row_dimensions[HEADER_ROW].height = 32
    ws.append([_cell(ws, title, font=TITLE_FONT)])
    ws.append([_cell(ws, note_for(c), font=NOTE_FONT, alignment=WRAP_TOP) for c in COLUMNS])
    ws.append(
        [
            _cell(
                ws,
                c.header,
                font=HEADER_FONT,
                fill=REQUIRED_FILL if c.required else OPTIONAL_FILL,
                border=BORDER,
                alignment=HEADER_ALIGN,
            )
            for c in COLUMNS
        ]
    )
    return ws


def _last_row(rows):
    return DATA_ROW + max(rows, settings.RESERVE_IMPORT_MAX_ROWS) - 1


def build_template(fh):
    """Write the empty import template to the binary file ``fh``."""
    wb = Workbook(write_only=True)
    title = _(
        "浏阳市重点项目储备库 · 导入模板（第 %(header)s 行为表头，从第 %(data)s 行起每行填写一个项目；橙色表头为必填列）"
    ) % {
        "header": HEADER_ROW,
        "data": DATA_ROW,
    }
    _start_sheet(wb, title, last_row=_last_row(0))
    wb.save(fh)


# -- export ---------------------------------------------------------------------------


def _text(value):
    return neutralise(ILLEGAL_CHARACTERS_RE.sub("", str(value))) if value not in (None, "") else None


class RowWriter:
    """One pool entry → the cells of one row, in the columns' order."""

    def __init__(self, ws):
        self.ws = ws
        self.labels = {c.field: file_labels(c.choices) for c in COLUMNS if c.choices is not None}

    def cells(self, entry):
        row = []
        for column in COLUMNS:
            owner = entry.project if column.target == PROJECT else entry
            value = getattr(owner, column.field)
            if column.kind == CHOICE:
                row.append(self.labels[column.field].get(value, value) or None)
            elif column.kind == TAGS:
                labels = self.labels[column.field]
                row.append(_text(TAG_SEPARATOR.join(labels.get(tag, tag) for tag in value or [])))
            elif column.kind in (INDUSTRY, UNIT, TOWN):
                row.append(_text(value.name) if value is not None else None)
            elif column.kind == TEXT:
                row.append(_text(value))
            elif value is None:
                row.append(None)
            else:
                row.append(_cell(self.ws, value, number_format=FORMATS[column.kind]))
        return row


def write_export(entries, *, title, count):
    """Stream ``entries`` (with projects, units and industry selected) into a temporary .xlsx; return it."""
    wb = Workbook(write_only=True)
    ws = _start_sheet(wb, title, last_row=_last_row(count))
    writer = RowWriter(ws)
    for entry in entries:
        ws.append(writer.cells(entry))
    fh = tempfile.TemporaryFile()  # noqa: SIM115 — returned open; the FileResponse closes it
    wb.save(fh)
    fh.seek(0)
    return fh
