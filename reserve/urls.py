from django.urls import include, path

from . import views

app_name = "reserve"

urlpatterns = [
    # Pages of the pool, rounds and annual plan: reserve/views/.
    path("", views.PoolOverviewView.as_view(), name="overview"),
    path("entries/", views.EntryListView.as_view(), name="entry_list"),
    path("entries/add/", views.EntryAddView.as_view(), name="entry_add"),
    path("entries/<int:pk>/", views.EntryDetailView.as_view(), name="entry_detail"),
    path("entries/<int:pk>/details/", views.EntryDetailsView.as_view(), name="entry_details"),
    path("entries/<int:pk>/tier/", views.EntryChangeTierView.as_view(), name="entry_change_tier"),
    path("entries/<int:pk>/remove/", views.EntryRemoveView.as_view(), name="entry_remove"),
    path("entries/<int:pk>/restore/", views.EntryRestoreView.as_view(), name="entry_restore"),
    path("entries/<int:pk>/plan/", views.EntryPlanView.as_view(), name="entry_plan"),
    path("rounds/", views.RoundListView.as_view(), name="round_list"),
    path("rounds/add/", views.RoundOpenView.as_view(), name="round_add"),
    path("rounds/<int:pk>/", views.RoundDetailView.as_view(), name="round_detail"),
    path("rounds/<int:pk>/score/", views.RoundScoreView.as_view(), name="round_score"),
    path("rounds/<int:pk>/decide/", views.RoundDecideView.as_view(), name="round_decide"),
    path("rounds/<int:pk>/apply/", views.RoundApplyView.as_view(), name="round_apply"),
    path("plans/", views.PlanListView.as_view(), name="plan_list"),
    path("plans/add/", views.PlanItemAddView.as_view(), name="plan_add"),
    path("plans/<int:year>/", views.PlanDetailView.as_view(), name="plan_detail"),
    # Excel template, import and export: reserve/excel_urls.py.
    path("excel/", include("reserve.excel_urls")),
]
