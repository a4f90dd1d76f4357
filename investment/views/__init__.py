from .elements import ElementActionView, ElementAddView, ElementDetailView, ElementListView
from .funds import FundDetailView, FundListView
from .leads import LeadActionView, LeadAddView, LeadDetailView, LeadEditView, LeadListView
from .overview import IndustryMapView, PipelineView

__all__ = [
    "ElementActionView",
    "ElementAddView",
    "ElementDetailView",
    "ElementListView",
    "FundDetailView",
    "FundListView",
    "IndustryMapView",
    "LeadActionView",
    "LeadAddView",
    "LeadDetailView",
    "LeadEditView",
    "LeadListView",
    "PipelineView",
]
