"""Opening an uploaded spreadsheet: is it really an .xlsx, not too big, with the template's columns?

Everything here looks at the file, not at the projects in it; a problem is a
``FileRejected`` with one or more Chinese messages. The workbook is read in
openpyxl's read-only mode (rows streamed, memory flat) with formulas as text.
"""

import difflib
import zipfile
from dataclasses import dataclass, field
from xml.etree.ElementTree import ParseError

from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException

from .cells import is_blank
from .columns import BY_HEADER, HEADERS, NORMALISED_HEADERS, SHEET_TITLE, normalise_header

ZIP_SIGNATURE = b"PK\x03\x04"
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls, .doc and other old Office files
#: the header must be among the first rows (template and export put it on row 3)
HEADER_SEARCH_ROWS = 10
#: a row with at least this many template headers is the header row
HEADER_MIN_MATCHES = 3
#: the unpacked workbook may be at most this many times the upload limit (zip bombs)
MAX_UNPACKED_RATIO = 30
#: what a damaged or disguised file can make openpyxl raise while loading or reading
BROKEN_FILE_ERRORS = (
    InvalidFileException,
    zipfile.BadZipFile,
    ParseError,
    KeyError,
    ValueError,
    TypeError,
    IndexError,
    AttributeError,
    EOFError,
    OSError,
)


class FileRejected(Exception):
    """The file as a whole cannot be imported; ``messages`` say why."""

    def __init__(self, messages):
        self.messages = [messages] if isinstance(messages, str) else list(messages)
        super().__init__("；".join(self.messages))


@dataclass
class RowError:
    row: int  # as Excel numbers it
    column: str  # the column header (or its letter when it has none)
    message: str


@dataclass
class Sheet:
    title: str
    header_row: int
    rows: list = field(default_factory=list)  # (row number, {header: raw value})
    errors: list = field(default_factory=list)  # RowError for data in columns without a header


def megabytes(size):
    text = f"{size / (1024 * 1024):.2f}".rstrip("0").rstrip(".")
    return text if text != "0" else f"{size / (1024 * 1024):.4f}".rstrip("0")


def read_upload(upload, *, max_bytes, max_rows):
    """Check the upload and read its data rows; raise FileRejected with the reasons."""
    size = upload.size or 0
    if size == 0:
        raise FileRejected(_("上传的文件是空的（0 字节）。请选择填好的 .xlsx 文件。"))
    if size > max_bytes:
        raise FileRejected(
            _("文件大小为 %(size)s MB，超过了上限 %(limit)s MB。请删去多余内容或分成几个文件导入。")
            % {"size": megabytes(size), "limit": megabytes(max_bytes)}
        )
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if head.startswith(OLE_SIGNATURE):
        raise FileRejected(
            _(
                "这是旧版 Excel（.xls）或其他 Office 文件，不是 .xlsx。请在 Excel 中“另存为” Excel 工作簿（.xlsx）后再上传。"
            )
        )
    not_xlsx = _("文件“%(name)s”不是 Excel 工作簿（.xlsx），无法读取。请使用下载的模板填写后上传。") % {
        "name": upload.name
    }
    if not head.startswith(ZIP_SIGNATURE):
        raise FileRejected(not_xlsx)
    try:
        with zipfile.ZipFile(upload) as archive:
            names = set(archive.namelist())
            unpacked = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile:
        raise FileRejected(not_xlsx) from None
    if "xl/workbook.xml" not in names:
        raise FileRejected(not_xlsx)
    if unpacked > max(max_bytes, 1024 * 1024) * MAX_UNPACKED_RATIO:
        raise FileRejected(_("文件解压后过大，不像是正常的项目表，已拒绝。"))
    upload.seek(0)
    try:
        workbook = load_workbook(upload, read_only=True, data_only=False)
    except BROKEN_FILE_ERRORS:
        raise FileRejected(not_xlsx) from None
    try:
        return _read_sheet(_data_sheet(workbook), max_rows)
    except BROKEN_FILE_ERRORS:
        raise FileRejected(_("文件已损坏，读取表格内容时出错。请在 Excel 中重新保存后再上传。")) from None
    finally:
        workbook.close()


def _data_sheet(workbook):
    if SHEET_TITLE in workbook.sheetnames:
        return workbook[SHEET_TITLE]
    visible = [ws for ws in workbook.worksheets if ws.sheet_state == "visible"]
    if not visible:
        raise FileRejected(_("工作簿里没有可见的工作表。"))
    return visible[0]


def _read_sheet(ws, max_rows):
    rows = ws.iter_rows(values_only=True)
    head = []
    for number, values in enumerate(rows, start=1):
        head.append((number, values))
        if number >= HEADER_SEARCH_ROWS:
            break
    header_row, columns = _find_header(ws.title, head)
    sheet = Sheet(title=ws.title, header_row=header_row)

    def data_rows():
        yield from (item for item in head if item[0] > header_row)
        yield from enumerate(rows, start=len(head) + 1)

    for number, values in data_rows():
        if all(is_blank(value) for value in values):
            continue
        if len(sheet.rows) >= max_rows:
            raise FileRejected(
                _("数据超过了 %(max)s 行的上限（第 %(row)s 行已是第 %(count)s 个项目）。请分成几个文件导入。")
                % {"max": max_rows, "row": number, "count": len(sheet.rows) + 1}
            )
        cells = {}
        for index, value in enumerate(values):
            if index in columns:
                cells[columns[index].header] = value
            elif not is_blank(value):
                sheet.errors.append(
                    RowError(number, get_column_letter(index + 1), _("这一列没有表头，内容无法导入。"))
                )
        sheet.rows.append((number, cells))
    if not sheet.rows:
        raise FileRejected(_("没有数据行：表头（第 %(row)s 行）下面没有填写任何项目。") % {"row": header_row})
    return sheet


def _find_header(title, head):
    """The header row and ``{column index: header}``; FileRejected if missing or changed."""
    if all(all(is_blank(value) for value in values) for _number, values in head):
        raise FileRejected(_("工作表“%(sheet)s”是空的：没有表头，也没有数据行。") % {"sheet": title})
    best = max(
        head, key=lambda item: sum(normalise_header(v) in NORMALISED_HEADERS for v in item[1]), default=None
    )
    number, values = best
    if sum(normalise_header(v) in NORMALISED_HEADERS for v in values) < HEADER_MIN_MATCHES:
        raise FileRejected(
            _(
                "工作表“%(sheet)s”的前 %(rows)s 行里找不到表头（应有“项目编号”“项目名称”等列）。请使用下载的模板。"
            )
            % {"sheet": title, "rows": HEADER_SEARCH_ROWS}
        )
    columns, seen, unknown, messages = {}, {}, [], []
    for index, value in enumerate(values):
        if is_blank(value):
            continue
        where = f"{get_column_letter(index + 1)}{number}"
        header = NORMALISED_HEADERS.get(normalise_header(value))
        if header is None:
            unknown.append((where, str(value).strip()))
        elif header in seen:
            messages.append(
                _("表头 %(where)s 的“%(header)s”与 %(first)s 重复。")
                % {"where": where, "header": header, "first": seen[header]}
            )
        else:
            seen[header] = where
            columns[index] = BY_HEADER[header]
    missing = [header for header in HEADERS if header not in seen]
    for where, text in unknown:
        guess = difflib.get_close_matches(normalise_header(text), missing, n=1, cutoff=0.4)
        if guess:
            missing.remove(guess[0])
            messages.append(
                _("表头 %(where)s 的“%(text)s”不是模板中的列名，应为“%(header)s”（列名被改动过？）。")
                % {"where": where, "text": text, "header": guess[0]}
            )
        else:
            messages.append(
                _("表头 %(where)s 的“%(text)s”不是模板中的列名。") % {"where": where, "text": text}
            )
    messages.extend(
        _("缺少列“%(header)s”（表头在第 %(row)s 行）。") % {"header": header, "row": number}
        for header in missing
    )
    if messages:
        raise FileRejected(messages)
    return number, columns
