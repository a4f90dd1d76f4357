"""Pages that belong to no single app."""

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import redirect

from accounts.roles import Role, user_roles

#: who starts on 我的项目: the people who file progress for their own projects
MY_PROJECTS_ROLES = frozenset({Role.TASK_FORCE_STAFF, Role.DEPARTMENT_STAFF, Role.SERVICE_COMMISSIONER})


@login_required
def home(request):
    """The office lands on its dashboard (市重点办看板), city leaders on their cockpit (领导驾驶舱);
    task-force staff, department staff and service commissioners on 我的项目; everyone else on
    the project list."""
    roles = user_roles(request.user)
    if Role.KEY_OFFICE in roles:
        return redirect("dashboards:office")
    if Role.CITY_LEADER in roles:
        return redirect("dashboards:leader")
    if roles & MY_PROJECTS_ROLES and not request.user.is_superuser:
        return redirect("projects:my_projects")
    return redirect("projects:project_list")


def healthz(request):
    """Liveness for the container: the database answers."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
