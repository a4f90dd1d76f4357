"""Cases (申报件), supplements (容缺补齐) and tasks (审批任务), under /api/.

Intake and every move go through ``approvals.services``: a refusal there is a 403, a
rule broken a 400 keyed by field (nothing saved), a stale ``version`` a 409. Cases,
tasks and supplements are never edited or deleted as records. Reads follow the
policies: the office and city leaders see everything, a service commissioner their
projects' cases, a department its own tasks and the cases holding them.
"""

from django.db import transaction
from django.db.models import Prefetch
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from liuyang.exceptions import ConflictError
from liuyang.policies import policy_for

from ..choices import IntakeOutcome
from ..filtersets import ApprovalCaseFilterSet, ApprovalTaskFilterSet, SupplementFilterSet
from ..models import ApprovalCase, ApprovalTask, CaseMaterial, Supplement, TaskMove
from ..services import handling, intake
from .base import IntakeViewSet, ScopedReadViewSet, TaskActionPermission
from .inputs import (
    ApproveSerializer,
    IntakeSerializer,
    ResubmitSerializer,
    SupplySerializer,
    TaskReasonSerializer,
    VersionSerializer,
)
from .serializers import (
    ApprovalCaseSerializer,
    ApprovalTaskSerializer,
    NoticeSerializer,
    SupplementSerializer,
    TaskMoveSerializer,
)

SUPPLEMENT_LINES = Supplement.objects.select_related("material__item").order_by("deadline", "pk")
UPLOADS = CaseMaterial.objects.select_related("material", "uploaded_by")


@extend_schema_view(
    list=extend_schema(summary="申报件列表"),
    retrieve=extend_schema(summary="申报件详情（任务、容缺材料、缺少的材料、办理结果）"),
)
class ApprovalCaseViewSet(IntakeViewSet):
    """Cases submitted once at the single window (一网通办), with intake's decision, the
    parallel tasks the reader may see, the materials accepted on promise, and the unified
    result. POST (multipart/form-data) submits a new case."""

    queryset = ApprovalCase.objects.select_related("project", "stage", "submitted_by").prefetch_related(
        "items", Prefetch("supplements", queryset=SUPPLEMENT_LINES), Prefetch("materials", queryset=UPLOADS)
    )
    serializer_class = ApprovalCaseSerializer
    filterset_class = ApprovalCaseFilterSet
    parser_classes = [MultiPartParser, FormParser]
    inputs = {"create": IntakeSerializer}
    outputs = {"notice": NoticeSerializer}

    def get_queryset(self):
        tasks = policy_for(ApprovalTask).viewable(
            self.request.user, ApprovalTask.objects.select_related("item", "department").order_by("pk")
        )
        return (
            super()
            .get_queryset()
            .prefetch_related(Prefetch("tasks", queryset=tasks, to_attr="visible_tasks"))
        )

    @extend_schema(
        summary="一窗受理：提交申报件（受理 / 容缺受理 / 不予受理）",
        request={"multipart/form-data": IntakeSerializer},
        responses={201: ApprovalCaseSerializer},
    )
    def create(self, request, *args, **kwargs):
        """Submit a case and decide intake at once (the office, or the project's service
        commissioner). The answer is 201 with the case whatever the outcome: a case not
        accepted (不予受理) lists in ``missing`` what is missing. A bad request (unknown
        item, item of another stage, bad file, bad deadline) is a 400 and saves nothing."""
        data = self.parse()
        case = intake.submit_case(
            request.user,
            project=data["project"],
            stage=data["stage"],
            items=data.get("items", []),
            uploads=data["uploads"],
            applicant_name=data["applicant_name"],
            applicant_credit_code=data["applicant_credit_code"],
            legal_representative=data["legal_representative"],
            contact_person=data["contact_person"],
            contact_phone=data["contact_phone"],
            promise_signed_by=data["promise_signed_by"],
            promise_letter=data.get("promise_letter"),
            supplement_deadlines=data["supplement_deadlines"],
        )
        return self.answer(case, status.HTTP_201_CREATED)

    @extend_schema(summary="容缺受理通知书", responses={200: NoticeSerializer})
    @action(detail=True, methods=["get"])
    def notice(self, request, pk=None):
        """The notice of acceptance with deficiencies (容缺受理通知书) of a case accepted on
        promise: the materials to supply, their deadlines, the form and the consequence of
        lateness. Other cases have none (404)."""
        case = self.get_object()
        if case.intake_outcome != IntakeOutcome.DEFICIENT:
            raise Http404(_("该申报件不是容缺受理，没有容缺受理通知书。"))
        return Response(NoticeSerializer(intake.notice(case)).data)


@extend_schema_view(
    list=extend_schema(summary="容缺补齐事项列表"), retrieve=extend_schema(summary="容缺补齐事项详情")
)
class SupplementViewSet(ScopedReadViewSet):
    """The secondary materials accepted on promise (容缺), each due by its deadline. The
    applicant's side (the office, the project's service commissioner) supplies them."""

    queryset = Supplement.objects.select_related(
        "case__project",
        "task__item",
        "task__department",
        "material",
        "upload__material__item",
        "upload__uploaded_by",
    )
    serializer_class = SupplementSerializer
    filterset_class = SupplementFilterSet
    inputs = {"supply": SupplySerializer}

    @extend_schema(
        summary="补齐容缺材料",
        request={"multipart/form-data": SupplySerializer},
        responses={200: SupplementSerializer},
    )
    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser, FormParser])
    def supply(self, request, pk=None):
        """Upload the promised material (multipart field ``file``: PDF, JPEG or PNG). A task
        suspended for it resumes. Past the grace period the case has been returned and the
        supply is refused (400)."""
        supplement = self.get_object()
        handling.supply(request.user, supplement, upload=self.parse()["file"])
        return self.answer(supplement)


TASKS = ApprovalTask.objects.select_related(
    "case__project", "case__stage", "item", "department"
).prefetch_related(Prefetch("supplements", queryset=SUPPLEMENT_LINES))


def task_action(summary, request=VersionSerializer, **kwargs):
    return extend_schema(summary=summary, request=request, responses={200: ApprovalTaskSerializer}, **kwargs)


@extend_schema_view(
    list=extend_schema(summary="审批任务列表"), retrieve=extend_schema(summary="审批任务详情（含容缺材料）")
)
class ApprovalTaskViewSet(ScopedReadViewSet):
    """The parallel tasks (并联审批): one per item of an accepted case, at its department.

    The department moves its own tasks (start, approve, reject, return for correction);
    the office supervises but does not approve. The applicant's side resubmits a task
    returned for correction. Each action takes the ``version`` you read: a task moved
    since answers 409 and is left as it is.
    """

    queryset = TASKS
    serializer_class = ApprovalTaskSerializer
    filterset_class = ApprovalTaskFilterSet
    permission_classes = [TaskActionPermission]
    inputs = {
        "start": VersionSerializer,
        "approve": ApproveSerializer,
        "reject": TaskReasonSerializer,
        "return_task": TaskReasonSerializer,
        "resubmit": ResubmitSerializer,
    }
    outputs = {"moves": TaskMoveSerializer}

    @task_action("开始审查")
    @action(detail=True, methods=["post"])
    def start(self, request, pk=None):
        """The department takes the task up (待审查 → 审查中)."""
        task = self.get_object()
        handling.start_review(request.user, task, expected_version=self.parse().get("version"))
        return self.answer(task)

    @task_action("准予许可", ApproveSerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        """Approve with the document number (批文/证照编号). Refused (400) while a material
        accepted on promise is outstanding. The last answer of a case gives its result."""
        task = self.get_object()
        data = self.parse()
        handling.approve(
            request.user,
            task,
            document_number=data["document_number"],
            note=data["note"],
            expected_version=data.get("version"),
        )
        return self.answer(task)

    @task_action("不予许可", TaskReasonSerializer)
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        """Refuse the item, with the reason (不予许可)."""
        task = self.get_object()
        data = self.parse()
        handling.reject(request.user, task, reason=data["reason"], expected_version=data.get("version"))
        return self.answer(task)

    @task_action("退回补正", TaskReasonSerializer)
    @action(detail=True, methods=["post"], url_path="return", url_name="return")
    def return_task(self, request, pk=None):
        """Send the task back to the applicant for correction (退回补正), saying what to
        correct; its clock stops until the correction comes."""
        task = self.get_object()
        data = self.parse()
        handling.return_for_correction(
            request.user, task, reason=data["reason"], expected_version=data.get("version")
        )
        return self.answer(task)

    @task_action("提交补正材料（申请人一方）", {"multipart/form-data": ResubmitSerializer})
    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser, FormParser])
    def resubmit(self, request, pk=None):
        """The applicant's side (the office, the project's service commissioner) sends the
        corrected materials (``material_<id>`` files) and/or a note; review goes on."""
        task = self.get_object()
        data = self.parse()
        with transaction.atomic():
            # The service takes no version: check it under the same row lock it takes.
            locked = ApprovalTask.objects.select_for_update().get(pk=task.pk)
            if data.get("version") is not None and data["version"] != locked.version:
                raise ConflictError()
            handling.resubmit_correction(request.user, locked, uploads=data["uploads"], note=data["note"])
        return self.answer(task)

    @extend_schema(summary="任务流转记录", responses={200: TaskMoveSerializer(many=True)})
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def moves(self, request, pk=None):
        """Every move of the task, oldest first: who, when, from which status to which."""
        task = self.get_object()
        moves = TaskMove.objects.filter(task=task).select_related("actor").order_by("at", "pk")
        return Response(TaskMoveSerializer(moves, many=True).data)
