"""The base FilterSet: one per model, serving the list page, the API and exports.

Unknown query parameters are an error (400), not silently ignored, so a typo
in a filter never returns an unfiltered list that looks filtered.
"""

import django_filters
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.forms.utils import ErrorDict
from django.utils.translation import gettext_lazy as _

#: query parameters that are not filters but belong to lists
PASSTHROUGH_PARAMS = frozenset({"page", "page_size", "format", "export"})


class StableOrderingFilter(django_filters.OrderingFilter):
    """Sort by the chosen columns, then by a unique tiebreaker.

    Without the tiebreaker, rows with equal values (same stage, same date) may
    change places between two page requests, so paging repeats or skips rows.
    """

    def __init__(self, *args, tiebreaker="pk", **kwargs):
        self.tiebreaker = tiebreaker
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        if not value:
            return qs
        ordering = [self.get_ordering_value(param) for param in value]
        return qs.order_by(*ordering, self.tiebreaker)


class StrictFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("搜索"))

    #: fields searched by ``q`` (icontains)
    search_fields = ()

    def unknown_params(self):
        if not self.data:
            return []
        return sorted(set(self.data.keys()) - set(self.filters) - PASSTHROUGH_PARAMS)

    def is_valid(self):
        return super().is_valid() and not self.unknown_params()

    @property
    def errors(self):
        errors = ErrorDict(self.form.errors)
        for name in self.unknown_params():
            # the name as a parameter, not formatted in: django-filter's API path applies ``%``
            # to the message again, and a name with "%" in it was a 500
            unknown = ValidationError(_("未知的筛选参数“%(name)s”。"), code="unknown", params={"name": name})
            errors[name] = self.form.error_class([unknown])
        return errors

    def search(self, queryset, name, value):
        value = value.strip()
        if not value or not self.search_fields:
            return queryset
        q = Q()
        for field in self.search_fields:
            q |= Q(**{f"{field}__icontains": value})
        return queryset.filter(q)


def filtered(filterset):
    """The filterset's rows; a ValidationError keyed by parameter where the list page answers 400.

    The list page and its export (``exports.registry.ListExport``) both call this, so an export
    refuses exactly the query strings the page refuses.
    """
    if not filterset.is_valid():
        raise ValidationError({name: list(errors) for name, errors in filterset.errors.items()})
    return filterset.qs


def check_params(params, allowed=()):
    """A list without a FilterSet: parameters other than ``allowed`` (and paging) are an error."""
    unknown = sorted(set(params.keys()) - set(allowed) - PASSTHROUGH_PARAMS)
    if unknown:
        raise ValidationError({name: [_("未知的筛选参数“%(name)s”。") % {"name": name}] for name in unknown})
