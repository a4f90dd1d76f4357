"""The import: check the file, check every row, then save all rows in one transaction — or nothing."""

import os
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from liuyang.policies import policy_for
from projects.models import Project

from .. import services
from ..models import ReserveEntry
from .columns import ENTRY_COLUMNS, PROJECT_COLUMNS
from .reader import FileRejected, RowError, read_upload
from .validate import check_rows


@dataclass
class ImportResult:
    file_name: str
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    entered: int = 0  # existing projects that entered the pool (counted in ``updated`` too)

    @property
    def total(self):
        return self.created + self.updated + self.unchanged


@dataclass
class ImportRejected(Exception):
    """Nothing was saved: problems with the file as a whole, or with rows (row, column, reason)."""

    file_errors: list = field(default_factory=list)
    row_errors: list = field(default_factory=list)
    row_count: int = 0

    @property
    def bad_rows(self):
        return len({error.row for error in self.row_errors})


def file_name_of(upload):
    """The uploaded file's own name (no client path), shortened for the move's reason."""
    name = os.path.basename((upload.name or "").replace("\\", "/")).strip() or "upload.xlsx"
    return name if len(name) <= 100 else name[:97] + "…"


def import_upload(upload, *, user):
    """Import an uploaded .xlsx; returns an ImportResult or raises ImportRejected.

    Checking and saving happen in one transaction with the existing projects
    locked, so what was checked is what gets saved.
    """
    for model in (Project, ReserveEntry):
        if not policy_for(model).can_add(user):
            raise PermissionDenied(_("只有市重点办可以导入储备项目。"))
    try:
        sheet = read_upload(
            upload, max_bytes=settings.RESERVE_IMPORT_MAX_BYTES, max_rows=settings.RESERVE_IMPORT_MAX_ROWS
        )
    except FileRejected as exc:
        raise ImportRejected(file_errors=exc.messages) from None
    result = ImportResult(file_name=file_name_of(upload))
    reason = _("Excel 导入：%(name)s") % {"name": result.file_name}
    try:
        with transaction.atomic():
            plans, errors = check_rows(sheet)
            if not errors:
                errors = _save(plans, result, reason=reason, user=user)
            if errors:
                raise ImportRejected(row_errors=errors, row_count=len(sheet.rows))
    except IntegrityError:
        raise ImportRejected(
            file_errors=[
                _("保存时与他人同时进行的修改冲突（例如项目编号刚被占用），未保存任何数据。请重新导入。")
            ],
            row_count=len(sheet.rows),
        ) from None
    return result


def _save(plans, result, *, reason, user):
    """Save every planned row; return the errors the services raised (then the caller rolls back)."""
    errors = []
    project_policy = policy_for(Project)
    for plan in plans:
        if plan.unchanged:
            result.unchanged += 1
            continue
        project = plan.project
        if not plan.is_new and not project_policy.can_change(user, project):
            raise PermissionDenied(_("您没有修改项目“%(project)s”的权限。") % {"project": project})
        try:
            if plan.is_new or plan.project_changed:
                project._change_reason = reason
                project.save()
            if plan.entry is None:
                services.enter_pool(project=project, reason=reason, actor=user, **plan.entry_values)
                result.entered += not plan.is_new
            else:
                if plan.entry_changed:
                    plan.entry._change_reason = reason
                    plan.entry.save()
                if plan.new_tier:
                    services.change_tier(plan.entry, plan.new_tier, reason=reason, actor=user)
        except ValidationError as exc:
            errors.extend(_row_errors(plan.row, exc))
            continue
        if plan.is_new:
            result.created += 1
        else:
            result.updated += 1
    return errors


def _row_errors(row, exc):
    headers = {**{n: c.header for n, c in ENTRY_COLUMNS.items()}, "project": PROJECT_COLUMNS["code"].header}
    if not hasattr(exc, "error_dict"):
        return [RowError(row, "—", "；".join(exc.messages))]
    return [RowError(row, headers.get(name, "—"), "；".join(msgs)) for name, msgs in exc.message_dict.items()]
