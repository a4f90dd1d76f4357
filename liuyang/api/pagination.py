from django_filters.rest_framework import DjangoFilterBackend
from rest_framework.pagination import PageNumberPagination


class StandardPagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500


class StrictFilterBackend(DjangoFilterBackend):
    """django-filter, where an unknown parameter is a 400 (see ``StrictFilterSet``)."""
