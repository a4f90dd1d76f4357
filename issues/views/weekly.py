"""The weekly issue list (每周问题清单) of a chosen ISO week, as a page and as an .xlsx."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.encoding import escape_uri_path
from django.utils.translation import gettext as _
from django.views import View

from liuyang.policies import policy_for

from ..excel import weekly_workbook
from ..models import EscalationStep
from ..selectors import Week, weekly_list
from .base import today, viewable_issues

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def chosen_week(request):
    """(week, error): ``?week=2026-W10``, this week by default."""
    raw = request.GET.get("week", "")
    if not raw:
        return Week.containing(today()), ""
    try:
        return Week.parse(raw), ""
    except ValueError:
        return Week.containing(today()), _("周次“%(value)s”无效，请按 2026-W10 的格式选择。") % {"value": raw}


def weekly_for(request, week):
    issues = viewable_issues(request.user)
    steps = policy_for(EscalationStep).viewable(request.user, EscalationStep.objects.all())
    return weekly_list(issues, steps, week)


class WeeklyView(LoginRequiredMixin, View):
    def get(self, request):
        week, error = chosen_week(request)
        unknown = sorted(set(request.GET) - {"week"})
        if unknown and not error:
            error = _("未知的参数“%(names)s”。") % {"names": "、".join(unknown)}
        weekly = weekly_for(request, week)
        context = {
            "weekly": weekly,
            "week": week,
            "previous": week.shifted(-1),
            "next": week.shifted(1),
            "this_week": Week.containing(today()),
            "error": error,
        }
        return render(request, "issues/weekly.html", context, status=400 if error else 200)


class WeeklyXlsxView(LoginRequiredMixin, View):
    def get(self, request):
        week, error = chosen_week(request)
        if error:
            return HttpResponse(error, status=400, content_type="text/plain; charset=utf-8")
        body = weekly_workbook(weekly_for(request, week))
        response = HttpResponse(body, content_type=XLSX)
        filename = _("每周问题清单_%(week)s.xlsx") % {"week": week}
        response["Content-Disposition"] = f"attachment; filename*=UTF-8''{escape_uri_path(filename)}"
        response["Cache-Control"] = "private, no-store"
        return response
