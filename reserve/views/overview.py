from django.conf import settings
from django.shortcuts import render
from django.views import View

from liuyang.views import PolicyViewMixin
from projects.choices import ProjectType

from .. import selectors
from ..choices import ENTRY_STATUS_COLOURS, TIER_COLOURS, RoundStatus
from ..models import EvaluationRound, ReserveEntry
from .base import can_manage


class PoolOverviewView(PolicyViewMixin, View):
    """储备库总览: the pool by tier, status, type, industry and policy tag; due projects; recent moves."""

    model = ReserveEntry
    template_name = "reserve/overview.html"

    def get(self, request):
        self.require_view()
        context = selectors.pool_overview()
        colours = {
            "by_tier": TIER_COLOURS.get,
            "by_status": ENTRY_STATUS_COLOURS.get,
            "by_type": ProjectType.colour,
        }
        for key, colour in colours.items():
            for row in context[key]:
                row["colour"] = colour(row["value"])
        context.update(
            {
                "open_rounds": list(
                    EvaluationRound.objects.filter(status=RoundStatus.SCORING).order_by("-opened_on", "-pk")
                ),
                "due_months": settings.RESERVE_EVALUATION_DUE_MONTHS,
                "can_manage": can_manage(request.user, ReserveEntry),
            }
        )
        return render(request, self.template_name, context)
