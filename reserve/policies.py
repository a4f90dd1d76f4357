"""Who may do what in the reserve pool: the office manages the pool, rounds and plan;
evaluators the office names score (checked in ``services.can_score``); everyone
with a role reads."""

from accounts.roles import Role
from liuyang.policies import ObjectPolicy, register

from .models import (
    AnnualPlan,
    AnnualPlanItem,
    EvaluationCriterion,
    EvaluationRound,
    ReserveEntry,
    ReserveMove,
    RoundItem,
    Score,
)

OFFICE = frozenset({Role.KEY_OFFICE})
NOBODY = frozenset()


@register
class ReserveEntryPolicy(ObjectPolicy):
    model = ReserveEntry
    # Entries are never deleted: removal (调整出库) keeps the record.
    delete_roles = NOBODY


@register
class ReserveMovePolicy(ObjectPolicy):
    """Moves are written only by the services, as a side effect of an action."""

    model = ReserveMove
    write_all_roles = add_roles = delete_roles = NOBODY


@register
class EvaluationCriterionPolicy(ObjectPolicy):
    model = EvaluationCriterion


@register
class EvaluationRoundPolicy(ObjectPolicy):
    model = EvaluationRound
    delete_roles = NOBODY


@register
class RoundItemPolicy(ObjectPolicy):
    model = RoundItem
    add_roles = delete_roles = NOBODY


@register
class ScorePolicy(ObjectPolicy):
    """Scores are written by the round's named evaluators only (services.record_scores)."""

    model = Score
    write_all_roles = add_roles = delete_roles = NOBODY


@register
class AnnualPlanPolicy(ObjectPolicy):
    model = AnnualPlan
    delete_roles = NOBODY


@register
class AnnualPlanItemPolicy(ObjectPolicy):
    model = AnnualPlanItem
