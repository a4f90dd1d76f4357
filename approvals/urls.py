from django.urls import path
from django.views.generic import RedirectView

from . import views

app_name = "approvals"

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="approvals:case_list"), name="index"),
    # 一窗受理 and the cases it makes
    path("window/", views.WindowView.as_view(), name="window"),
    path("cases/", views.CaseListView.as_view(), name="case_list"),
    path("cases/<int:pk>/", views.CaseDetailView.as_view(), name="case_detail"),
    path("cases/<int:pk>/notice/", views.CaseNoticeView.as_view(), name="case_notice"),
    path("cases/<int:pk>/promise-letter/", views.PromiseLetterView.as_view(), name="promise_letter"),
    path("materials/<int:pk>/", views.MaterialFileView.as_view(), name="material_file"),
    # the applicant side: promised materials and corrections
    path("supplements/<int:pk>/supply/", views.SupplyView.as_view(), name="supply"),
    path("tasks/<int:pk>/resubmit/", views.ResubmitView.as_view(), name="resubmit"),
    # the departments: 并联审批
    path("inbox/", views.InboxView.as_view(), name="inbox"),
    path(
        "tasks/<int:pk>/<str:action>/",
        views.TaskActionView.as_view(),
        name="task_action",
    ),
    path("statistics/", views.StatisticsView.as_view(), name="statistics"),
    # reference: the catalogue and the working-day calendar
    path("catalogue/", views.CatalogueView.as_view(), name="catalogue"),
    path("calendar/", views.CalendarView.as_view(), name="calendar"),
]
