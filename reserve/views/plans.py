"""Annual implementation plans (年度实施计划): years, a year's projects and totals, adding directly."""

from django.db.models import Case, IntegerField, Value, When
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views import View

from liuyang.views import ObjectListView, PolicyViewMixin
from projects.choices import ProjectType
from projects.models import Project

from .. import selectors, services
from ..choices import PlanCategory
from ..filtersets import AnnualPlanItemFilterSet
from ..forms import PlanItemForm
from ..models import AnnualPlan, AnnualPlanItem
from .base import can_manage, done, require, run_service


class PlanListView(PolicyViewMixin, View):
    model = AnnualPlan
    template_name = "reserve/plan_list.html"

    def get(self, request):
        self.require_view()
        context = {
            "plans": selectors.plan_years(),
            "can_add": can_manage(request.user, AnnualPlanItem),
        }
        return render(request, self.template_name, context)


def labelled(rows, labels=None):
    """``plan_totals`` rows as dicts, with choice labels where the value is a code."""
    labels = labels or {}
    return [
        {"value": value, "label": labels.get(value, value) or "—", "count": count, "investment": investment}
        for value, count, investment in rows
    ]


class PlanDetailView(ObjectListView):
    """A year's plan: its projects (filter by category and more), totals, and the office's direct add."""

    model = AnnualPlanItem
    filterset_class = AnnualPlanItemFilterSet
    template_name = "reserve/plan_detail.html"
    table_template_name = "reserve/_plan_table.html"
    paginate_by = 100

    def get(self, request, year):
        self.plan = get_object_or_404(AnnualPlan, year=year)
        return super().get(request)

    def get_queryset(self):
        # 新开工, 续建, 竣工 in this order (not by their codes); a chosen sort replaces it.
        category_rank = Case(
            *(When(category=value, then=Value(rank)) for rank, value in enumerate(PlanCategory.values)),
            default=Value(len(PlanCategory.values)),
            output_field=IntegerField(),
        )
        return (
            AnnualPlanItem.objects.filter(plan=self.plan)
            .select_related("project__industry", "project__town", "evaluation_round")
            .annotate(category_rank=category_rank)
            .order_by("category_rank", "project__code")
        )

    def extra_context(self, request):
        totals = services.plan_totals(self.plan)
        order = {value: rank for rank, value in enumerate(PlanCategory.values)}
        by_category = sorted(
            labelled(totals["category"], dict(PlanCategory.choices)),
            key=lambda row: order.get(row["value"], 99),
        )
        return {
            "plan": self.plan,
            "by_category": by_category,
            "totals_sections": [
                (_("按计划类别"), by_category, "tags"),
                (_("按项目类型"), labelled(totals["project_type"], dict(ProjectType.choices)), "diagram-3"),
                (_("按所属产业"), labelled(totals["industry"]), "buildings"),
                (_("按乡镇/街道"), labelled(totals["town"]), "geo-alt"),
            ],
            "plan_count": sum(row["count"] for row in by_category),
            "plan_investment": sum(row["investment"] for row in by_category),
            "category_choices": PlanCategory.choices,
            "can_add": can_manage(request.user, AnnualPlanItem),
        }


class PlanItemAddView(PolicyViewMixin, View):
    """纳入年度实施计划 directly (the office), with a reason."""

    model = AnnualPlanItem
    template_name = "reserve/plan_add.html"

    def render_form(self, request, form, status=200):
        return render(request, self.template_name, {"form": form}, status=status)

    def get(self, request):
        require(can_manage(request.user, AnnualPlanItem))
        initial = {}
        year = request.GET.get("year", "")
        if year.isdigit():
            initial["year"] = int(year)
        wanted = request.GET.get("project", "")
        project = Project.objects.filter(pk=wanted).first() if wanted.isdigit() else None
        if project is not None:
            initial["project"] = project.pk
        return self.render_form(request, PlanItemForm(initial=initial))

    def post(self, request):
        require(can_manage(request.user, AnnualPlanItem))
        form = PlanItemForm(request.POST)
        if form.is_valid():
            item = run_service(
                form, lambda: services.add_to_plan(actor=request.user, **form.service_kwargs())
            )
            if item is not None:
                return done(
                    request,
                    _("已将“%(project)s”纳入 %(year)s 年度实施计划。")
                    % {"project": item.project, "year": item.plan.year},
                    item.plan.get_absolute_url(),
                )
        return self.render_form(request, form, status=400)
