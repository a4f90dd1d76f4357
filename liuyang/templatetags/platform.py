"""Template helpers shared by every page: money, roles, sorting and pagination links."""

from decimal import Decimal, InvalidOperation

from django import template
from django.http import QueryDict
from django.utils.html import format_html, format_html_join

from accounts.roles import Role

register = template.Library()

EMPTY = "—"
_ROLE_ORDER = {code: index for index, code in enumerate(Role.values)}
_ROLE_LABELS = dict(Role.choices)


def _decimal(value):
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None


@register.filter
def money(value):
    """An amount in 万元 with thousands separators and two decimals: ``1,234.50``; ``—`` when empty."""
    amount = _decimal(value)
    return EMPTY if amount is None else f"{amount:,.2f}"


@register.filter
def yi(value):
    """An amount in 万元 shown in 亿元 (÷ 10,000) with two decimals; ``—`` when empty."""
    amount = _decimal(value)
    return EMPTY if amount is None else f"{amount / 10000:,.2f}"


@register.filter
def role_label(code):
    """The label of one role code (``key_office`` → 市重点办)."""
    return _ROLE_LABELS.get(code, code)


@register.filter
def role_labels(codes):
    """Labels of a set of role codes, in the order the roles are declared."""
    return [
        _ROLE_LABELS.get(code, code) for code in sorted(codes or (), key=lambda c: _ROLE_ORDER.get(c, 99))
    ]


def _query(context, **changes):
    """The list's current query (``querystring`` in the context, without ``page``) with ``changes``."""
    query = QueryDict(context.get("querystring", ""), mutable=True)
    for key, value in changes.items():
        query.pop(key, None)
        if value not in (None, ""):
            query[key] = value
    return query.urlencode()


@register.simple_tag(takes_context=True)
def page_url(context, number):
    """``?…&page=N`` keeping every filter and the sort."""
    return "?" + _query(context, page=number)


def _sort_state(current, field):
    keys = [key.strip() for key in (current or "").split(",") if key.strip()]
    first = keys[0] if keys else ""
    if first == field:
        return "asc"
    if first == f"-{field}":
        return "desc"
    return ""


@register.simple_tag(takes_context=True)
def sort_url(context, field):
    """Link for a column header: sort by ``field``, reversing it when already sorted so; back to page 1."""
    state = _sort_state(context.get("sort", ""), field)
    return "?" + _query(context, sort=f"-{field}" if state == "asc" else field, page=None)


@register.inclusion_tag("includes/sort_header.html", takes_context=True)
def sort_header(context, field, label):
    """A sortable column header link with its direction icon (to put inside a ``<th>``)."""
    state = _sort_state(context.get("sort", ""), field)
    return {
        "url": sort_url(context, field),
        "label": label,
        "state": state,
        "request": context.get("request"),
    }


@register.simple_tag
def aria_sort(current, field):
    """``aria-sort`` value of a column header."""
    return {"asc": "ascending", "desc": "descending"}.get(_sort_state(current, field), "none")


@register.simple_tag
def page_range(page_obj):
    """Page numbers around the current page, with ``…`` gaps (Paginator.get_elided_page_range)."""
    return list(page_obj.paginator.get_elided_page_range(page_obj.number, on_each_side=2, on_ends=1))


@register.simple_tag
def filter_label(filterset, name):
    """The label of a filter parameter, or the parameter itself when it is unknown."""
    field = filterset.form.fields.get(name) if filterset is not None else None
    return field.label if field is not None and field.label else name


@register.simple_tag
def bound_fields(form, names):
    """The bound fields named in the space-separated ``names`` that the form actually has, in that order."""
    return [form[name] for name in names.split() if name in form.fields]


@register.simple_tag
def other_fields(form, names):
    """The visible bound fields of ``form`` not named in ``names`` (so a new form field is never lost)."""
    listed = set(names.split())
    return [field for field in form.visible_fields() if field.name not in listed]


@register.filter
def with_class(bound_field, css):
    """Render a bound field's widget with extra CSS classes (for forms without BootstrapMixin)."""
    existing = bound_field.field.widget.attrs.get("class", "")
    if bound_field.errors:
        css = f"{css} is-invalid"
    return bound_field.as_widget(attrs={"class": f"{existing} {css}".strip()})


@register.filter
def selected_count(bound_field):
    """How many values a multiple-choice filter field has selected."""
    value = bound_field.value()
    if value in (None, ""):
        return 0
    if isinstance(value, (list, tuple)):
        return len([item for item in value if item not in (None, "")])
    return 1


@register.simple_tag
def selected_labels(bound_field):
    """Labels of the choices a (multiple) choice field has selected."""
    labels = []
    for choice in bound_field.subwidgets:
        if choice.data.get("selected") and str(choice.data.get("value")) != "":
            labels.append(str(choice.choice_label))
    return labels


#: list parameters that are not filters a user sets in the panel
_NOT_FILTERS = frozenset({"sort", "page", "page_size"})


@register.simple_tag
def active_filter_count(filterset):
    """How many filters of the list currently have a value (for the collapsed panel's button)."""
    data = getattr(filterset, "data", None) or {}
    return sum(
        1
        for key in data
        if key not in _NOT_FILTERS and key in filterset.filters and any(v.strip() for v in data.getlist(key))
    )


@register.simple_tag
def hidden_filter_inputs(filterset, shown, form_id=""):
    """Hidden inputs for filters that have a value but no control in the panel, so changing
    another filter keeps them (``shown``: the space-separated names the panel renders)."""
    data = getattr(filterset, "data", None) or {}
    listed = set(shown.split()) | _NOT_FILTERS
    pairs = [
        (key, value)
        for key in data
        if key in filterset.filters and key not in listed
        for value in data.getlist(key)
        if value.strip()
    ]
    form_attr = format_html(' form="{}"', form_id) if form_id else ""
    return format_html_join(
        "", '<input type="hidden" name="{}" value="{}"{}>', ((k, v, form_attr) for k, v in pairs)
    )


@register.simple_tag
def fields_with_errors(form):
    """The visible bound fields that have errors (for an error summary at the top of a form)."""
    return [field for field in form.visible_fields() if field.errors]
