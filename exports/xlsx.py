"""Streaming .xlsx sheets in the house style (openpyxl write-only mode: memory stays flat).

A sheet has a title row, a date-and-units row, the Chinese header row (frozen and
repeated on every printed page), then one row per object. Columns say their width,
their number format (万元 with two decimals, percent, integer, date) and may colour a
cell (a project's light). Print setup: landscape, fit to one page wide. Every text
that begins with = + - @ (or a tab or CR) gets a leading apostrophe
(``reserve.excel.columns.neutralise``), so no cell is ever run as a formula.

Only the cells that need a style carry one: a plain value is written as is, so
writing 10,000 rows costs about what openpyxl itself needs for those cells.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.functional import Promise
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties

from reserve.excel.columns import neutralise

TITLE_FONT = Font(bold=True, size=14)
NOTE_FONT = Font(size=10, color="595959")
HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
THIN = Side(style="thin", color="A6A6A6")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEADER_ALIGN = Alignment(wrap_text=True, horizontal="center", vertical="center")
HEADER_ROW = 3

MONEY = "#,##0.00"  # 万元
YI = "#,##0.00"  # 亿元
PERCENT = "0.0%"
INTEGER = "0"
DATE = "yyyy-mm-dd"
SCORE = "0.00"

#: a light (or any colour key) → the cell's fill
FILLS = {
    "green": PatternFill("solid", fgColor="C6EFCE"),
    "yellow": PatternFill("solid", fgColor="FFEB9C"),
    "red": PatternFill("solid", fgColor="FFC7CE"),
    "grey": PatternFill("solid", fgColor="EDEDED"),
    "blue": PatternFill("solid", fgColor="DDEBF7"),
}


def safe(value):
    """A value fit for a cell: lazy texts resolved, formula triggers neutralised, empty → None."""
    if isinstance(value, Promise):
        value = str(value)
    if value is None or value == "":
        return None
    if isinstance(value, str):
        return neutralise(value)
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
    return value


@dataclass(frozen=True)
class Column:
    header: str
    width: float
    get: Callable[[Any], Any]
    fmt: str | None = None
    #: row → a key of FILLS (or None): the cell's colour
    fill: Callable[[Any], str | None] | None = None


class Sheet:
    """One write-only sheet: ``write(obj)`` per row after the title, note and header rows."""

    def __init__(self, workbook, name, title, columns, note=""):
        self.ws = workbook.create_sheet(str(name)[:31])
        self.columns = columns
        self.rows = 0
        ws = self.ws
        for index, column in enumerate(columns, start=1):
            ws.column_dimensions[get_column_letter(index)].width = column.width
        ws.freeze_panes = f"A{HEADER_ROW + 1}"
        ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
        ws.page_setup.orientation = "landscape"
        ws.page_setup.paperSize = "9"  # A4
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
        ws.append([self._cell(safe(title), font=TITLE_FONT)])
        stamp = timezone.localtime().strftime("%Y-%m-%d %H:%M")
        ws.append([self._cell(safe(f"{note} · {stamp}" if note else stamp), font=NOTE_FONT)])
        ws.append(
            [
                self._cell(
                    safe(c.header), font=HEADER_FONT, fill=HEADER_FILL, border=BORDER, alignment=HEADER_ALIGN
                )
                for c in columns
            ]
        )
        self._formats = [self._cell(0, number_format=c.fmt) if c.fmt else None for c in columns]

    def _cell(self, value, **styles):
        cell = WriteOnlyCell(self.ws, value)
        for name, style in styles.items():
            setattr(cell, name, style)
        return cell

    def write(self, obj):
        values = []
        for column in self.columns:
            value = safe(column.get(obj))
            colour = column.fill(obj) if column.fill else None
            if column.fmt or colour:
                cell = WriteOnlyCell(self.ws, value)
                if column.fmt and isinstance(value, (int, float, Decimal, datetime.date)):
                    cell.number_format = column.fmt
                if colour in FILLS:
                    cell.fill = FILLS[colour]
                value = cell
            values.append(value)
        self.ws.append(values)
        self.rows += 1

    def write_values(self, values):
        """A row of plain values (a total line, say), neutralised."""
        self.ws.append([safe(v) for v in values])
        self.rows += 1


def workbook():
    """A write-only workbook (no default sheet)."""
    return Workbook(write_only=True)
