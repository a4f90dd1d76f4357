"""Pages that belong to no single app."""

import logging

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.shortcuts import redirect

from accounts.roles import Role, user_roles

log = logging.getLogger(__name__)

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
    """Liveness for the container: the database answers, and Redis (the cache and broker) when one
    is configured. 200 when every part answers; 503 naming the part that did not."""
    checks = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        checks["database"] = "ok"
    except DatabaseError:
        log.exception("healthz: the database did not answer")
        checks["database"] = "down"
    if settings.REDIS_URL:
        try:
            cache.set("healthz", "1", timeout=5)
            checks["redis"] = "ok" if cache.get("healthz") == "1" else "down"
        except Exception:  # any client error means the same: Redis is not usable
            log.exception("healthz: Redis did not answer")
            checks["redis"] = "down"
    healthy = all(value == "ok" for value in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "fail", "checks": checks}, status=200 if healthy else 503
    )
