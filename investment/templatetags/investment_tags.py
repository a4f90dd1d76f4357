"""Badges of the investment pages: a lead's stage colour and its overdue flag."""

from django import template

from ..choices import ElementStatus, InvestmentStatus, LeadStage, LinkStatus
from ..selectors import is_overdue

register = template.Library()


@register.filter
def stage_colour(stage):
    return LeadStage.colour(stage)


@register.filter
def link_colour(status):
    return LinkStatus.colour(status)


@register.filter
def element_colour(status):
    return ElementStatus.colour(status)


@register.filter
def investment_colour(status):
    return InvestmentStatus.colour(status)


@register.filter
def lead_overdue(lead, today):
    return is_overdue(lead, today)


@register.inclusion_tag("investment/_tabs.html", takes_context=True)
def investment_tabs(context, current):
    """The section's tabs; the lead pages only for those who read leads."""
    from liuyang.policies import policy_for

    from ..models import InvestmentLead

    user = context["request"].user
    return {"current": current, "reads_leads": policy_for(InvestmentLead).can_view(user)}
