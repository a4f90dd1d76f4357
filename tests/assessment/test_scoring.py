"""Each scoring rule at its edges: the ratio's base, bonus bands and cap, bands, deductions, veto."""

from decimal import Decimal

import pytest

from assessment import scoring

D = Decimal
CITY_RULE = {"target": 100, "base": 25, "below_per_point": 0.1, "bonus": [[130, 0.2], [None, 0.1]], "cap": 10}


@pytest.mark.parametrize(
    "figure, points",
    [
        (100, "25.00"),  # the plan met: the base
        (90, "24.00"),  # 10 points below: −0.1 each
        (0, "15.00"),  # 100 below would be −10: the cap holds it at −10
        (110, "27.00"),  # +0.2 per point up to 130 %
        (130, "31.00"),
        (140, "32.00"),  # beyond 130 %: +0.1 per point
        (200, "35.00"),  # +13 would exceed the cap of +10
    ],
)
def test_the_ratio_rule_base_bonus_bands_and_cap(figure, points):
    assert scoring.ratio(figure, 40, CITY_RULE).points == D(points)


def test_the_ratio_rule_never_exceeds_the_weight_or_goes_below_zero():
    rule = {"target": 100, "base": 50, "bonus": [[None, 1]], "below_per_point": 2}
    assert scoring.ratio(150, 50, rule).points == D("50.00")
    assert scoring.ratio(0, 50, rule).points == D("0.00")


def test_the_banded_rule_takes_the_highest_band_reached():
    rule = {"bands": [[60, 15], [100, 25], [80, 20]], "otherwise": 5}
    assert scoring.banded(100, 25, rule).points == D("25.00")
    assert scoring.banded("99.99", 25, rule).points == D("20.00")
    assert scoring.banded(80, 25, rule).points == D("20.00")
    assert scoring.banded(59, 25, rule).points == D("5.00")


def test_the_deduction_rule_takes_per_event_and_stops_at_the_floor():
    assert scoring.deduction(0, 20, {"per_event": 2}).points == D("20.00")
    assert scoring.deduction(3, 20, {"per_event": 2}).points == D("14.00")
    assert scoring.deduction(15, 20, {"per_event": 2}).points == D("0.00")


def test_a_veto_sets_the_whole_score():
    vetoed = scoring.veto(1, 0, {"threshold": 1})
    fine = scoring.veto(0, 0, {"threshold": 1})
    assert vetoed.veto and not fine.veto
    assert scoring.total([scoring.Scored(D(90), ""), fine]) == (D("90.00"), False)
    assert scoring.total([scoring.Scored(D(90), ""), vetoed]) == (D("0.00"), True)


def test_a_missing_figure_scores_nothing_and_says_so():
    result = scoring.score("ratio", None, 40, CITY_RULE)
    assert result.points == 0 and "缺少数据" in result.why


@pytest.mark.parametrize(
    "points, grade", [(90, "excellent"), ("89.99", "good"), (80, "good"), (60, "pass"), (59, "fail")]
)
def test_grade_bands(points, grade):
    bands = [("excellent", 90), ("good", 80), ("pass", 60), ("fail", 0)]
    assert scoring.grade(points, bands) == grade
