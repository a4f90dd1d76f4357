from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExportsConfig(AppConfig):
    name = "exports"
    verbose_name = _("导出")

    def ready(self):
        from . import kinds  # noqa: F401  (registers the platform's exports)
