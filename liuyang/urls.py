from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.generic import RedirectView
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerSplitView
from rest_framework.authtoken.views import obtain_auth_token

from accounts.forms import LockoutAuthenticationForm

from . import pages
from .security import csp_override

admin.site.site_header = _("浏阳市重点项目管理平台 · 管理后台")
admin.site.site_title = _("浏阳重点项目")
admin.site.index_title = _("后台管理")

urlpatterns = [
    path("", pages.home, name="home"),
    path("healthz", pages.healthz, name="healthz"),
    path(
        "login/",
        auth_views.LoginView.as_view(
            template_name="registration/login.html", authentication_form=LockoutAuthenticationForm
        ),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("projects/", include("projects.urls")),
    path("reserve/", include("reserve.urls")),
    path("approvals/", include("approvals.urls")),
    path("issues/", include("issues.urls")),
    path("assessment/", include("assessment.urls")),
    path("investment/", include("investment.urls")),
    path("dashboard/", include("dashboards.urls")),
    path("notifications/", include("notifications.urls")),
    path("exports/", include("exports.urls")),
    path("admin/", admin.site.urls),
    path("api/", include("liuyang.api.urls")),
    path("api/token/", obtain_auth_token, name="api-token"),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    # Swagger's start-up script is served as a file (?script), so its page keeps the strict script
    # policy and only allows the styles Swagger injects; Redoc starts inline and injects styles and
    # a worker: its page relaxes those. Both are for signed-in users only (docs/security.md).
    path(
        "api/docs/",
        csp_override(style_src=["'self'", "'unsafe-inline'"])(
            SpectacularSwaggerSplitView.as_view(url_name="schema")
        ),
        name="api-docs",
    ),
    path(
        "api/redoc/",
        csp_override(
            script_src=["'self'", "'unsafe-inline'"],
            style_src=["'self'", "'unsafe-inline'"],
            worker_src=["'self'", "blob:"],
        )(SpectacularRedocView.as_view(url_name="schema")),
        name="api-redoc",
    ),
    path("favicon.ico", RedirectView.as_view(url=settings.STATIC_URL + "img/favicon.svg")),
]

# An unknown address under /api/ answers {"detail": …} in JSON; elsewhere the 404 page.
handler404 = "liuyang.api.views.not_found"

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
