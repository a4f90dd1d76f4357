"""The weekly dispatch digests (每周调度简报), included by issues/urls.py inside the ``issues`` namespace."""

from django.urls import path

from . import views_digests

urlpatterns = [
    path("", views_digests.DigestListView.as_view(), name="digest_list"),
    path("<int:pk>/", views_digests.DigestDetailView.as_view(), name="digest_detail"),
    path("<int:pk>/xlsx/", views_digests.DigestXlsxView.as_view(), name="digest_xlsx"),
]
