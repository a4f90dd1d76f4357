from django.urls import path

from . import views

app_name = "investment"

urlpatterns = [
    path("", views.PipelineView.as_view(), name="pipeline"),
    path("pipeline/", views.PipelineView.as_view(), name="pipeline_page"),
    path("map/", views.IndustryMapView.as_view(), name="map"),
    path("leads/", views.LeadListView.as_view(), name="lead_list"),
    path("leads/add/", views.LeadAddView.as_view(), name="lead_add"),
    path("leads/<int:pk>/", views.LeadDetailView.as_view(), name="lead_detail"),
    path("leads/<int:pk>/edit/", views.LeadEditView.as_view(), name="lead_edit"),
    path("leads/<int:pk>/<str:action>/", views.LeadActionView.as_view(), name="lead_action"),
    path("funds/", views.FundListView.as_view(), name="fund_list"),
    path("funds/<int:pk>/", views.FundDetailView.as_view(), name="fund_detail"),
    path("elements/", views.ElementListView.as_view(), name="element_list"),
    path("elements/add/", views.ElementAddView.as_view(), name="element_add"),
    path("elements/<int:pk>/", views.ElementDetailView.as_view(), name="element_detail"),
    path("elements/<int:pk>/<str:action>/", views.ElementActionView.as_view(), name="element_action"),
]
