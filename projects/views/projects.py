"""Key projects: list (with status lights), detail, edit, delete."""

from django.urls import reverse_lazy

from investment.views.elements import project_elements
from liuyang.policies import policy_for
from liuyang.views import ObjectDeleteView, ObjectDetailView, ObjectEditView, ObjectListView
from reserve import services as reserve_services
from reserve.models import ReserveEntry

from .. import selectors
from ..filtersets import ProjectFilterSet
from ..forms import ProjectForm
from ..models import Project
from ..services import periods
from ..services.lights import with_lights
from .base import Rights, today

PROJECT_LIST_QUERYSET = Project.objects.select_related("industry", "responsible_unit", "town")


class ProjectListView(ObjectListView):
    """The list with each project's light (computed in the database, with the reasons as a tooltip)."""

    model = Project
    queryset = PROJECT_LIST_QUERYSET
    filterset_class = ProjectFilterSet
    template_name = "projects/project_list.html"
    table_template_name = "projects/_project_table.html"

    def get_queryset(self):
        self.today = today()
        return with_lights(super().get_queryset(), self.today)

    def extra_context(self, request):
        return {"light_today": self.today}


class ProjectDetailView(ObjectDetailView):
    model = Project
    queryset = Project.objects.select_related(
        "industry",
        "responsible_unit",
        "town",
        "service_commissioner",
        "task_force__leader",
        "reserve_entry__responsible_unit",
        "investment_lead",
    )
    template_name = "projects/project_detail.html"

    def get_queryset(self):
        return with_lights(super().get_queryset())

    def extra_context(self, request, obj):
        task_force = getattr(obj, "task_force", None)
        members = task_force.members.select_related("user__unit", "unit").order_by("pk") if task_force else []
        now = today()
        selectors.attach_reasons([obj], now)
        current = periods.current_period(obj.report_frequency, now)[0]
        return {
            "task_force": task_force,
            "task_force_members": members,
            "rights": Rights(request.user, obj),
            "current_period": selectors.period_state(obj.report_frequency, current, now),
            **reserve_context(request.user, obj),
            **project_elements(request.user, obj),
        }


def reserve_context(user, project):
    """The project's place in the reserve pool (精准谋划): its entry, moves and annual plan items."""
    entry = getattr(project, "reserve_entry", None)
    moves = (
        entry.moves.select_related("actor", "evaluation_round").order_by("-created_at", "-pk")
        if entry
        else []
    )
    return {
        "reserve_entry": entry,
        "reserve_due": bool(entry and reserve_services.is_due(entry)),
        "reserve_moves": moves,
        "plan_items": project.plan_items.select_related("plan", "evaluation_round").order_by("-plan__year"),
        "can_enter_pool": entry is None and policy_for(ReserveEntry).can_add(user),
    }


class ProjectEditView(ObjectEditView):
    model = Project
    form_class = ProjectForm
    template_name = "projects/project_edit.html"


class ProjectDeleteView(ObjectDeleteView):
    model = Project
    success_url = reverse_lazy("projects:project_list")
