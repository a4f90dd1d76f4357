from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentConfig(AppConfig):
    name = "assessment"
    verbose_name = _("精准考核")

    def ready(self):
        from . import policies  # noqa: F401  (registers the rules)
