from django.urls import include, path

app_name = "reserve"

urlpatterns = [
    # Pages of the pool, rounds and annual plan: reserve/views/.
    # Excel template, import and export: reserve/excel_urls.py.
    path("excel/", include("reserve.excel_urls")),
]
