from django.urls import path

from . import views

app_name = "notifications"

urlpatterns = [
    path("", views.InboxView.as_view(), name="inbox"),
    path("read/", views.MarkReadView.as_view(), name="mark_all_read"),
    path("<int:pk>/read/", views.MarkReadView.as_view(), name="mark_read"),
    path("preferences/", views.PreferenceView.as_view(), name="preferences"),
    path("task-runs/", views.TaskRunListView.as_view(), name="task_runs"),
]
