"""What the task-force pages share: asking the policies, and calling a service from a form."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from liuyang.exceptions import ConflictError
from liuyang.forms import add_service_errors
from liuyang.policies import policy_for

from ..models import DispatchMeeting, Milestone, ProgressReport, Project, TaskForceMember


def require(allowed, message=None):
    if not allowed:
        raise PermissionDenied(message or _("您没有执行此操作的权限。"))


def require_view(user, model):
    require(policy_for(model).can_view(user), _("您没有查看此内容的权限。"))


def today():
    return timezone.localdate()


class Rights:
    """What a user may do on one project's task-force pages (each answer asked once)."""

    def __init__(self, user, project):
        self.user, self.project = user, project
        self._project_change = None

    @property
    def project_change(self):
        if self._project_change is None:
            self._project_change = policy_for(Project).can_change(self.user, self.project)
        return self._project_change

    @property
    def plan(self):
        """Apply templates, add, edit and delete milestones."""
        return policy_for(Milestone).can_add(self.user) and self.project_change

    @property
    def report(self):
        """File and edit the project's progress reports."""
        return policy_for(ProgressReport).can_add(self.user) and self.project_change

    @property
    def review(self):
        """Accept or return reports (the office)."""
        return policy_for(ProgressReport).writes_all(self.user)

    @property
    def meet(self):
        """Record dispatch meetings and their action items."""
        return policy_for(DispatchMeeting).can_add(self.user) and self.project_change

    @property
    def members(self):
        """Set up the task force and its members (the office)."""
        return policy_for(TaskForceMember).can_add(self.user)


def run_service(form, call):
    """Call a service. Returns (result, status): 200 on success; on a ValidationError the
    messages go onto the form (400); on a ConflictError its message goes on top (409).
    PermissionDenied propagates (403)."""
    try:
        return call(), 200
    except ValidationError as error:
        add_service_errors(form, error)
        return None, 400
    except ConflictError as error:
        form.add_error(None, str(error))
        return None, 409


def keep_input_after_conflict(form, model, pk):
    """After a conflict the form keeps what the user typed, with the version now stored,
    so a deliberate second save goes through."""
    form.data = form.data.copy()
    form.data[form.add_prefix("version")] = (
        model._default_manager.filter(pk=pk).values_list("version", flat=True).first()
    )


def done(request, message, url):
    messages.success(request, message)
    return HttpResponseRedirect(url)


def get_project(pk, queryset=None):
    return get_object_or_404(queryset if queryset is not None else Project.objects.all(), pk=pk)
