from django.db import models
from django.utils.translation import gettext_lazy as _


class UnitKind(models.TextChoices):
    """The kinds of unit (单位) the platform knows."""

    LEADERSHIP = "leadership", _("市级领导")
    KEY_OFFICE = "key_office", _("市重点办")
    DEPARTMENT = "department", _("职能部门")
    TOWN = "town", _("乡镇/街道")
    ENTERPRISE = "enterprise", _("企业")
