from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InvestmentConfig(AppConfig):
    name = "investment"
    verbose_name = _("精准招商")

    def ready(self):
        from . import policies  # noqa: F401  (registers the rules)
