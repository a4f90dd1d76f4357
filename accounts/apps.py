from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("人员与单位")

    def ready(self):
        from . import (
            policies,  # noqa: F401  (registers the rules)
            signals,
        )

        signals.connect_retention_guard()
