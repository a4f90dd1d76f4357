"""Template helpers of the task-force pages: lights, their reasons, shares of a plan."""

from decimal import Decimal, InvalidOperation

from django import template

from ..choices import Light
from ..services import lights

register = template.Library()


@register.filter
def light_colour(code):
    return Light.colour(code or Light.NONE)


@register.filter
def light_label(code):
    try:
        return Light(code or Light.NONE).label
    except ValueError:
        return code


@register.filter
def light_reasons(project):
    """Why a project (annotated by ``with_lights``) has its light, in words (no query)."""
    reasons = getattr(project, "light_reasons", None)
    return reasons if reasons is not None else lights.reasons(project)


@register.filter
def share(part, whole):
    """``part`` as a whole percentage of ``whole`` (0 when there is no whole), for progress bars."""
    try:
        part, whole = Decimal(str(part or 0)), Decimal(str(whole or 0))
    except (InvalidOperation, ValueError):
        return 0
    if whole <= 0:
        return 0
    return int(part * 100 / whole)


@register.filter
def capped(value, limit=100):
    return min(int(value or 0), int(limit))
