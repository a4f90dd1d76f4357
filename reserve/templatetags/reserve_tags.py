"""Badge colours of the reserve pool's choices (tier, status, move, decision, plan category)."""

from django import template

from ..choices import ENTRY_STATUS_COLOURS, TIER_COLOURS

register = template.Library()

MOVE_COLOURS = {
    "enter": "primary",
    "restore": "primary",
    "change_tier": "info",
    "to_plan": "success",
    "remove": "dark",
    "keep": "secondary",
}
DECISION_COLOURS = {"to_plan": "success", "keep": "secondary", "change_tier": "info", "remove": "dark"}
CATEGORY_COLOURS = {"new_start": "primary", "continuing": "info", "completion": "success"}


@register.filter
def tier_colour(value):
    return TIER_COLOURS.get(value, "secondary")


@register.filter
def status_colour(value):
    return ENTRY_STATUS_COLOURS.get(value, "secondary")


@register.filter
def move_colour(value):
    return MOVE_COLOURS.get(value, "secondary")


@register.filter
def decision_colour(value):
    return DECISION_COLOURS.get(value, "light")


@register.filter
def category_colour(value):
    return CATEGORY_COLOURS.get(value, "secondary")
