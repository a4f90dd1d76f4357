from django.urls import path

from . import views

app_name = "assessment"

urlpatterns = [
    path("", views.PeriodListView.as_view(), name="period_list"),
    path("periods/<int:pk>/", views.PeriodDetailView.as_view(), name="period_detail"),
    path("periods/<int:pk>/units/", views.UnitResultsView.as_view(), name="units"),
    path("periods/<int:pk>/xlsx/", views.PeriodXlsxView.as_view(), name="period_xlsx"),
    path("periods/<int:pk>/<str:action>/", views.PeriodActionView.as_view(), name="period_action"),
    path("results/<int:pk>/", views.ResultDetailView.as_view(), name="result_detail"),
    path("results/<int:pk>/outcome/", views.OutcomeView.as_view(), name="result_outcome"),
    path("results/<int:pk>/figures/<int:line>/", views.FigureView.as_view(), name="result_figure"),
    path(
        "results/<int:pk>/figures/<int:line>/evidence/", views.EvidenceView.as_view(), name="result_evidence"
    ),
    path("tolerance/", views.ToleranceListView.as_view(), name="tolerance_list"),
    path("tolerance/add/", views.ToleranceAddView.as_view(), name="tolerance_add"),
    path("tolerance/<int:pk>/", views.ToleranceDetailView.as_view(), name="tolerance_detail"),
    path("tolerance/<int:pk>/<str:action>/", views.ToleranceActionView.as_view(), name="tolerance_action"),
]
