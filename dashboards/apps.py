from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DashboardsConfig(AppConfig):
    """The office dashboard and the leaders' cockpit (看板): read-only figures over the other apps."""

    name = "dashboards"
    verbose_name = _("看板")
