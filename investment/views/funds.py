"""Guidance funds (产业引导基金): read-only pages; the office writes funds in the admin."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views import View

from approvals.views.base import require
from liuyang.filtersets import check_params
from liuyang.history import history_for
from liuyang.policies import policy_for

from ..choices import FundKind
from ..models import Fund
from ..selectors import funds_page
from ..services import funds as fund_services


def check_view(user):
    require(policy_for(Fund).can_view(user), _("您没有查看产业引导基金的权限。"))


class FundListView(LoginRequiredMixin, View):
    """The mother fund with its sub-funds: sizes, money in, investments, leverage."""

    def get(self, request):
        check_view(request.user)
        status = 200
        try:
            check_params(request.GET)
        except ValidationError:
            status = 400
        families, orphans = funds_page()
        context = {
            "families": families,
            "orphans": orphans,
            "is_office": policy_for(Fund).writes_all(request.user),
        }
        return render(request, "investment/fund_list.html", context, status=status)


class FundDetailView(LoginRequiredMixin, View):
    def get(self, request, pk):
        check_view(request.user)
        queryset = fund_services.with_figures(Fund.objects.select_related("parent")).prefetch_related(
            "focus_industries"
        )
        fund = get_object_or_404(queryset, pk=pk)
        fund.leverage_ratio = fund_services.leverage(fund)
        context = {
            "fund": fund,
            "family": fund_services.family_totals(fund) if fund.kind == FundKind.MOTHER else None,
            "investments": list(fund.investments.select_related("project").order_by("-invested_on", "pk")),
            "sub_funds": list(fund_services.with_figures(fund.sub_funds.all()).order_by("name", "pk")),
            "is_office": policy_for(Fund).writes_all(request.user),
            "history": history_for(fund, limit=20),
        }
        return render(request, "investment/fund_detail.html", context)
