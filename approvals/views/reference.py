"""Reference pages everyone reads: the approval catalogue (审批事项清单) and the working-day
calendar (工作日历). The office edits both in the admin; the pages link there for it."""

import calendar as month_grid

from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from liuyang.filtersets import filtered
from liuyang.policies import policy_for
from liuyang.views import ExportRequest

from ..choices import MaterialKind
from ..filtersets import ApprovalItemFilterSet, WorkdayOverrideFilterSet
from ..forms import parse_year
from ..models import ApprovalItem, ApprovalStage, WorkdayOverride
from ..workdays import WorkCalendar, package_years
from .base import list_context, require, today

WEEKDAYS = (
    gettext_lazy("一"),
    gettext_lazy("二"),
    gettext_lazy("三"),
    gettext_lazy("四"),
    gettext_lazy("五"),
    gettext_lazy("六"),
    gettext_lazy("日"),
)


#: stages in their order (as ``ApprovalStage.Meta.ordering``), the items of a stage by number
CATALOGUE_ORDER = ("stage__sort_order", "stage__code", "sort_order", "code")


def office_edits(user, model):
    """Whether to link to the admin, where the office edits the catalogue and the calendar."""
    return bool(user.is_staff and policy_for(model).writes_all(user))


class CatalogueView(LoginRequiredMixin, View):
    """Stages with their items (department, limits, promise system, milestone) and materials."""

    @staticmethod
    def filterset(user, params, request=None):
        """The catalogue's filters over the items the user may read, stage by stage (the page and its export)."""
        policy = policy_for(ApprovalItem)
        require(policy.can_view(user), _("您没有查看此内容的权限。"))
        queryset = (
            ApprovalItem.objects.select_related("stage", "department")
            .prefetch_related("materials")
            .order_by(*CATALOGUE_ORDER)
        )
        if not policy.writes_all(user):
            queryset = queryset.filter(is_active=True)
        return ApprovalItemFilterSet(
            params, queryset=queryset, request=request or ExportRequest(user, params)
        )

    @classmethod
    def export_queryset(cls, user, params):
        return filtered(cls.filterset(user, params))

    def get(self, request):
        user = request.user
        filterset = self.filterset(user, request.GET, request)
        context, status = list_context(request, filterset, paginate_by=500, max_page_size=500)
        items = sorted(context["rows"], key=lambda i: (i.sort_order, i.code))
        for item in items:
            for material in item.materials.all():
                material.kind_colour = MaterialKind.colour(material.kind)
        stages = list(ApprovalStage.objects.select_related("lead_unit"))
        for stage in stages:
            stage.catalogue_items = [item for item in items if item.stage_id == stage.pk]
        context.update(
            {
                "stages": [s for s in stages if s.catalogue_items or not request.GET],
                "item_count": len(items),
                "office_edits": office_edits(user, ApprovalItem),
            }
        )
        return render(request, "approvals/catalogue.html", context, status=status)


def day_cell(day, month, calendar, overrides, now):
    working = calendar.is_working_day(day)
    weekend = day.weekday() >= 5
    override = overrides.get(day)
    if override is not None:
        kind, label = ("override-work" if working else "override-rest"), override.name
    elif not working:
        name = calendar.holiday_name(day)
        if name:
            kind, label = "holiday", name
        else:
            kind, label = ("weekend", "") if weekend else ("holiday", _("休息"))
    elif weekend:
        kind, label = "makeup", _("调休上班")
    else:
        kind, label = "workday", ""
    return {
        "date": day,
        "in_month": day.month == month,
        "working": working,
        "kind": kind,
        "label": label,
        "today": day == now,
    }


class CalendarView(LoginRequiredMixin, View):
    """One year, month by month: holidays, 调休 make-up working days and the office's overrides."""

    def get(self, request):
        user = request.user
        require(policy_for(WorkdayOverride).can_view(user), _("您没有查看此内容的权限。"))
        now = today()
        year, error = parse_year(request.GET.get("year"), now)
        calendar = WorkCalendar.cached()
        overrides_set = WorkdayOverrideFilterSet(
            {"year": year}, queryset=WorkdayOverride.objects.all(), request=request
        )
        overrides = list(overrides_set.qs.order_by("date"))
        by_date = {o.date: o for o in overrides}
        grid = month_grid.Calendar(firstweekday=0)
        months, counts = [], {"working": 0, "holiday": 0, "makeup": 0}
        for month in range(1, 13):
            weeks = [
                [day_cell(day, month, calendar, by_date, now) for day in week]
                for week in grid.monthdatescalendar(year, month)
            ]
            for week in weeks:
                for cell in week:
                    if not cell["in_month"]:
                        continue
                    counts["working"] += cell["working"]
                    counts["holiday"] += cell["kind"] == "holiday"
                    counts["makeup"] += cell["kind"] == "makeup"
            months.append({"month": month, "weeks": weeks})
        context = {
            "year": year,
            "year_error": error,
            "months": months,
            "weekdays": WEEKDAYS,
            "counts": counts,
            "overrides": overrides,
            "in_package": year in package_years(),
            "known": calendar.knows(year),
            "office_edits": office_edits(user, WorkdayOverride),
            "today": now,
        }
        return render(request, "approvals/calendar.html", context, status=400 if error else 200)
