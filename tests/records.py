"""What a write did to the database, and what a client sends: snapshots and payloads.

``Snapshot.take(Model, obj)`` before and after a request tells whether anything
changed; ``assert_saved_as_sent`` compares a saved row with the form data or JSON
that was sent; ``form_data`` / ``api_data`` build valid payloads from an instance.
"""

from dataclasses import dataclass

from django.db import models


@dataclass
class Snapshot:
    """What a refused write must leave alone."""

    rows: int
    history: int
    pks: frozenset
    values: dict | None

    @classmethod
    def take(cls, model, obj=None):
        manager = model._default_manager
        values = None
        if obj is not None:
            values = manager.filter(pk=obj.pk).values(*field_attnames(model)).first()
        return cls(
            rows=manager.count(),
            history=model.history.count() if hasattr(model, "history") else 0,
            pks=frozenset(manager.values_list("pk", flat=True)),
            values=values,
        )


def field_attnames(model):
    return [f.attname for f in model._meta.concrete_fields]


def python_value(model_field, value):
    """The Python value a model field stores for ``value`` as sent in a form or JSON."""
    if value is None or (value == "" and model_field.null):
        return None
    if model_field.is_relation:
        return model_field.target_field.to_python(value)
    if isinstance(model_field, models.JSONField):
        return value
    return model_field.to_python(value)


def assert_saved_as_sent(obj, sent, skip=()):
    """Each model field in ``sent`` holds, in the database, the value that was sent."""
    obj = type(obj)._default_manager.get(pk=obj.pk)
    model_fields = {f.name: f for f in obj._meta.concrete_fields}
    mismatches = {}
    for name, value in sent.items():
        field = model_fields.get(name)
        if field is None or name in skip:
            continue
        wanted, stored = python_value(field, value), getattr(obj, field.attname)
        if wanted != stored:
            mismatches[name] = {"sent": value, "stored": stored}
    assert not mismatches, f"saved values differ from what was sent: {mismatches}"


def form_data(instance, fields, **changes):
    """POST data for a model form, from ``instance``'s current values plus ``changes``."""
    data = {}
    for name in fields:
        field = instance._meta.get_field(name)
        data[name] = getattr(instance, field.attname)
    data.update(changes)
    return {name: form_value(value) for name, value in data.items()}


def form_value(value):
    if value is None:
        return ""
    if isinstance(value, models.Model):
        return str(value.pk)
    if isinstance(value, (list, tuple)):
        return [form_value(item) for item in value]
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def api_data(instance, fields, **changes):
    """JSON for the API, from ``instance``'s current values plus ``changes``."""
    data = {}
    for name in fields:
        field = instance._meta.get_field(name)
        data[name] = getattr(instance, field.attname)
    data.update(changes)
    return {name: json_value(value) for name, value in data.items()}


def json_value(value):
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, (list, tuple)):
        return [json_value(item) for item in value]
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)  # Decimal: DRF takes decimal strings


def writable_api_fields(serializer_class):
    """The names of a serializer's writable fields (a full PUT sends all of them)."""
    return [name for name, field in serializer_class().fields.items() if not field.read_only]
