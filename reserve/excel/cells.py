"""Reading one cell's value by its column kind. Each reader raises CellError with a Chinese reason.

Formulas are never evaluated: the workbook is opened with ``data_only=False``,
so a formula arrives as its text (``=B4*2``) and is treated as text — a text
column stores it as written, a number or date column rejects it.
"""

import datetime
import re
from decimal import Decimal

from django.utils.translation import gettext as _

from .columns import TAG_SPLIT, file_labels, label_lookup, normalise_label, unneutralise


class CellError(ValueError):
    pass


def is_blank(value):
    return value is None or (isinstance(value, str) and not value.strip())


def to_text(value):
    """Any cell as text: numbers without a spurious ``.0``, dates as YYYY-MM-DD."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime):
        value = value.date() if value.time() == datetime.time() else value
    if isinstance(value, datetime.date | datetime.datetime):
        return value.isoformat()
    return unneutralise(str(value).replace("\r\n", "\n").strip())


_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")
_THOUSANDS = re.compile(r"[,，\s]")


def _not_a_number(value):
    text = to_text(value)
    if text.startswith(("=", "+", "-", "@")) and not _NUMBER.match(text):
        return CellError(_("“%(value)s”不是数字（公式不会被计算，请直接填写数值）。") % {"value": text[:40]})
    return CellError(_("“%(value)s”不是数字。") % {"value": text[:40]})


def _number(value):
    """A non-negative number, trailing zeros removed; None for a blank cell."""
    if is_blank(value):
        return None
    if isinstance(value, bool):
        raise _not_a_number(value)
    if isinstance(value, int | float | Decimal):
        # repr of a float is the shortest text that reads back as the same float: 0.1, not 0.1000…
        number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    else:
        text = _THOUSANDS.sub("", str(value))
        if not _NUMBER.match(text):
            raise _not_a_number(value)
        number = Decimal(text)
    if not number.is_finite():
        raise _not_a_number(value)
    if number < 0:
        raise CellError(_("不能为负数（%(value)s）。") % {"value": to_text(value)[:40]})
    if number.adjusted() >= 15:
        raise CellError(_("数值过大（%(value)s）。") % {"value": to_text(value)[:40]})
    return number.normalize()


def to_decimal(value, places=2):
    number = _number(value)
    if number is None:
        return None
    if -number.as_tuple().exponent > places:
        raise CellError(
            _("最多保留 %(places)s 位小数（%(value)s）。") % {"places": places, "value": to_text(value)[:40]}
        )
    return number.quantize(Decimal(1).scaleb(-places))


def to_integer(value):
    number = _number(value)
    if number is None:
        return None
    if number != number.to_integral_value():
        raise CellError(_("必须是整数（%(value)s）。") % {"value": to_text(value)[:40]})
    return int(number)


_DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日", "%Y%m%d")


def to_date(value):
    if is_blank(value):
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, str):
        text = value.strip()
        for fmt in _DATE_FORMATS:
            try:
                return datetime.datetime.strptime(text, fmt).date()
            except ValueError:
                continue
    raise CellError(
        _("“%(value)s”不是有效日期，请按 2026-03-01 的格式填写。") % {"value": to_text(value)[:40]}
    )


def to_choice(value, choices):
    if is_blank(value):
        return ""
    lookup = label_lookup(choices)
    found = lookup.get(normalise_label(to_text(value)))
    if found is None:
        raise CellError(
            _("“%(value)s”不是可选值，可选：%(options)s。")
            % {"value": to_text(value)[:40], "options": "、".join(file_labels(choices).values())}
        )
    return found


def to_tags(value, choices):
    """Several labels separated by 、 (or a comma or semicolon) → a list of codes, in order."""
    if is_blank(value):
        return []
    tags, unknown = [], []
    lookup = label_lookup(choices)
    for part in TAG_SPLIT.split(to_text(value)):
        if not part.strip():
            continue
        found = lookup.get(normalise_label(part))
        if found is None:
            unknown.append(part.strip())
        elif found not in tags:
            tags.append(found)
    if unknown:
        raise CellError(
            _("“%(unknown)s”不是可选的标签，可选：%(options)s（多个用“、”分隔）。")
            % {"unknown": "、".join(unknown), "options": "、".join(file_labels(choices).values())}
        )
    return tags
