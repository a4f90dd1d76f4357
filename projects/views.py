from django.urls import reverse_lazy

from liuyang.views import ObjectDeleteView, ObjectDetailView, ObjectEditView, ObjectListView

from .filtersets import ProjectFilterSet
from .forms import ProjectForm
from .models import Project

PROJECT_LIST_QUERYSET = Project.objects.select_related("industry", "responsible_unit", "town")


class ProjectListView(ObjectListView):
    model = Project
    queryset = PROJECT_LIST_QUERYSET
    filterset_class = ProjectFilterSet
    template_name = "projects/project_list.html"
    table_template_name = "projects/_project_table.html"


class ProjectDetailView(ObjectDetailView):
    model = Project
    queryset = Project.objects.select_related(
        "industry", "responsible_unit", "town", "service_commissioner", "task_force__leader"
    )
    template_name = "projects/project_detail.html"

    def extra_context(self, request, obj):
        task_force = getattr(obj, "task_force", None)
        members = task_force.members.select_related("user__unit").order_by("pk") if task_force else []
        return {"task_force": task_force, "task_force_members": members}


class ProjectEditView(ObjectEditView):
    model = Project
    form_class = ProjectForm
    template_name = "projects/project_edit.html"


class ProjectDeleteView(ObjectDeleteView):
    model = Project
    success_url = reverse_lazy("projects:project_list")
