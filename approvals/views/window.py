"""The single window (一窗受理): choose a project and stage, tick the items, upload each material.

Intake decides at once (services.intake.submit_case): accepted, accepted with
deficiencies on a signed promise (容缺受理), or not accepted with what is
missing. Whatever the outcome, the case page then shows it.
"""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from liuyang.policies import policy_for
from projects.models import Project

from ..choices import IntakeOutcome, MaterialKind
from ..forms import IntakeForm
from ..models import ApprovalCase
from ..services.intake import deadline_field, material_field, submit_case, submittable_projects
from ..workdays import WorkCalendar
from .base import done, require, run_service, today

INTAKE_MESSAGES = {
    IntakeOutcome.ACCEPTED: gettext_lazy("申报件 %(code)s 已受理，各事项已同时分送审批部门。"),
    IntakeOutcome.DEFICIENT: gettext_lazy("申报件 %(code)s 已容缺受理，请按通知书期限补齐材料。"),
    IntakeOutcome.NOT_ACCEPTED: gettext_lazy("申报件 %(code)s 不予受理，缺少的材料见下方清单。"),
}


def require_window(user):
    require(policy_for(ApprovalCase).can_add(user), _("只有市重点办和项目服务专员可以在一窗受理申报。"))


def item_rows(form):
    """The stage's items, each with its materials (and their fields) and its promised completion
    if accepted today: a supplement deadline may not be later (shown as the date input's max)."""
    calendar = WorkCalendar.cached()
    accepted_on = calendar.next_working_day(today())
    chosen = form.chosen_item_ids()
    rows = []
    for item in form.stage_items:
        latest = calendar.add(accepted_on, item.promised_limit)
        materials = []
        for material in item.materials.all():
            later = material.kind == MaterialKind.SECONDARY and material.may_supply_later
            materials.append(
                {
                    "material": material,
                    "kind_colour": MaterialKind.colour(material.kind),
                    "later": later,
                    "file": form[material_field(material.pk)],
                    "deadline": form[deadline_field(material.pk)] if later else None,
                }
            )
        rows.append({"item": item, "checked": item.pk in chosen, "latest": latest, "materials": materials})
    return {"rows": rows, "accepted_on": accepted_on}


class WindowView(LoginRequiredMixin, View):
    """GET: the form (htmx asks for the items part only when the project or stage changes).
    POST: submit_case; bad input re-renders with each message at its field (400, nothing saved)."""

    template_name = "approvals/window.html"
    items_template_name = "approvals/_window_items.html"

    def render_form(self, request, form, status=200):
        context = {
            "form": form,
            "project": form.fields["project"].queryset.filter(pk=_as_pk(form, "project")).first(),
            "has_projects": form.fields["project"].queryset.exists(),
            **item_rows(form),
        }
        htmx = getattr(request, "htmx", False) and not request.htmx.boosted
        template = self.items_template_name if htmx and request.method == "GET" else self.template_name
        return render(request, template, context, status=status)

    def get(self, request):
        require_window(request.user)
        initial = {name: request.GET.get(name, "") for name in ("project", "stage")}
        projects = submittable_projects(request.user)
        project = projects.filter(pk=_int(initial["project"])).first()
        if project is not None:
            initial["applicant_name"] = project.owner_enterprise
        return self.render_form(request, IntakeForm(initial=initial, user=request.user))

    def post(self, request):
        require_window(request.user)
        # A project that exists but is not the user's: refused (403), not "pick another".
        chosen = _int(request.POST.get("project"))
        if chosen and Project.objects.filter(pk=chosen).exists():
            require(
                submittable_projects(request.user).filter(pk=chosen).exists(),
                _("您不能为该项目申报审批事项。"),
            )
        form = IntakeForm(request.POST, request.FILES, user=request.user)
        if not form.is_valid():
            return self.render_form(request, form, status=400)
        case, status = run_service(form, lambda: submit_case(request.user, **form.service_kwargs()))
        if status != 200:
            return self.render_form(request, form, status=status)
        message = INTAKE_MESSAGES[case.intake_outcome] % {"code": case.code}
        return done(request, message, case.get_absolute_url())


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _as_pk(form, name):
    value = form.data.get(name) if form.is_bound else form.initial.get(name)
    return _int(getattr(value, "pk", value))
