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

from reserve.excel.columns import FORMULA_TRIGGERS, GUARD, neutralise

TITLE_FONT = Font(bold=True, size=14)
NOTE_FONT = Font(size=10, color="595959")
HEADER_FONT = Font(bold=True)
TOTAL_FONT = Font(bold=True)
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


#: values a column's number format applies to (a text in a money column stays plain)
FORMATTED = (int, float, Decimal, datetime.date)
#: values written as they are: nothing for ``safe`` to do
PLAIN = frozenset({int, float, Decimal, bool, datetime.date})
#: openpyxl's data type of a number or date (``Cell._bind_value``)
DATA_TYPES = {int: "n", float: "n", Decimal: "n", datetime.date: "d"}
#: the first characters ``neutralise`` guards (each trigger is one character), for a quick test
TRIGGERS = frozenset(FORMULA_TRIGGERS)
assert all(len(trigger) == 1 for trigger in FORMULA_TRIGGERS)


def cleaned(value):
    """``safe(value)``, with the common cases (a text, a number, a date, None) first."""
    if value.__class__ is str:
        return (GUARD + value if value[0] in TRIGGERS else value) if value else None
    if value is None or value.__class__ in PLAIN:
        return value
    return safe(value)


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
    #: row → a key of FILLS, a PatternFill, or None: the cell's colour
    fill: Callable[[Any], str | PatternFill | None] | None = None


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
        #: (column, number format, fill) → the one cell written for that style (``_template``)
        self._templates = {}
        #: per column: row → what ``write`` appends in its place (``_maker``)
        self._makers = [self._maker(c) for c in columns]

    def _cell(self, value, **styles):
        cell = WriteOnlyCell(self.ws, value)
        for name, style in styles.items():
            setattr(cell, name, style)
        return cell

    def write(self, obj):
        self.ws.append([make(obj) for make in self._makers])
        self.rows += 1

    def _maker(self, column):
        """row → the value of ``column`` fit for its cell (see ``safe``), in a cell of the column's
        style when it needs one (``_styled``): one function per column, chosen once, so that a row
        costs one call per cell and no per-cell test of what the column needs."""
        get = column.get
        if column.fill is not None:
            return lambda obj: self._styled(column, cleaned(get(obj)), obj)
        if column.fmt is not None:
            fmt, cell = column.fmt, None

            def formatted(obj):
                nonlocal cell
                value = get(obj)
                data_type = DATA_TYPES.get(value.__class__)
                if data_type is None:  # None, a text, or a number or date of another type
                    return self._styled(column, cleaned(value), obj)
                # What openpyxl's value setter would conclude for a number or a date in a cell that
                # already has its number format, without its checks (a third of a styled cell's cost).
                if cell is None:
                    cell = self._template(column, fmt, None)
                cell._value, cell.data_type = value, data_type
                return cell

            return formatted

        return lambda obj: cleaned(get(obj))

    def _styled(self, column, value, obj):
        """The value (already ``safe``) in a cell of the column's style, or the plain value when it
        needs none."""
        colour = column.fill(obj) if column.fill else None
        fill = colour if isinstance(colour, PatternFill) else FILLS.get(colour)
        fmt = column.fmt if column.fmt and isinstance(value, FORMATTED) else None
        if fill is None and (fmt is None or value is None):
            return value
        cell = self._template(column, fmt, fill)
        data_type = DATA_TYPES.get(value.__class__) if fmt else None
        if data_type:
            cell._value, cell.data_type = value, data_type
        elif cell._value is not value:  # a colour's label is the same text in every row: set once
            cell.value = value
        return cell

    def _template(self, column, fmt, fill):
        """The one cell of the style (column, number format, fill), made the first time it is needed.

        openpyxl writes a row's cells as soon as the row is appended, so the same cell object
        serves every row, given each row's value: no style is looked up or copied per row.
        """
        key = (id(column), fmt, id(fill))
        cell = self._templates.get(key)
        if cell is None:
            cell = self._templates[key] = WriteOnlyCell(self.ws)
            if fmt:
                cell.number_format = fmt
            if fill is not None:
                cell.fill = fill
        return cell

    def write_values(self, values):
        """A row of plain values (a total line, say), neutralised."""
        self.ws.append([safe(v) for v in values])
        self.rows += 1

    def write_summary(self, values, formats=None, font=TOTAL_FONT):
        """A line that is not an object (a subtotal, a total): bold, each number in its column's
        format (or in ``formats[index]``)."""
        cells = []
        for index, value in enumerate(values):
            value = safe(value)
            fmt = (formats or {}).get(index) or (
                self.columns[index].fmt if index < len(self.columns) else None
            )
            styles = {"font": font} if font else {}
            if value is not None and fmt and isinstance(value, FORMATTED):
                styles["number_format"] = fmt
            cells.append(self._cell(value, **styles) if value is not None and styles else value)
        self.ws.append(cells)
        self.rows += 1


def workbook():
    """A write-only workbook (no default sheet)."""
    return Workbook(write_only=True)


#: a badge's Bootstrap colour → the cell's fill (a list's colour badges become coloured cells)
BADGE_FILLS = {
    "success": "green",
    "warning": "yellow",
    "danger": "red",
    "secondary": "grey",
    "dark": "grey",
    "light": "grey",
    "primary": "blue",
    "info": "blue",
}


def badge(colour):
    """The fill of a badge coloured ``colour`` (a Bootstrap name), or None."""
    return BADGE_FILLS.get(colour)
