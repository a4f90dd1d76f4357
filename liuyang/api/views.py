"""The site's 404 handler: an unknown address under /api/ answers in JSON, like the API does."""

from django.http import JsonResponse
from django.views.defaults import page_not_found
from rest_framework.exceptions import NotFound


def not_found(request, exception):
    """``handler404``: ``{"detail": "未找到。"}`` under /api/ (a malformed id, an unknown route), the page elsewhere."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": str(NotFound.default_detail)}, status=404)
    return page_not_found(request, exception)
