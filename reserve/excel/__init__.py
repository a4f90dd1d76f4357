"""Excel intake and export of the reserve pool (精准谋划 · 批量导入与导出).

One column list (``columns.COLUMNS``) drives the template, the import and the
export, so an exported file imports again.

The import is all-or-nothing. The file is checked first (really an .xlsx,
not empty, within ``RESERVE_IMPORT_MAX_BYTES`` and ``RESERVE_IMPORT_MAX_ROWS``,
every template column present under its exact header); then every row is
checked and every problem is reported as (row number as Excel shows it,
column header, reason); only when no row has a problem are all rows saved, in
one transaction, through ``reserve.services``.

What a row does, keyed by 项目编号:

- a new code creates the project (stage 储备 unless the row names a later
  stage) and enters it into the pool (``services.enter_pool``, move 入库);
- an existing code **updates** that project's fields and its pool entry's
  details (谋划责任单位/责任人, time limits, goals), each save with a history
  record whose reason is "Excel 导入：<file name>". A changed 储备层级 of an
  entry in the pool is a tier change (``services.change_tier``, move 调整层级).
  An existing project not yet in the pool enters it (入库);
- a row equal to what is stored changes nothing and writes no history, so
  importing an unedited export reports "n unchanged";
- the import never takes a project out of the pool or back in: 出库 and
  重新入库 need a reason given on the pool page. So a row may not set 项目阶段
  to 出库, may not change the stage of a removed project, and may not change
  the tier of an entry that is removed or already in the annual plan.

Formulas are never evaluated (the workbook is read with ``data_only=False``);
a text that begins with = + - @ is written by the export with a leading
apostrophe, which the import removes again (see ``columns.neutralise``).
"""

from .columns import COLUMNS, HEADERS
from .importer import ImportRejected, ImportResult, import_upload
from .workbook import build_template, write_export

__all__ = [
    "COLUMNS",
    "HEADERS",
    "ImportRejected",
    "ImportResult",
    "build_template",
    "import_upload",
    "write_export",
]
