"""Every app's API routes, under /api/."""

from rest_framework.routers import DefaultRouter

from projects.api.views import ProjectViewSet

app_name = "api"

router = DefaultRouter()
router.register("projects", ProjectViewSet)

urlpatterns = router.urls
