"""Excel template, import and export of the reserve pool (under /reserve/excel/, namespace ``reserve``)."""

from django.urls import path

from . import excel_views

urlpatterns = [
    path("template/", excel_views.TemplateDownloadView.as_view(), name="excel_template"),
    path("import/", excel_views.ImportView.as_view(), name="excel_import"),
    path("export/", excel_views.ExportView.as_view(), name="excel_export"),
]
