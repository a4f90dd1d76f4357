from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LiuyangConfig(AppConfig):
    name = "liuyang"
    verbose_name = _("平台")
