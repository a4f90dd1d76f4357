"""A view that logs, for tests/ops/test_logging.py (the platform's own views log only on trouble)."""

import logging

from django.http import HttpResponse
from django.urls import path


def noisy(request):
    request.user.is_authenticated  # noqa: B018 - authentication looks the user up, as any page does
    logging.getLogger("tests.ops.view").warning("inside the view")
    return HttpResponse("ok")


urlpatterns = [path("noisy/", noisy)]
