"""我的项目: where task-force staff, department staff and service commissioners start."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import render
from django.views import View

from liuyang.filtersets import check_params
from liuyang.policies import policy_for

from .. import selectors
from ..models import ProgressReport, Project
from .base import require_view, today


class MyProjectsView(LoginRequiredMixin, View):
    """The user's projects with light and reasons, the year's progress, the next milestones and
    the report to file now. A fixed number of queries however many projects."""

    template_name = "projects/my_projects.html"
    paginate_by = 30

    @classmethod
    def export_queryset(cls, user, params, now=None):
        """Every project of the page, in its order (the page and its export both ask here)."""
        require_view(user, Project)
        check_params(params)
        return selectors.my_projects(user, now or today())

    def get(self, request):
        now = today()
        status = 200
        try:
            queryset = self.export_queryset(request.user, request.GET, now)
        except ValidationError:
            queryset, status = Project.objects.none(), 400
        paginator = Paginator(queryset, self.paginate_by)
        page = paginator.get_page(request.GET.get("page"))
        rows = selectors.decorate_my_projects(page.object_list, now)
        context = {
            "rows": rows,
            "page_obj": page,
            "paginator": paginator,
            "querystring": "",
            "today": now,
            "may_file": policy_for(ProgressReport).can_add(request.user),
        }
        return render(request, self.template_name, context, status=status)
