"""What the reserve API returns (and the few plain fields it lets the office edit).

The pool's state (tier, status, plan membership, scores, decisions) changes only
through ``reserve.services``; the bodies of those actions are in ``inputs.py``.
Money in 万元 (decimal strings); weights in per cent (decimal strings).
"""

from .common import ProjectSummarySerializer, UserSummarySerializer
from .evaluation import (
    CriterionAverageSerializer,
    EvaluationCriterionSerializer,
    EvaluationRoundDetailSerializer,
    EvaluationRoundSerializer,
    RoundCriterionSerializer,
    RoundResultSerializer,
    ScoreSerializer,
)
from .plan import (
    AnnualPlanDetailSerializer,
    AnnualPlanItemSerializer,
    AnnualPlanSerializer,
    PlanTotalsSerializer,
)
from .pool import (
    EntryMoveSerializer,
    ReserveEntryDetailSerializer,
    ReserveEntrySerializer,
    ReserveMoveSerializer,
)

__all__ = [
    "AnnualPlanDetailSerializer",
    "AnnualPlanItemSerializer",
    "AnnualPlanSerializer",
    "CriterionAverageSerializer",
    "EntryMoveSerializer",
    "EvaluationCriterionSerializer",
    "EvaluationRoundDetailSerializer",
    "EvaluationRoundSerializer",
    "PlanTotalsSerializer",
    "ProjectSummarySerializer",
    "ReserveEntryDetailSerializer",
    "ReserveEntrySerializer",
    "ReserveMoveSerializer",
    "RoundCriterionSerializer",
    "RoundResultSerializer",
    "ScoreSerializer",
    "UserSummarySerializer",
]
