from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReserveConfig(AppConfig):
    name = "reserve"
    verbose_name = _("精准谋划：项目储备库")

    def ready(self):
        from . import policies  # noqa: F401  (registers the rules)
