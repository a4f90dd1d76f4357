"""Pages that belong to no single app."""

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import redirect


@login_required
def home(request):
    # Each role's own start page arrives with its issue (dashboards, cockpit);
    # until then everyone starts from the project list.
    return redirect("projects:project_list")


def healthz(request):
    """Liveness for the container: the database answers."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
