from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "projects"
    verbose_name = _("重点项目")

    def ready(self):
        from . import policies  # noqa: F401  (registers the row-scope rules)
