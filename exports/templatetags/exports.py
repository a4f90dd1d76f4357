"""``{% export_button "key" %}``: a button that exports what the list shows, with its filters."""

from django import template
from django.urls import reverse

register = template.Library()


@register.inclusion_tag("exports/_button.html", takes_context=True)
def export_button(context, key, label=""):
    request = context["request"]
    query = request.GET.copy()
    for name in ("page", "export"):
        query.pop(name, None)
    url = reverse("exports:start", args=[key])
    return {
        "url": f"{url}?{query.urlencode()}" if query else url,
        "label": label,
        "csrf_token": context.get("csrf_token"),
    }
