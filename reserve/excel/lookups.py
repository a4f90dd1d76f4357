"""Names in the file → industries and units, read once per import (two queries).

Retired industries and units are refused, except the one a project already
points at — the same rule as the project form (``projects.lookups``).
"""

import re
from collections import defaultdict

from django.utils.translation import gettext as _

from accounts.choices import UnitKind
from accounts.models import Unit
from projects.models import Industry

from .cells import CellError, to_text

_SPACES = re.compile(r"\s+")


def _key(text):
    return _SPACES.sub("", to_text(text))


class NameLookups:
    def __init__(self):
        self.industries = {_key(i.name): i for i in Industry.objects.all()}
        self.units = {}
        self.short_names = defaultdict(list)
        for unit in Unit.objects.all():
            self.units[_key(unit.name)] = unit
            if unit.short_name:
                self.short_names[_key(unit.short_name)].append(unit)

    def industry(self, value, current_id=None):
        text = to_text(value)
        industry = self.industries.get(_key(text))
        if industry is None:
            raise CellError(_("没有名为“%(name)s”的产业。") % {"name": text})
        if not industry.is_active and industry.pk != current_id:
            raise CellError(_("产业“%(name)s”已停用，不能选择。") % {"name": text})
        return industry

    def _unit(self, text, missing):
        unit = self.units.get(_key(text))
        if unit is not None:
            return unit
        matches = self.short_names.get(_key(text), [])
        if len(matches) > 1:
            raise CellError(
                _("简称“%(name)s”对应多个单位（%(units)s），请填写全称。")
                % {"name": text, "units": "、".join(u.name for u in matches)}
            )
        if not matches:
            raise CellError(missing % {"name": text})
        return matches[0]

    def responsible_unit(self, value, current_id=None):
        text = to_text(value)
        unit = self._unit(text, _("没有名为“%(name)s”的单位。"))
        if unit.kind == UnitKind.ENTERPRISE:
            raise CellError(
                _("“%(name)s”是企业；责任单位应为党政机关或乡镇/街道（企业请填写在“业主单位”列）。")
                % {"name": text}
            )
        if not unit.is_active and unit.pk != current_id:
            raise CellError(_("单位“%(name)s”已停用，不能选择。") % {"name": text})
        return unit

    def town(self, value, current_id=None):
        text = to_text(value)
        unit = self._unit(text, _("没有名为“%(name)s”的乡镇/街道。"))
        if unit.kind != UnitKind.TOWN:
            raise CellError(_("“%(name)s”不是乡镇/街道。") % {"name": text})
        if not unit.is_active and unit.pk != current_id:
            raise CellError(_("乡镇/街道“%(name)s”已停用，不能选择。") % {"name": text})
        return unit
