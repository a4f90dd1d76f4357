"""The scoring engine: each rule kind turns a figure into points, with the reason in words.

Rules are data (``Indicator.rule`` + ``Indicator.params``); this module knows how
to apply them and nothing about the database, so each kind is tested at its
edges directly. Points are Decimal, rounded to 0.01.

- ratio: ``base`` points at ``target`` (e.g. 100 % of the year's plan); below it
  ``below_per_point`` is taken off per point; above it each band of ``bonus``
  ([[up to, per point], …, [null, per point]]) adds per point; the adjustment is
  capped at ±``cap``; the result stays within 0 … weight. (The city award scheme in
  DOMAIN-PRACTICE: 25 at 100 %, −0.1 per point below, +0.2 per point to 130 %,
  +0.1 beyond, capped at ±10.)
- banded: ``bands`` [[at least, points], …] from the highest threshold down; the
  first the figure reaches gives the points (``otherwise`` if none).
- deduction: the weight minus ``per_event`` per event, not below ``floor`` (0).
- veto (一票否决): no points of its own; a figure ≥ ``threshold`` (1) sets the whole
  score to ``score`` (0).
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

TWO = Decimal("0.01")


def d(value):
    return value if isinstance(value, Decimal) else Decimal(str(value))


def q(value):
    return d(value).quantize(TWO, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Scored:
    points: Decimal
    why: str
    veto: bool = False


def ratio(figure, weight, params):
    target, base = d(params.get("target", 100)), d(params["base"])
    below = d(params.get("below_per_point", 0))
    cap = d(params["cap"]) if params.get("cap") is not None else None
    figure = d(figure)
    if figure < target:
        adjustment = -(target - figure) * below
        why = f"{figure}% 低于目标 {target}%，每低 1 个百分点扣 {below} 分"
    else:
        adjustment, start, parts = Decimal(0), target, []
        for upto, per_point in params.get("bonus", []):
            end = figure if upto is None else min(figure, d(upto))
            if end > start:
                adjustment += (end - start) * d(per_point)
                parts.append(f"{start}–{end}% 每点加 {per_point} 分")
                start = end
            if upto is not None and figure <= d(upto):
                break
        why = f"{figure}% 达到目标 {target}%" + (f"（{'；'.join(parts)}）" if parts else "")
    if cap is not None and abs(adjustment) > cap:
        adjustment = cap if adjustment > 0 else -cap
        why += f"，增减封顶 {cap} 分"
    points = min(max(base + adjustment, Decimal(0)), d(weight))
    return Scored(q(points), f"{why}：基准 {base} 分，得 {q(points)} 分")


def banded(figure, weight, params):
    figure = d(figure)
    for threshold, points in sorted(params["bands"], key=lambda band: d(band[0]), reverse=True):
        if figure >= d(threshold):
            points = min(d(points), d(weight))
            return Scored(q(points), f"{figure} 达到 {threshold} 档：{q(points)} 分")
    otherwise = d(params.get("otherwise", 0))
    return Scored(q(otherwise), f"{figure} 未达最低档：{q(otherwise)} 分")


def deduction(figure, weight, params):
    events = int(d(figure))
    per_event, floor = d(params["per_event"]), d(params.get("floor", 0))
    points = max(d(weight) - per_event * events, floor)
    return Scored(q(points), f"{events} 次，每次扣 {per_event} 分：{q(points)} 分")


def veto(figure, weight, params):
    threshold = d(params.get("threshold", 1))
    if d(figure) >= threshold:
        return Scored(Decimal("0.00"), f"发生 {int(d(figure))} 次，一票否决", veto=True)
    return Scored(Decimal("0.00"), "未发生，不否决")


RULES = {"ratio": ratio, "banded": banded, "deduction": deduction, "veto": veto}

#: the parameters each rule needs, for validating what the office enters
REQUIRED_PARAMS = {"ratio": ("base",), "banded": ("bands",), "deduction": ("per_event",), "veto": ()}


def score(rule, figure, weight, params):
    """Points for one indicator; a missing figure scores 0 (veto: no veto) and says so."""
    if figure is None:
        return Scored(Decimal("0.00"), "缺少数据，暂计 0 分")
    return RULES[rule](figure, weight, params)


def total(scored, veto_score=Decimal("0")):
    """The score of a project: the sum of its points, or the veto score if any indicator vetoes."""
    if any(item.veto for item in scored):
        return q(veto_score), True
    return q(sum((item.points for item in scored), Decimal(0))), False


def grade(points, bands):
    """The grade for a score from ``bands`` [(grade, at least), …] (settings ASSESSMENT_GRADE_BANDS)."""
    ordered = sorted(bands, key=lambda band: d(band[1]), reverse=True)
    for name, threshold in ordered:
        if d(points) >= d(threshold):
            return name
    return ordered[-1][0] if ordered else ""
