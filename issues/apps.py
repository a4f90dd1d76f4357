from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IssuesConfig(AppConfig):
    name = "issues"
    verbose_name = _("精准服务：问题清零")

    def ready(self):
        from . import policies  # noqa: F401  (registers the rules)
