"""The one list of spreadsheet columns, shared by the template, the import and the export.

The headers are the file format: they stay Chinese whatever the user's
language (like the column names of a government form), so a file written by
one person imports for every other. Choice columns hold the Chinese labels;
the import also accepts the labels of the user's language and the stored codes.
"""

import re
from dataclasses import dataclass

from django.utils import translation
from django.utils.translation import gettext_lazy as _

from projects.choices import PolicyTag, ProjectStage, ProjectType

from ..choices import Tier

# Cell kinds.
TEXT = "text"
DECIMAL = "decimal"
INTEGER = "integer"
DATE = "date"
CHOICE = "choice"
TAGS = "tags"  # several choice labels separated by 、
INDUSTRY = "industry"  # an Industry, by name
UNIT = "unit"  # a responsible unit (not an enterprise), by name or short name
TOWN = "town"  # a town/street unit, by name or short name

PROJECT = "project"
ENTRY = "entry"

#: the sheet the data goes on, and the hidden sheet with the drop-down lists
SHEET_TITLE = "储备项目"
OPTIONS_SHEET_TITLE = "选项"
#: rows of the layout: title, notes, header; data from DATA_ROW on
TITLE_ROW, NOTES_ROW, HEADER_ROW, DATA_ROW = 1, 2, 3, 4
#: separator of several labels in one cell (政策契合)
TAG_SEPARATOR = "、"
DATE_FORMAT = "yyyy-mm-dd"
MONEY_FORMAT = "#,##0.00"
INTEGER_FORMAT = "0"


@dataclass(frozen=True)
class Column:
    header: str  # exact header in the file (Chinese, with unit)
    field: str  # attribute of the Project or ReserveEntry
    target: str  # PROJECT or ENTRY
    kind: str
    required: bool = False
    choices: type | None = None  # a TextChoices class for CHOICE and TAGS
    width: int = 14
    note: str = ""  # what the column expects, shown in the notes row

    @property
    def letter(self):
        from openpyxl.utils import get_column_letter

        return get_column_letter(COLUMNS.index(self) + 1)


COLUMNS = [
    Column("项目编号", "code", PROJECT, TEXT, True, width=16, note=_("唯一；已有的编号表示更新该项目")),
    Column("项目名称", "name", PROJECT, TEXT, True, width=30),
    Column("项目类型", "project_type", PROJECT, CHOICE, True, ProjectType, width=12),
    Column("所属产业", "industry", PROJECT, INDUSTRY, True, width=14),
    Column("项目阶段", "stage", PROJECT, CHOICE, False, ProjectStage, width=10, note=_("新项目留空为“储备”")),
    Column("建设内容及规模", "description", PROJECT, TEXT, width=40),
    Column("总投资（万元）", "total_investment", PROJECT, DECIMAL, True, width=14),
    Column("年度计划投资（万元）", "annual_plan_investment", PROJECT, DECIMAL, width=14, note=_("留空为 0")),
    Column("责任单位", "responsible_unit", PROJECT, UNIT, True, width=22),
    Column("责任人", "responsible_person", PROJECT, TEXT, True, width=10),
    Column("责任人电话", "responsible_phone", PROJECT, TEXT, width=16),
    Column("业主单位", "owner_enterprise", PROJECT, TEXT, True, width=28),
    Column("所在乡镇/街道", "town", PROJECT, TOWN, True, width=14),
    Column("建设地点", "address", PROJECT, TEXT, width=24),
    Column("用地面积（亩）", "land_area", PROJECT, DECIMAL, width=12),
    Column("计划开工日期", "planned_start", PROJECT, DATE, width=13),
    Column("计划竣工日期", "planned_completion", PROJECT, DATE, width=13, note=_("不早于计划开工日期")),
    Column("预期年产值（万元）", "expected_output_value", PROJECT, DECIMAL, width=14),
    Column("预期年税收（万元）", "expected_tax", PROJECT, DECIMAL, width=14),
    Column("预期就业（人）", "expected_jobs", PROJECT, INTEGER, width=12),
    Column("政策契合", "policy_tags", PROJECT, TAGS, False, PolicyTag, width=26),
    Column("储备层级", "tier", ENTRY, CHOICE, True, Tier, width=12),
    Column("谋划责任单位", "responsible_unit", ENTRY, UNIT, width=22, note=_("留空同责任单位")),
    Column("谋划责任人", "responsible_person", ENTRY, TEXT, width=10, note=_("留空同责任人")),
    Column("前期工作完成时限", "prep_deadline", ENTRY, DATE, width=14),
    Column("计划开工时间节点", "target_start", ENTRY, DATE, width=14),
    Column("其他时间节点", "time_nodes", ENTRY, TEXT, width=26),
    Column("预期目标", "expected_goals", ENTRY, TEXT, width=30),
]

HEADERS = [column.header for column in COLUMNS]
BY_HEADER = {column.header: column for column in COLUMNS}
PROJECT_COLUMNS = {column.field: column for column in COLUMNS if column.target == PROJECT}
ENTRY_COLUMNS = {column.field: column for column in COLUMNS if column.target == ENTRY}

KIND_NOTES = {
    TEXT: _("文本"),
    DECIMAL: _("数字，不小于 0，最多两位小数"),
    INTEGER: _("整数，不小于 0"),
    DATE: _("日期，如 2026-03-01"),
    CHOICE: _("从下拉列表选择"),
    TAGS: _("可多选，用“、”分隔"),
    INDUSTRY: _("从下拉列表选择产业名称"),
    UNIT: _("单位全称或简称（下拉列表）"),
    TOWN: _("乡镇/街道名称（下拉列表）"),
}


def note_for(column):
    """The notes-row text of a column: required or not, what to fill, units."""
    parts = [str(_("必填") if column.required else _("选填")), str(KIND_NOTES[column.kind])]
    if "万元" in column.header:
        parts.append(str(_("单位：万元")))
    if column.note:
        parts.append(str(column.note))
    return "；".join(parts)


# -- choices ------------------------------------------------------------------------

_QUOTES = re.compile(r"[\s\"'“”‘’「」『』]")


def normalise_label(text):
    """Compare labels loosely: no spaces or quotes, full-width brackets."""
    text = _QUOTES.sub("", str(text))
    return text.replace("(", "（").replace(")", "）")


def file_labels(choices):
    """``{value: Chinese label}``: what the file shows for a choice (always Chinese)."""
    with translation.override("zh-hans"):
        return {value: str(label) for value, label in choices.choices}


def label_lookup(choices):
    """``{normalised label or code: value}`` accepted by the import.

    Chinese labels, the user's-language labels, the stored codes, and a tier's
    short label before its bracket (``近期`` for ``近期（1年）``).
    """
    lookup = {}
    for value, label in choices.choices:
        lookup[normalise_label(value)] = value
        lookup[normalise_label(label)] = value
    for value, label in file_labels(choices).items():
        key = normalise_label(label)
        lookup[key] = value
        short = key.split("（", 1)[0]
        if short and short != key:
            lookup.setdefault(short, value)
    return lookup


TAG_SPLIT = re.compile(r"[、,，;；/\n]+")


# -- headers -------------------------------------------------------------------------

_HEADER_NOISE = re.compile(r"[\s*＊]")


def normalise_header(value):
    """A header as the import compares it: no spaces or required marks, full-width brackets."""
    if value is None:
        return ""
    text = _HEADER_NOISE.sub("", str(value))
    return text.replace("(", "（").replace(")", "）")


NORMALISED_HEADERS = {normalise_header(header): header for header in HEADERS}


# -- formula injection ---------------------------------------------------------------

#: a text beginning with one of these would be run as a formula by a spreadsheet
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
#: the export prefixes such a text with an apostrophe (see ``neutralise``)
GUARD = "'"


def neutralise(text):
    """Make a text cell safe against formula injection (OWASP "CSV injection").

    A text that begins with = + - @ (or a tab or carriage return) is written
    with a leading apostrophe, as a string cell. The cell is already stored as
    text in the .xlsx, so Excel never runs it; the visible apostrophe is kept
    on purpose because it also survives "save as CSV" and copy-paste into
    another sheet, where an invisible style flag (quotePrefix) or a zero-width
    character would be lost or mistaken for data. The import removes exactly
    this apostrophe again (``unneutralise``), so an export re-imports unchanged.
    """
    return GUARD + text if text.startswith(FORMULA_TRIGGERS) else text


def unneutralise(text):
    if text.startswith(GUARD) and text[1:2] and text[1:].startswith(FORMULA_TRIGGERS):
        return text[1:]
    return text
