"""What the approvals pages share: asking the policies, calling a service from a form, badges."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from accounts.roles import Role, user_roles
from liuyang.exceptions import ConflictError
from liuyang.forms import add_service_errors

from ..choices import CaseResult, CaseStatus, IntakeOutcome, SupplementStatus, TaskStatus

#: roles that supervise every department (read everything, act on nothing)
SUPERVISORS = frozenset({Role.KEY_OFFICE, Role.CITY_LEADER})
#: open tasks due within this many working days get the "due soon" badge
DUE_SOON_DAYS = 3


def require(allowed, message=None):
    if not allowed:
        raise PermissionDenied(message or _("您没有执行此操作的权限。"))


def today():
    return timezone.localdate()


def supervises(user):
    """The office, city leaders and superusers: every department's tasks and the statistics."""
    return bool(user.is_superuser or user_roles(user) & SUPERVISORS)


def mark_invalid(form):
    """Give the fields a service's errors landed on the same red outline as the form's own errors."""
    for name in form.errors:
        if name in form.fields:
            widget = form.fields[name].widget
            css = widget.attrs.get("class", "")
            if "is-invalid" not in css:
                widget.attrs["class"] = f"{css} is-invalid".strip()
                widget.attrs["aria-invalid"] = "true"


def run_service(form, call):
    """Call a service. Returns (result, status): 200 on success; a ValidationError's messages go
    onto the form (400); a ConflictError's message on top (409). PermissionDenied propagates (403)."""
    try:
        return call(), 200
    except ValidationError as error:
        add_service_errors(form, error)
        mark_invalid(form)
        return None, 400
    except ConflictError as error:
        form.add_error(None, str(error))
        return None, 409


def done(request, message, url):
    messages.success(request, message)
    return HttpResponseRedirect(url)


def safe_next(request, fallback):
    """The ``next`` the form sent back (a page of this site), or ``fallback``."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


# -- badges: colours of the status values, set on the objects the templates show ----------------


def decorate_case(case):
    case.outcome_colour = IntakeOutcome.colour(case.intake_outcome)
    case.status_colour = CaseStatus.colour(case.status)
    case.result_colour = CaseResult.colour(case.result) if case.result else "secondary"
    return case


def decorate_task(task, calendar, now):
    """Badges of one task: status colour, overdue, due soon, suspended, working days left or used."""
    task.status_colour = TaskStatus.colour(task.status)
    task.overdue = task.is_overdue(now)
    clock_runs = task.status in (TaskStatus.PENDING, TaskStatus.REVIEWING) and task.paused_since is None
    task.days_left = calendar.between(now, task.due_date) if clock_runs and task.due_date >= now else None
    task.due_soon = task.days_left is not None and task.days_left <= DUE_SOON_DAYS
    task.suspended = task.status == TaskStatus.SUSPENDED
    task.with_applicant = task.status == TaskStatus.CORRECTING
    return task


def decorate_supplement(supplement):
    supplement.status_colour = SupplementStatus.colour(supplement.status)
    return supplement


# -- lists: a strict FilterSet, pages, and the htmx table ------------------------------------


def list_context(request, filterset, paginate_by=50, max_page_size=200):
    """Filter, sort and paginate like liuyang.views.ObjectListView; returns (context, status).

    An invalid filter (or an unknown parameter) lists nothing and answers 400 with the errors.
    """
    status = 200
    if filterset.is_valid():
        queryset = filterset.qs
    else:
        queryset = filterset.queryset.none()
        status = 400
    try:
        size = max(1, min(int(request.GET.get("page_size", paginate_by)), max_page_size))
    except ValueError:
        size = paginate_by
    paginator = Paginator(queryset, size)
    page = paginator.get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "filterset": filterset,
        "filter_errors": filterset.errors if status == 400 else {},
        "page_obj": page,
        "rows": list(page.object_list),
        "paginator": paginator,
        "querystring": query.urlencode(),
        "sort": request.GET.get("sort", ""),
    }
    return context, status


def render_list(request, context, status, template, table_template):
    """The whole page, or only the table for an htmx request (same URL: Vary on HX-Request)."""
    htmx = getattr(request, "htmx", False) and not request.htmx.boosted
    response = render(request, table_template if htmx else template, context, status=status)
    patch_vary_headers(response, ["HX-Request"])
    return response
