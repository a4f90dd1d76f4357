from django.urls import path

from . import views

app_name = "exports"

urlpatterns = [
    path("", views.JobListView.as_view(), name="job_list"),
    path("jobs/<int:pk>/", views.JobDetailView.as_view(), name="job_detail"),
    path("jobs/<int:pk>/download/", views.JobDownloadView.as_view(), name="job_download"),
    path("<slug:key>/", views.StartView.as_view(), name="start"),
]
