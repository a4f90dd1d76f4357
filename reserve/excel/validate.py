"""Every row of a sheet → a plan of what to save, or the list of what is wrong (row, column, reason).

A row whose 项目编号 already exists updates that project and its pool entry
(see the package docstring for the rules). Nothing here writes to the database;
existing projects and entries are read locked (``select_for_update``) because
the import validates and saves inside one transaction.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from projects.choices import ProjectStage
from projects.models import Project

from ..choices import EntryStatus
from ..models import ReserveEntry
from . import cells
from .columns import (
    CHOICE,
    COLUMNS,
    DATE,
    DECIMAL,
    ENTRY_COLUMNS,
    INDUSTRY,
    INTEGER,
    PROJECT_COLUMNS,
    TAGS,
    TEXT,
    TOWN,
    UNIT,
)
from .lookups import NameLookups
from .reader import RowError

#: foreign keys resolved from names here, so full_clean need not query them again
PROJECT_FK_FIELDS = ["industry", "responsible_unit", "town", "service_commissioner"]
ENTRY_DETAIL_FIELDS = ["responsible_unit", "responsible_person", "prep_deadline", "target_start"]
ENTRY_DETAIL_FIELDS += ["time_nodes", "expected_goals"]
COLUMN_ORDER = {column.header: index for index, column in enumerate(COLUMNS)}
CODE = PROJECT_COLUMNS["code"]


@dataclass
class RowPlan:
    row: int
    project: Project  # new and unsaved, or the stored one with the file's values set
    is_new: bool
    project_changed: bool = False
    entry: ReserveEntry | None = None  # the stored entry (details set), None to enter the pool
    entry_values: dict = field(default_factory=dict)  # for services.enter_pool
    entry_changed: bool = False
    new_tier: str = ""  # a tier change of an entry in the pool (services.change_tier)

    @property
    def unchanged(self):
        return not (
            self.is_new or self.entry is None or self.project_changed or self.entry_changed or self.new_tier
        )


def _same(old, new):
    if isinstance(old, str) or isinstance(new, str):
        return (old or "").replace("\r\n", "\n").strip() == (new or "").strip()
    return old == new


def _parse(column, raw, lookups, current_id):
    kind = column.kind
    if kind == TEXT:
        return cells.to_text(raw)
    if kind == DECIMAL:
        return cells.to_decimal(raw)
    if kind == INTEGER:
        return cells.to_integer(raw)
    if kind == DATE:
        return cells.to_date(raw)
    if kind == CHOICE:
        return cells.to_choice(raw, column.choices)
    if kind == TAGS:
        return cells.to_tags(raw, column.choices)
    if cells.is_blank(raw):
        return None
    if kind == INDUSTRY:
        return lookups.industry(raw, current_id)
    if kind == UNIT:
        return lookups.responsible_unit(raw, current_id)
    if kind == TOWN:
        return lookups.town(raw, current_id)
    raise AssertionError(kind)


class RowChecker:
    """Checks one row at a time; ``errors`` collects (row, column, reason) of every row."""

    def __init__(self, existing, entries):
        self.existing = existing
        self.entries = entries
        self.lookups = NameLookups()
        self.codes = {}
        self.errors = []
        self.today = timezone.localdate()

    def check(self, number, raw):
        self.row, self.bad = number, {}
        code = self._value(CODE, raw, None)
        project = self.existing.get(code) if code else None
        entry = self.entries.get(project.pk) if project else None
        if code and code in self.codes:
            self._error(CODE, _("与第 %(row)s 行的项目编号重复。") % {"row": self.codes[code]})
        elif code:
            self.codes[code] = number
        plan = RowPlan(row=number, project=project or Project(policy_tags=[]), is_new=project is None)
        plan.entry = entry
        self._fill_project(plan, raw)
        self._fill_entry(plan, raw)
        return None if self.bad else plan

    # -- helpers --------------------------------------------------------------------

    def _error(self, column_or_header, message):
        header = getattr(column_or_header, "header", column_or_header)
        if header not in self.bad:
            self.bad[header] = message
            self.errors.append(RowError(self.row, header, message))

    def _value(self, column, raw, current_id):
        value = raw.get(column.header)
        if column.required and cells.is_blank(value):
            self._error(column, _("必填，不能为空。"))
            return None
        try:
            return _parse(column, value, self.lookups, current_id)
        except cells.CellError as exc:
            self._error(column, str(exc))
            return None

    def _model_errors(self, exc, columns, model):
        for name, messages in exc.message_dict.items():
            if name in columns:
                header = columns[name].header
            elif name == NON_FIELD_ERRORS:
                header = "—"
            else:
                header = str(model._meta.get_field(name).verbose_name)
            self._error(header, "；".join(messages))

    # -- the project ----------------------------------------------------------------

    def _fill_project(self, plan, raw):
        project = plan.project
        for name, column in PROJECT_COLUMNS.items():
            current_id = (
                getattr(project, f"{name}_id", None) if column.kind in (INDUSTRY, UNIT, TOWN) else None
            )
            value = self._value(column, raw, current_id)
            if column.header in self.bad:
                continue
            if name == "stage":
                value = self._stage(plan, value)
                if value is None:
                    continue
            elif name == "annual_plan_investment" and value is None:
                value = Decimal("0.00")
            if column.kind in (INDUSTRY, UNIT, TOWN):
                if value is not None and getattr(project, f"{name}_id") != value.pk:
                    setattr(project, name, value)
                    plan.project_changed = True
            elif not _same(getattr(project, name), value):
                setattr(project, name, value)
                plan.project_changed = True
        try:
            project.full_clean(exclude=PROJECT_FK_FIELDS, validate_unique=False)
        except ValidationError as exc:
            self._model_errors(exc, PROJECT_COLUMNS, Project)

    def _stage(self, plan, stage):
        """The stage to set, or None to leave it; pool moves (出库, 重新入库) are not import's to make."""
        column, project, entry = PROJECT_COLUMNS["stage"], plan.project, plan.entry
        removed = entry is not None and entry.status == EntryStatus.REMOVED
        if not stage:
            return ProjectStage.RESERVE if plan.is_new else None
        if stage == ProjectStage.REMOVED and not removed:
            self._error(column, _("导入不能把项目改为“出库”：调整出库请在储备库页面办理，并填写理由。"))
            return None
        if removed and project.stage == ProjectStage.REMOVED and stage != ProjectStage.REMOVED:
            self._error(
                column, _("该项目已调整出库，导入不能改变它的阶段；如需重新入库，请在储备库页面办理。")
            )
            return None
        if stage == ProjectStage.PLANNING:
            if plan.is_new or entry is None:
                return ProjectStage.RESERVE  # entering the pool makes a planned project 储备
            if project.stage != ProjectStage.PLANNING:
                self._error(column, _("该项目已在储备库中，阶段不能改回“谋划”。"))
                return None
        return stage

    # -- the pool entry -------------------------------------------------------------

    def _fill_entry(self, plan, raw):
        entry, project = plan.entry, plan.project
        values = {}
        for name, column in ENTRY_COLUMNS.items():
            current_id = (
                entry.responsible_unit_id if entry is not None and name == "responsible_unit" else None
            )
            values[name] = self._value(column, raw, current_id)
        # 谋划责任单位/责任人 left blank: the project's responsible unit and person.
        if values["responsible_unit"] is None and PROJECT_COLUMNS["responsible_unit"].header not in self.bad:
            values["responsible_unit"] = project.responsible_unit if project.responsible_unit_id else None
        if not values["responsible_person"]:
            values["responsible_person"] = project.responsible_person
        for name in ("time_nodes", "expected_goals"):
            values[name] = values[name] or ""
        if entry is None:
            candidate = ReserveEntry(status=EntryStatus.IN_POOL, entered_on=self.today, **values)
            plan.entry_values = values
        else:
            candidate = entry
            self._change_entry(plan, values)
        try:
            candidate.full_clean(exclude=["project", "responsible_unit"], validate_unique=False)
        except ValidationError as exc:
            self._model_errors(exc, ENTRY_COLUMNS, ReserveEntry)

    def _change_entry(self, plan, values):
        entry = plan.entry
        tier_column = ENTRY_COLUMNS["tier"]
        for name in ENTRY_DETAIL_FIELDS:
            column = ENTRY_COLUMNS[name]
            value = values[name]
            if column.header in self.bad or (name == "responsible_unit" and value is None):
                continue
            if name == "responsible_unit":
                if entry.responsible_unit_id != value.pk:
                    entry.responsible_unit = value
                    plan.entry_changed = True
            elif not _same(getattr(entry, name), value):
                setattr(entry, name, value)
                plan.entry_changed = True
        tier = values["tier"]
        if tier_column.header in self.bad or tier == entry.tier:
            return
        if entry.status != EntryStatus.IN_POOL:
            self._error(
                tier_column,
                _("该项目在储备库中的状态为“%(status)s”，导入不能调整层级。")
                % {"status": entry.get_status_display()},
            )
            return
        plan.new_tier = tier


def _chunks(items, size=500):
    items = list(items)
    for start in range(0, len(items), size):
        yield items[start : start + size]


def check_rows(sheet):
    """``(plans, errors)`` for the sheet's rows; call inside the transaction that saves them."""
    codes = {cells.to_text(raw.get(CODE.header)) for _number, raw in sheet.rows} - {""}
    existing = {}
    for chunk in _chunks(codes):
        locked = Project.objects.select_for_update(of=("self",)).select_related(
            "industry", "town", "responsible_unit"
        )
        existing.update((p.code, p) for p in locked.filter(code__in=chunk))
    entries = {}
    for chunk in _chunks(p.pk for p in existing.values()):
        entries.update(
            (e.project_id, e) for e in ReserveEntry.objects.select_for_update().filter(project_id__in=chunk)
        )
    checker = RowChecker(existing, entries)
    plans = [checker.check(number, raw) for number, raw in sheet.rows]
    errors = sorted(sheet.errors + checker.errors, key=lambda e: (e.row, COLUMN_ORDER.get(e.column, 99)))
    return [plan for plan in plans if plan is not None], errors
