"""The industry map (产业地图) and the pipeline by stage (招商进度)."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from approvals.views.base import require
from liuyang.policies import policy_for

from ..choices import LinkStatus
from ..filtersets import PipelineFilterSet
from ..models import IndustryChain, InvestmentLead
from ..selectors import LEAD_CARD, industry_map, pipeline


class IndustryMapView(LoginRequiredMixin, View):
    """Each chain as a row of links coloured by local status, with the open leads per link."""

    def get(self, request):
        require(policy_for(IndustryChain).can_view(request.user), _("您没有查看产业地图的权限。"))
        chains, shows_leads = industry_map(request.user)
        context = {
            "chains": chains,
            "shows_leads": shows_leads,
            "statuses": [(value, label, LinkStatus.colour(value)) for value, label in LinkStatus.choices],
            "can_edit_map": policy_for(IndustryChain).writes_all(request.user),
        }
        return render(request, "investment/map.html", context)


class PipelineView(LoginRequiredMixin, View):
    """Leads by stage: counts and intended investment per stage, overdue next steps flagged."""

    def get(self, request):
        policy = policy_for(InvestmentLead)
        require(policy.can_view(request.user), _("只有市重点办、市级领导和招商小分队可以查看招商线索。"))
        filterset = PipelineFilterSet(request.GET, queryset=policy.viewable(request.user, LEAD_CARD.all()))
        status = 200
        if filterset.is_valid():
            queryset = filterset.qs
        else:
            queryset, status = InvestmentLead.objects.none(), 400
        stages, summary = pipeline(queryset, timezone.localdate())
        query = request.GET.copy()
        context = {
            "filterset": filterset,
            "filter_errors": filterset.errors if status == 400 else {},
            "stages": stages,
            "summary": summary,
            "querystring": query.urlencode(),
            "can_add": policy.can_add(request.user),
        }
        return render(request, "investment/pipeline.html", context, status=status)
