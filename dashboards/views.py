"""The office dashboard (市重点办看板) and the leaders' cockpit (领导驾驶舱).

Both are read-only pages for the office, city leaders and superusers; everyone else gets 403.
A filter the form does not know answers 400 with the form's errors, like the lists do.
"""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from accounts.roles import Role, user_roles
from liuyang.policies import require
from projects.choices import Light, ProjectStage, ProjectType
from reserve.choices import TIER_COLOURS

from . import charts, selectors
from .forms import DashboardFilterForm
from .scope import Scope

#: who may open the dashboards
VIEWERS = frozenset({Role.KEY_OFFICE, Role.CITY_LEADER})


def can_view(user):
    return bool(user.is_active and (user.is_superuser or user_roles(user) & VIEWERS))


def today():
    return timezone.localdate()


class DashboardView(LoginRequiredMixin, View):
    template_name = None

    def get(self, request):
        require(can_view(request.user), _("看板供市重点办和市级领导查看。"))
        now = today()
        form = DashboardFilterForm(request.GET or None, today=now)
        if form.is_bound and not form.is_valid():
            context = {"form": form, "scope": Scope.from_form(form, now), "invalid": True}
            return render(request, self.template_name, context, status=400)
        scope = Scope.from_form(form, now)
        context = {"form": form, "scope": scope, **self.figures(request.user, scope)}
        return render(request, self.template_name, context)

    def figures(self, user, scope):
        raise NotImplementedError


def headline(user, scope, projects):
    """The figures both pages open with: projects, investment, lights."""
    stages = selectors.by_stage(projects, scope)
    return {
        "stages": stages,
        "project_total": sum(row["count"] for row in stages),
        "projects_url": scope.projects(),
        "investment": selectors.investment(projects, scope),
        "lights": selectors.light_counts(projects, scope),
    }


class OfficeDashboardView(DashboardView):
    template_name = "dashboards/office.html"

    def figures(self, user, scope):
        projects = selectors.projects_in(user, scope)
        figures = headline(user, scope, projects)
        figures.update(
            {
                "types": selectors.by_type(projects, scope),
                "industries": selectors.by_industry(projects, scope),
                "towns": selectors.by_town(projects, scope),
                "tiers": selectors.by_tier(user, scope),
                "lagging": selectors.most_lagging(projects, scope),
                "lagging_url": scope.projects(light=[Light.RED, Light.YELLOW]),
                "issues": selectors.issue_figures(user, scope),
                "approvals": selectors.approval_figures(user, scope),
            }
        )
        figures["period"], figures["ranking"] = selectors.ranking(user, scope)
        stage_colours = {v: ProjectStage.colour(v) for v in ProjectStage.values}
        type_colours = {v: ProjectType.colour(v) for v in ProjectType.values}
        light_colours = {v: Light.colour(v) for v in Light.values}
        figures["charts"] = {
            "stage": charts.bars(figures["stages"], name=_("项目数"), colours=stage_colours),
            "type": charts.pie(figures["types"], name=_("项目数"), colours=type_colours),
            "industry": charts.bars(figures["industries"], name=_("项目数"), horizontal=True),
            "town": charts.bars(figures["towns"], name=_("项目数"), horizontal=True),
            "tier": charts.pie(figures["tiers"], name=_("储备项目"), colours=TIER_COLOURS),
            "light": charts.pie(figures["lights"], name=_("项目数"), colours=light_colours),
            "investment": charts.investment(figures["investment"]),
            "issues": charts.issues(figures["issues"]["levels"]),
            "departments": charts.departments(figures["approvals"]["departments"]),
        }
        figures["heights"] = {
            "industry": charts.height(figures["industries"]),
            "town": charts.height(figures["towns"]),
        }
        return figures


class LeaderCockpitView(DashboardView):
    template_name = "dashboards/leader.html"

    def figures(self, user, scope):
        projects = selectors.projects_in(user, scope)
        figures = headline(user, scope, projects)
        issues = selectors.issue_figures(user, scope)
        figures.update(
            {
                "issues": issues,
                "compression": selectors.approval_compression(user, scope),
                "led_projects": selectors.led_projects(user, scope),
                "led_issues": selectors.led_issues(user, scope),
            }
        )
        figures["led_overdue"] = sum(1 for issue in figures["led_issues"] if issue.overdue)
        figures["charts"] = {"investment": charts.investment(figures["investment"])}
        return figures
