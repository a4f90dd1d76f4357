from django.urls import path

from . import views

app_name = "dashboards"

urlpatterns = [
    path("", views.OfficeDashboardView.as_view(), name="office"),
    path("leader/", views.LeaderCockpitView.as_view(), name="leader"),
]
