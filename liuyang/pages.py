"""Pages that belong to no single app."""

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import redirect

from accounts.roles import Role, user_roles

#: who starts on 我的项目: the people who file progress for their own projects
MY_PROJECTS_ROLES = frozenset({Role.TASK_FORCE_STAFF, Role.DEPARTMENT_STAFF, Role.SERVICE_COMMISSIONER})
#: who keeps the whole project list (until their dashboards arrive)
OVERVIEW_ROLES = frozenset({Role.KEY_OFFICE, Role.CITY_LEADER})


@login_required
def home(request):
    """Task-force staff, department staff and service commissioners land on 我的项目; the office
    and city leaders on the project list (their dashboards arrive with their issue)."""
    roles = user_roles(request.user)
    if roles & MY_PROJECTS_ROLES and not roles & OVERVIEW_ROLES and not request.user.is_superuser:
        return redirect("projects:my_projects")
    return redirect("projects:project_list")


def healthz(request):
    """Liveness for the container: the database answers."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
