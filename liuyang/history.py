"""Readable change history from django-simple-history records.

Each entry says who changed what and when, field by field (before → after),
with choice labels and related objects' names instead of raw codes and ids.
The number of queries does not depend on the number of records: one for the
records and one per related model that appears in them.
"""

from dataclasses import dataclass, field
from datetime import datetime

from django.contrib.humanize.templatetags.humanize import intcomma
from django.db import models
from django.utils.translation import gettext_lazy as _

ACTIONS = {"+": _("创建"), "~": _("修改"), "-": _("删除")}


@dataclass
class Change:
    field: str
    label: str
    old: str
    new: str


@dataclass
class HistoryEntry:
    when: datetime
    user: object
    action: str
    action_code: str
    reason: str
    changes: list = field(default_factory=list)


def _display(model_field, value, related_names, json_labels):
    if value is None or value == "" or value == []:
        return "—"
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(model_field, models.ForeignKey):
        return related_names.get(model_field.related_model, {}).get(value, f"#{value}")
    if isinstance(model_field, models.BooleanField):
        return str(_("是") if value else _("否"))
    if isinstance(model_field, models.DecimalField):
        return intcomma(value)
    if isinstance(model_field, models.JSONField) and isinstance(value, list):
        labels = json_labels.get(model_field.name, {})
        return "、".join(_json_item(labels, item) for item in value)
    return str(value)


def _json_item(labels, item):
    """One element of a JSON list: through the model's labels (a mapping, or a function for objects)."""
    if callable(labels):
        return str(labels(item))
    if isinstance(item, dict):
        return "·".join(str(value) for value in item.values())
    if isinstance(item, list):
        return "·".join(str(value) for value in item)
    return str(labels.get(item, item))


class History(list):
    """History entries, knowing whether older ones were left out."""

    def __init__(self, entries=(), truncated=False):
        super().__init__(entries)
        self.truncated = truncated


def tracked_fields(model, history_model):
    recorded = {f.name for f in history_model._meta.fields}
    return [
        f
        for f in model._meta.concrete_fields
        if f.name in recorded and f.name not in {"id"} and not f.primary_key
    ]


def history_for(obj, limit=50):
    """The latest ``limit`` history entries of ``obj``, newest first (``.truncated`` if there are more)."""
    model = type(obj)
    records = list(
        obj.history.select_related("history_user").order_by("-history_date", "-history_id")[: limit + 1]
    )
    fields = tracked_fields(model, obj.history.model)

    # Resolve every foreign key value that appears, one query per related model.
    wanted = {}
    for f in fields:
        if isinstance(f, models.ForeignKey):
            ids = {getattr(r, f.attname) for r in records} - {None}
            if ids:
                wanted.setdefault(f.related_model, set()).update(ids)
    related_names = {
        related: {o.pk: str(o) for o in related._default_manager.filter(pk__in=ids)}
        for related, ids in wanted.items()
    }

    # A model may name labels for the codes kept in its JSON list fields.
    json_labels = getattr(model, "history_labels", {})
    entries = []
    for index, record in enumerate(records[:limit]):
        previous = records[index + 1] if index + 1 < len(records) else None
        changes = []
        for f in fields:
            new = getattr(record, f.attname)
            old = getattr(previous, f.attname) if previous is not None else None
            if record.history_type == "+" and new in (None, "", []):
                continue
            if record.history_type == "-" or (previous is not None and old == new):
                continue
            changes.append(
                Change(
                    field=f.name,
                    label=str(f.verbose_name),
                    old=_display(f, old, related_names, json_labels) if previous is not None else "—",
                    new=_display(f, new, related_names, json_labels),
                )
            )
        entries.append(
            HistoryEntry(
                when=record.history_date,
                user=record.history_user,
                action=str(ACTIONS.get(record.history_type, record.history_type)),
                action_code=record.history_type,
                reason=record.history_change_reason or "",
                changes=changes,
            )
        )
    return History(entries, truncated=len(records) > limit)
