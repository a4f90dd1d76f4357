"""Element guarantees (要素保障): the office queue (a department's staff see and handle theirs
there), one request's page with its actions, and raising a request on a project."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from approvals.views.base import done, require, run_service, safe_next
from liuyang.history import history_for
from liuyang.policies import policy_for
from liuyang.views import ObjectListView
from projects.models import Project

from ..choices import OPEN_ELEMENT_STATUSES, ElementStatus
from ..filtersets import ElementRequestFilterSet
from ..forms import CloseElementForm, ElementRequestForm
from ..models import ElementRequest
from ..services import elements

ELEMENT_PAGE = ElementRequest.objects.select_related("project", "responsible_unit", "requested_by")


def element_policy():
    return policy_for(ElementRequest)


def is_overdue(request, today):
    return request.status in OPEN_ELEMENT_STATUSES and request.deadline < today


class ElementListView(ObjectListView):
    model = ElementRequest
    queryset = ELEMENT_PAGE
    filterset_class = ElementRequestFilterSet
    template_name = "investment/element_list.html"
    table_template_name = "investment/_element_table.html"

    def extra_context(self, request):
        return {"today": timezone.localdate()}


def render_element(request, obj, bound=None, status=200):
    today = timezone.localdate()
    obj.status_colour = ElementStatus.colour(obj.status)
    obj.overdue = is_overdue(obj, today)
    can_handle = element_policy().can_change(request.user, obj)
    close_form = None
    if can_handle and obj.status in OPEN_ELEMENT_STATUSES:
        close_form = CloseElementForm(auto_id="id_close_%s")
    if bound is not None:
        close_form = bound
    context = {
        "element": obj,
        "can_take_up": can_handle and obj.status == ElementStatus.SUBMITTED,
        "close_form": close_form,
        "history": history_for(obj, limit=20),
    }
    return render(request, "investment/element_detail.html", context, status=status)


def viewable_elements(user):
    policy = element_policy()
    require(policy.can_view(user))
    return policy.viewable(user, ELEMENT_PAGE.all())


class ElementDetailView(LoginRequiredMixin, View):
    def get(self, request, pk):
        return render_element(request, get_object_or_404(viewable_elements(request.user), pk=pk))


ELEMENT_MESSAGES = {
    "take-up": gettext_lazy("已开始办理。"),
    "close": gettext_lazy("已办结。"),
}


class ElementActionView(LoginRequiredMixin, View):
    """开始办理 / 办结: the responsible department's staff or the office (403 for anyone else)."""

    def post(self, request, pk, action):
        if action not in ELEMENT_MESSAGES:
            raise Http404
        obj = get_object_or_404(viewable_elements(request.user), pk=pk)
        require(element_policy().can_change(request.user, obj), _("只有责任部门和市重点办可以办理。"))
        if action == "take-up":
            form = CloseElementForm(auto_id="id_close_%s")
            _saved, status = run_service(form, lambda: elements.take_up(request.user, obj))
        else:
            form = CloseElementForm(request.POST, auto_id="id_close_%s")
            status = 400
            if form.is_valid():
                data = form.cleaned_data
                _saved, status = run_service(
                    form,
                    lambda: elements.close(
                        request.user, obj, guaranteed=data["guaranteed"], result=data["result"]
                    ),
                )
        if status == 200:
            return done(
                request,
                str(ELEMENT_MESSAGES[action]),
                safe_next(request, reverse("investment:element_detail", args=[pk])),
            )
        return render_element(request, ELEMENT_PAGE.get(pk=pk), form, status)


class ElementAddView(LoginRequiredMixin, View):
    """Raise a request on a project (``?project=``): the office, its task force, its commissioner."""

    template_name = "investment/element_add.html"

    def get_project(self, request):
        raw = request.GET.get("project") or request.POST.get("project") or ""
        if not raw.isdigit():
            raise Http404
        project = get_object_or_404(Project.objects.select_related("responsible_unit"), pk=raw)
        require(
            elements.may_raise(request.user, project),
            _("只有市重点办、项目专班成员和服务专员可以提出要素保障需求。"),
        )
        return project

    def get(self, request):
        project = self.get_project(request)
        form = ElementRequestForm(initial={"responsible_unit": project.responsible_unit_id})
        return render(request, self.template_name, {"form": form, "project": project})

    def post(self, request):
        project = self.get_project(request)
        form = ElementRequestForm(request.POST)
        status = 400
        if form.is_valid():
            _saved, status = run_service(
                form, lambda: elements.raise_request(request.user, project, **form.service_kwargs())
            )
            if status == 200:
                url = project.get_absolute_url() + "#elements"
                return done(request, _("已提出要素保障需求。"), url)
        return render(request, self.template_name, {"form": form, "project": project}, status=status)


def project_elements(user, project):
    """The project page's card (要素保障): the requests the user may read (one query), whether the
    user may raise one, and the investment lead the project was signed from (joined already)."""
    requests = list(
        element_policy().viewable(user, project.element_requests.select_related("responsible_unit"))
    )
    today = timezone.localdate()
    for obj in requests:
        obj.status_colour = ElementStatus.colour(obj.status)
        obj.overdue = is_overdue(obj, today)
    lead = getattr(project, "investment_lead", None)
    return {
        "element_requests": requests,
        "can_raise_element": elements.may_raise(user, project),
        "investment_lead": lead if lead and lead_visible(user, lead) else None,
    }


def lead_visible(user, lead):
    """Whether the user reads the lead: the office and city leaders all, a team member only their
    teams' (a lead's company and its page are commercially sensitive)."""
    policy = policy_for(type(lead))
    return policy.viewable(user, type(lead).objects.filter(pk=lead.pk)).exists()
