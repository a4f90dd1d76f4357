from django.urls import include, path
from django.views.generic import RedirectView

from . import views

app_name = "issues"

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="issues:issue_list"), name="index"),
    path("ledger/", views.IssueListView.as_view(), name="issue_list"),
    path("ledger/add/", views.IssueAddView.as_view(), name="issue_add"),
    path("ledger/<int:pk>/", views.IssueDetailView.as_view(), name="issue_detail"),
    path("ledger/<int:pk>/edit/", views.IssueEditView.as_view(), name="issue_edit"),
    path("ledger/<int:pk>/<str:action>/", views.IssueActionView.as_view(), name="issue_action"),
    path("evidence/<int:pk>/", views.EvidenceFileView.as_view(), name="evidence_file"),
    path("action-items/<int:pk>/convert/", views.FromActionItemView.as_view(), name="from_action_item"),
    path("weekly/", views.WeeklyView.as_view(), name="weekly"),
    path("weekly/xlsx/", views.WeeklyXlsxView.as_view(), name="weekly_xlsx"),
    path("digests/", include("issues.urls_digests")),
]
