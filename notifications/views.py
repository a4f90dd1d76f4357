"""The user's inbox (消息), their email settings, and the office's log of background task runs."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import F
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import View

from liuyang.filtersets import check_params
from liuyang.policies import policy_for

from . import services
from .choices import TaskRunStatus
from .forms import PreferenceForm
from .models import Notification, NotificationPreference, TaskRun

#: a run's status badge
TASK_RUN_COLOURS = {
    TaskRunStatus.RUNNING: "info",
    TaskRunStatus.SUCCEEDED: "success",
    TaskRunStatus.FAILED: "danger",
}


def own_notifications(user):
    return policy_for(Notification).viewable(user, Notification.objects.filter(recipient=user))


def inbox_queryset(user, params):
    """The inbox's rows for ``params`` (``unread=1``: unread only): the page and its export."""
    check_params(params, allowed=("unread",))
    queryset = own_notifications(user).order_by(F("read_at").desc(nulls_first=True), "-created_at", "-pk")
    if params.get("unread") == "1":
        queryset = queryset.filter(read_at__isnull=True)
    return queryset


def task_run_queryset(user, params):
    """The task-run log's rows for ``params`` (``failed=1``: failures only): the page and its export."""
    policy = policy_for(TaskRun)
    if not policy.can_view(user):
        raise PermissionDenied(_("只有市重点办可以查看后台任务记录。"))
    check_params(params, allowed=("failed",))
    queryset = policy.viewable(user, TaskRun.objects.all()).order_by("-started_at", "-pk")
    if params.get("failed") == "1":
        queryset = queryset.filter(status=TaskRunStatus.FAILED)
    return queryset


def rows_or_400(rows, params, empty):
    """(queryset, status): a page without filters answers 400 to unknown parameters, listing nothing."""
    try:
        return rows(params), 200
    except ValidationError:
        return empty, 400


class InboxView(LoginRequiredMixin, View):
    """Own notifications, unread first, newest first within each."""

    paginate_by = 30

    def get(self, request):
        unread_only = request.GET.get("unread") == "1"
        queryset, status = rows_or_400(
            lambda params: inbox_queryset(request.user, params), request.GET, Notification.objects.none()
        )
        page = Paginator(queryset, self.paginate_by).get_page(request.GET.get("page"))
        context = {
            "page_obj": page,
            "paginator": page.paginator,
            "rows": list(page.object_list),
            "unread_only": unread_only,
            "querystring": "unread=1" if unread_only else "",
        }
        return render(request, "notifications/inbox.html", context, status=status)


class MarkReadView(LoginRequiredMixin, View):
    """Mark one (pk) or all of the user's notifications read; then follow its link or go back."""

    def post(self, request, pk=None):
        if pk is None:
            count = services.mark_read(request.user)
            messages.success(request, _("已将 %(count)s 条消息标为已读。") % {"count": count})
            return HttpResponseRedirect(reverse("notifications:inbox"))
        notification = get_object_or_404(own_notifications(request.user), pk=pk)
        services.mark_read(request.user, [notification])
        target = notification.url if request.POST.get("follow") else ""
        if not (target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()})):
            target = reverse("notifications:inbox")
        return HttpResponseRedirect(target)


class PreferenceView(LoginRequiredMixin, View):
    """The user's own email settings (whether notifications also come by email, and where)."""

    template_name = "notifications/preferences.html"

    def get_object(self, request):
        return NotificationPreference.objects.filter(user=request.user).first() or NotificationPreference(
            user=request.user
        )

    def get(self, request):
        form = PreferenceForm(instance=self.get_object(request))
        return render(request, self.template_name, {"form": form})

    def post(self, request):
        form = PreferenceForm(request.POST, instance=self.get_object(request))
        if not form.is_valid():
            return render(request, self.template_name, {"form": form}, status=400)
        form.save()
        messages.success(request, _("已保存通知设置。"))
        return HttpResponseRedirect(reverse("notifications:preferences"))


class TaskRunListView(LoginRequiredMixin, View):
    """Background task runs (the office): failures first to see, with their errors."""

    paginate_by = 50

    def get(self, request):
        failed_only = request.GET.get("failed") == "1"
        queryset, status = rows_or_400(
            lambda params: task_run_queryset(request.user, params), request.GET, TaskRun.objects.none()
        )
        page = Paginator(queryset, self.paginate_by).get_page(request.GET.get("page"))
        rows = list(page.object_list)
        for run in rows:
            run.colour = TASK_RUN_COLOURS.get(run.status, "secondary")
        context = {
            "page_obj": page,
            "paginator": page.paginator,
            "rows": rows,
            "failed_only": failed_only,
        }
        return render(request, "notifications/task_runs.html", context, status=status)
