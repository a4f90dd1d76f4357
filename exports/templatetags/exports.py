"""``{% export_button "key" %}``: a button that exports what the list shows, with its filters.

A list under an object's URL (a year's plan, a period's ranking) names the object as a
parameter the export reads: ``{% export_button "reserve_plan" year=plan.year %}``. A report
that is not the page's list (the leadership workbook on a dashboard) sends only its own
parameters: ``{% export_button "leadership" keep_query=False year=scope.year %}``."""

from django import template
from django.http import QueryDict
from django.urls import reverse

register = template.Library()


@register.inclusion_tag("exports/_button.html", takes_context=True)
def export_button(context, key, label="", keep_query=True, **fixed):
    request = context["request"]
    query = request.GET.copy() if keep_query else QueryDict(mutable=True)
    for name in ("page", "export"):
        query.pop(name, None)
    for name, value in fixed.items():
        query[name] = str(value)
    url = reverse("exports:start", args=[key])
    return {
        "url": f"{url}?{query.urlencode()}" if query else url,
        "label": label,
        "csrf_token": context.get("csrf_token"),
    }
