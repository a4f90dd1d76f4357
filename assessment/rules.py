"""Cross-field rules of the assessment models, as ValidationErrors keyed by field."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .choices import FigureSource
from .scoring import REQUIRED_PARAMS


def check_indicator(indicator):
    errors = {}
    missing = [
        name for name in REQUIRED_PARAMS.get(indicator.rule, ()) if name not in (indicator.params or {})
    ]
    if missing:
        errors["params"] = _("计分规则缺少参数：%(names)s。") % {"names": "、".join(missing)}
    if indicator.source == FigureSource.COMPUTED and not indicator.metric:
        errors["metric"] = _("平台计算的指标须选择计算口径。")
    if indicator.source == FigureSource.ENTERED and indicator.metric:
        errors["metric"] = _("填报的指标不选计算口径。")
    if errors:
        raise ValidationError(errors)
