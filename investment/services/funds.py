"""Guidance funds' figures: per fund and for a mother fund with its sub-funds (set-based).

Leverage (杠杆) is the social capital a fund brings in per yuan of government money:
(size − government contribution) ÷ government contribution. For a mother fund and its
sub-funds together, the government money is the mother fund's own contribution (the
sub-funds' government share is the mother's money, already inside it), and the social
capital is what every fund of the family raised beyond its government share.
"""

from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, DecimalField, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from ..choices import FundKind, InvestmentStatus
from ..models import Fund, FundInvestment

TWO = Decimal("0.01")
ZERO = Value(Decimal("0"), output_field=DecimalField(max_digits=14, decimal_places=2))


def ratio(part, whole):
    if not whole:
        return None
    return (Decimal(part) / Decimal(whole)).quantize(TWO, rounding=ROUND_HALF_UP)


def with_figures(queryset=None):
    """Funds annotated with ``invested`` (万元), ``investment_count`` and ``listed_count``.

    (Not ``investments``: that is the reverse relation's name, and an annotation may not take it.)
    """
    queryset = Fund.objects.all() if queryset is None else queryset
    invested = (
        FundInvestment.objects.filter(fund=OuterRef("pk"))
        .values("fund")
        .annotate(total=Sum("amount"))
        .values("total")
    )
    return queryset.annotate(
        invested=Coalesce(Subquery(invested), ZERO),
        investment_count=Count("investments", distinct=True),
        listed_count=Count(
            "investments", filter=Q(investments__status=InvestmentStatus.LISTED), distinct=True
        ),
    )


def leverage(fund):
    return ratio(fund.size - fund.government_amount, fund.government_amount)


def family_totals(mother, funds=None):
    """A mother fund with its sub-funds: sizes, government money, social capital, leverage, investments.

    ``funds``: funds already read ``with_figures`` (a page showing every family reads them once);
    the mother's family is taken from them.
    """
    if funds is None:
        funds = list(with_figures(Fund.objects.filter(Q(pk=mother.pk) | Q(parent=mother))))
    else:
        funds = [fund for fund in funds if fund.pk == mother.pk or fund.parent_id == mother.pk]
    subs = [fund for fund in funds if fund.kind == FundKind.SUB]
    social = sum((fund.size - fund.government_amount for fund in funds), Decimal(0))
    return {
        "mother": next(fund for fund in funds if fund.pk == mother.pk),
        "sub_funds": subs,
        "sub_fund_size": sum((fund.size for fund in subs), Decimal(0)),
        "government": mother.government_amount,
        "social_capital": social,
        "leverage": ratio(social, mother.government_amount),
        "invested": sum((fund.invested for fund in funds), Decimal(0)),
        "investments": sum(fund.investment_count for fund in funds),
        "listed": sum(fund.listed_count for fund in funds),
    }
