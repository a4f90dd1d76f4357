"""job-workbook: the leadership workbook (``exports.leadership``) against openpyxl alone.

``measure_workbook`` times the export's ``write()`` (its queries, building each row, writing and
saving the .xlsx) and, in the same run, what openpyxl's write-only mode needs to write exactly
the same cells — the same values, number formats, fonts and fills, the same sheets with their
widths, frozen header and print setup — from a list prepared beforehand (only appending the rows
and saving are timed). The ratio of the two medians is the export's own cost per cell (goal:
``RATIO_GOAL`` at the largest size). The peak of Python memory during ``write()`` is measured
with tracemalloc in a separate, untimed run: with a write-only workbook and querysets read with
``.iterator()`` it must not grow with the rows.
"""

import gc
import statistics
import tempfile
import time
import tracemalloc
from contextlib import contextmanager
from copy import copy
from unittest import mock

from django.db import transaction
from django.http import QueryDict
from openpyxl import Workbook
from openpyxl.cell import Cell, WriteOnlyCell
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from .ledger import JobMeasurement, _rolled_back

RATIO_GOAL = 1.3
STYLES = ("font", "fill", "border", "alignment", "number_format")
PAGE_SETUP = ("orientation", "paperSize", "fitToWidth", "fitToHeight")


def _export():
    from exports import registry

    return registry.get("leadership")


def _write(user):
    with tempfile.TemporaryFile() as out:
        _export().write(user, QueryDict(), out, lambda done: None)
        return out.tell()


def _record(user):
    """Run ``write()`` once and keep what it appended: per sheet, its setup and its rows, each cell
    as (value, styles) or a plain value."""
    from exports import xlsx

    books = []
    rows = {}
    original_append = WriteOnlyWorksheet.append
    original_workbook = xlsx.workbook

    def workbook():
        books.append(original_workbook())
        return books[-1]

    def append(ws, row):
        kept = []
        for value in row:
            if isinstance(value, Cell):
                styles = {name: copy(getattr(value, name)) for name in STYLES} if value.has_style else {}
                kept.append((value.value, styles))
            else:
                kept.append(value)
        rows.setdefault(ws.title, []).append(kept)
        return original_append(ws, row)

    with (
        mock.patch.object(xlsx, "workbook", workbook),
        mock.patch.object(WriteOnlyWorksheet, "append", append),
    ):
        _write(user)
    sheets = []
    for ws in books[0].worksheets:
        setup = {
            "widths": {key: dim.width for key, dim in ws.column_dimensions.items()},
            "freeze": ws.freeze_panes,
            "titles": ws.print_title_rows,
            "page_setup": {name: getattr(ws.page_setup, name) for name in PAGE_SETUP},
            "fit": ws.sheet_properties.pageSetUpPr,
        }
        sheets.append((ws.title, setup, rows.get(ws.title, [])))
    return sheets


def _prepare(sheets):
    """A new write-only workbook with the recorded sheets set up and their cells made (untimed)."""
    book = Workbook(write_only=True)
    prepared = []
    for title, setup, rows in sheets:
        ws = book.create_sheet(title)
        for key, width in setup["widths"].items():
            ws.column_dimensions[key].width = width
        ws.freeze_panes = setup["freeze"]
        ws.print_title_rows = setup["titles"]
        for name, value in setup["page_setup"].items():
            setattr(ws.page_setup, name, value)
        ws.sheet_properties.pageSetUpPr = setup["fit"]
        cells = []
        for row in rows:
            line = []
            for value in row:
                if isinstance(value, tuple):
                    value, styles = value
                    cell = WriteOnlyCell(ws, value)
                    for name, style in styles.items():
                        setattr(cell, name, style)
                    value = cell
                line.append(value)
            cells.append(line)
        prepared.append((ws, cells))
    return book, prepared


def _openpyxl_alone(sheets):
    book, prepared = _prepare(sheets)
    gc.collect()
    start = time.perf_counter()
    for ws, rows in prepared:
        for row in rows:
            ws.append(row)
    with tempfile.TemporaryFile() as out:
        book.save(out)
    return time.perf_counter() - start


def _peak(user):
    gc.collect()
    tracemalloc.start()
    try:
        _write(user)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


@contextmanager
def published(period):
    """The bench's assessment period published for the duration (rolled back afterwards), so the
    workbook's 考核结果 sheet holds its ranking; computing it again needs it open."""
    from assessment.choices import PeriodStatus
    from assessment.models import AssessmentPeriod

    with transaction.atomic():
        if period is not None:
            AssessmentPeriod.objects.filter(pk=period.pk).update(status=PeriodStatus.PUBLISHED)
        yield
        transaction.set_rollback(True)


def measure_workbook(user, period=None, repeat=3):
    """write() of the leadership workbook (this year, as ``user``) against openpyxl alone."""
    with published(period):
        return _measure(user, repeat)


def _measure(user, repeat):
    sheets = _record(user)
    rows = sum(len(r) for _title, _setup, r in sheets)
    cells = sum(sum(v is not None for v in row) for _title, _setup, r in sheets for row in r)
    timings, alone = [], []
    count, sql = 0, []
    for _ in range(repeat):  # alternate, so a burst of load slows both
        gc.collect()
        _size, count, sql, elapsed = _rolled_back(lambda: _write(user))
        timings.append(elapsed)
        alone.append(_openpyxl_alone(sheets))
    median, baseline = statistics.median(timings), statistics.median(alone)
    done = {
        "rows": rows,
        "cells": cells,
        "openpyxl alone ms": round(baseline * 1000),
        "ratio": round(median / baseline, 2),
        "peak KiB": round(_peak(user) / 1024),
    }
    return JobMeasurement("leadership workbook write()", count, median * 1000, done, sql=sql)
