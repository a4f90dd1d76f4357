"""What the approvals API returns, and the plain fields the office edits in the catalogue,
the working-day calendar and the dishonesty list.

Cases, tasks and supplements change only through ``approvals.services``; the bodies of
those actions are in ``approvals/api/inputs.py``. Working days are counted by
``approvals.workdays.WorkCalendar``; percentages are decimal strings.
"""

from .calendar import (
    DishonestApplicantSerializer,
    WorkdayAnswerSerializer,
    WorkdayExceptionSerializer,
    WorkdayOverrideSerializer,
)
from .cases import (
    ApprovalCaseSerializer,
    ApprovalTaskSerializer,
    NoticeSerializer,
    SupplementSerializer,
    TaskMoveSerializer,
)
from .catalogue import ApprovalItemSerializer, ApprovalStageSerializer, ItemMaterialSerializer
from .statistics import ApprovalStatisticsSerializer

__all__ = [
    "ApprovalCaseSerializer",
    "ApprovalItemSerializer",
    "ApprovalStageSerializer",
    "ApprovalStatisticsSerializer",
    "ApprovalTaskSerializer",
    "DishonestApplicantSerializer",
    "ItemMaterialSerializer",
    "NoticeSerializer",
    "SupplementSerializer",
    "TaskMoveSerializer",
    "WorkdayAnswerSerializer",
    "WorkdayExceptionSerializer",
    "WorkdayOverrideSerializer",
]
