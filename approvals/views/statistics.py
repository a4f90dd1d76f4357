"""Approval statistics (审批统计) for the office and city leaders: the same figures as the API
(services.statistics.approval_statistics), filtered by year, stage and department."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.db.models.functions import ExtractYear
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views import View

from ..forms import StatisticsFilterForm, years_choice
from ..models import ApprovalCase
from ..services.statistics import approval_statistics
from .base import require, supervises, today


def case_years(now):
    """The years cases were accepted in, and this year (one query)."""
    years = set(
        ApprovalCase.objects.filter(accepted_on__isnull=False)
        .annotate(year=ExtractYear("accepted_on"))
        .order_by()
        .values_list("year", flat=True)
        .distinct()
    )
    years.add(now.year)
    return years_choice(min(years), max(years))


class StatisticsView(LoginRequiredMixin, View):
    template_name = "approvals/statistics.html"

    def get(self, request):
        require(supervises(request.user), _("审批统计供市重点办和市级领导查看。"))
        now = today()
        form = StatisticsFilterForm(request.GET or None, years=case_years(now))
        status = 200
        filters = {}
        if form.is_bound:
            if form.is_valid():
                filters = {k: v for k, v in form.cleaned_data.items() if v not in (None, "")}
            else:
                status = 400
        stats = approval_statistics(request.user, today=now, **filters) if status == 200 else None
        context = {"form": form, "stats": stats, "filters": filters, "today": now}
        return render(request, self.template_name, context, status=status)
