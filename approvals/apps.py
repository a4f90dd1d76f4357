from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApprovalsConfig(AppConfig):
    name = "approvals"
    verbose_name = _("精准服务：容缺受理与并联审批")

    def ready(self):
        from . import policies, signals  # noqa: F401  (registers the rules and the calendar's signals)
