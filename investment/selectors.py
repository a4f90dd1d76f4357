"""What the map, the pipeline and the funds pages read: set-based, a fixed number of queries."""

import datetime
from decimal import Decimal

from django.db.models import Count, F, Prefetch, Q, Sum, Window
from django.db.models.functions import RowNumber
from django.utils import timezone

from liuyang.policies import policy_for

from .choices import OPEN_STAGES, PIPELINE, FundKind, LeadStage, LinkPosition, LinkStatus
from .models import ChainLink, Fund, FundInvestment, IndustryChain, InvestmentLead
from .services import funds as fund_services

POSITIONS = [LinkPosition.UPSTREAM, LinkPosition.MIDSTREAM, LinkPosition.DOWNSTREAM]
#: leads shown under each stage of the pipeline (the stage's count and totals cover them all)
PIPELINE_CARDS = 12
LEAD_CARD = InvestmentLead.objects.select_related("link__chain", "team", "owner")


def is_overdue(lead, today):
    return lead.stage in OPEN_STAGES and lead.next_step_due is not None and lead.next_step_due < today


def decorate_lead(lead, today):
    lead.stage_colour = LeadStage.colour(lead.stage)
    lead.overdue = is_overdue(lead, today)
    return lead


def open_lead_counts(user):
    """Open leads per link the user may see: ``{link_id: count}``, one aggregate query.
    None when the user may not read leads at all."""
    policy = policy_for(InvestmentLead)
    if not policy.can_view(user):
        return None
    rows = (
        policy.viewable(user, InvestmentLead.objects.filter(stage__in=OPEN_STAGES, link__isnull=False))
        .order_by()
        .values("link")
        .annotate(n=Count("pk"))
    )
    return {row["link"]: row["n"] for row in rows}


def industry_map(user):
    """Every chain with its links, upstream → midstream → downstream, and the open leads per link."""
    links = ChainLink.objects.order_by("sort_order", "pk")
    chains = list(IndustryChain.objects.select_related("industry").prefetch_related(Prefetch("links", links)))
    counts = open_lead_counts(user)
    order = {position: index for index, position in enumerate(POSITIONS)}
    for chain in chains:
        chain.map_links = sorted(
            chain.links.all(), key=lambda link: (order[link.position], link.sort_order, link.pk)
        )
        for link in chain.map_links:
            link.status_colour = LinkStatus.colour(link.status)
            link.open_leads = None if counts is None else counts.get(link.pk, 0)
        chain.weak_count = sum(1 for link in chain.map_links if link.status != LinkStatus.STRENGTH)
    return chains, counts is not None


#: what a pipeline card shows of a lead's relations
CARD_RELATED = ("team",)


def card_order(lead):
    """A stage's cards: the most urgent next step first (none last), then the latest updated."""
    due = lead.next_step_due
    return (due is None, due or datetime.date.min, -lead.updated_at.timestamp(), -lead.pk)


def pipeline(queryset, today=None, per_stage=PIPELINE_CARDS):
    """The pipeline by stage: count, intended investment (万元) and overdue leads per stage from one
    aggregate query; the first ``per_stage`` leads of each stage (most urgent next step first) from
    one windowed query."""
    today = today or timezone.localdate()
    overdue = Q(stage__in=OPEN_STAGES, next_step_due__lt=today)
    totals = {
        row["stage"]: row
        for row in queryset.order_by()
        .values("stage")
        .annotate(n=Count("pk"), total=Sum("intended_investment"), overdue=Count("pk", filter=overdue))
    }
    # Rank the lead ids alone (no joins), then read only the kept leads with their link, team and
    # owner: joining every lead before keeping a dozen per stage grew with the leads (docs/bench.md).
    ranked_ids = (
        queryset.order_by()
        .annotate(
            place=Window(
                RowNumber(),
                partition_by=[F("stage")],
                order_by=[F("next_step_due").asc(nulls_last=True), F("updated_at").desc(), F("pk").desc()],
            )
        )
        .filter(place__lte=per_stage)
        .values("pk")
    )
    cards = {}
    kept = queryset.model._default_manager.filter(pk__in=ranked_ids).select_related(*CARD_RELATED)
    for lead in sorted(kept, key=card_order):
        cards.setdefault(lead.stage, []).append(decorate_lead(lead, today))
    stages = []
    for stage in [*PIPELINE, LeadStage.DROPPED]:
        row = totals.get(stage, {})
        total = row.get("total") or Decimal(0)
        stages.append(
            {
                "value": stage,
                "label": LeadStage(stage).label,
                "colour": LeadStage.colour(stage),
                "count": row.get("n", 0),
                "total": total,
                "total_yi": total / Decimal(10000),
                "overdue": row.get("overdue", 0),
                "leads": cards.get(stage, []),
                "collapsed": stage == LeadStage.DROPPED,
            }
        )
    open_stages = [s for s in stages if s["value"] in OPEN_STAGES]
    summary = {
        "open_count": sum(s["count"] for s in open_stages),
        "open_total": sum((s["total"] for s in open_stages), Decimal(0)),
        "overdue": sum(s["overdue"] for s in stages),
    }
    summary["open_total_yi"] = summary["open_total"] / Decimal(10000)
    return stages, summary


def funds_page():
    """Every mother fund with its sub-funds, figures and investments: three queries."""
    funds = list(
        fund_services.with_figures(Fund.objects.select_related("parent"))
        .prefetch_related("focus_industries")
        .order_by("kind", "name", "pk")
    )
    investments = {}
    for investment in FundInvestment.objects.select_related("project").order_by("-invested_on", "pk"):
        investments.setdefault(investment.fund_id, []).append(investment)
    for fund in funds:
        fund.leverage_ratio = fund_services.leverage(fund)
        fund.investment_rows = investments.get(fund.pk, [])
    mothers = [fund for fund in funds if fund.kind == FundKind.MOTHER]
    families = [fund_services.family_totals(mother, funds) for mother in mothers]
    orphans = [fund for fund in funds if fund.kind == FundKind.SUB and fund.parent_id is None]
    return families, orphans
