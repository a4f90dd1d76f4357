"""The reserve API (精准谋划), under /api/reserve/.

Reads are viewsets over the same FilterSets as the pages. Every change of the
pool's state is an action that calls ``reserve.services`` — which checks the
user's right, saves atomically and records the move with its reason — so the
views here only parse the body and answer with the changed object.
"""

import re
from decimal import Decimal

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Count, DecimalField, Prefetch, Q, Sum, Value
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response

from liuyang.api.viewsets import PolicyModelViewSet
from liuyang.policies import policy_for
from reserve import services
from reserve.filtersets import (
    AnnualPlanItemFilterSet,
    EvaluationRoundFilterSet,
    ReserveEntryFilterSet,
    ReserveMoveFilterSet,
)
from reserve.models import (
    AnnualPlan,
    AnnualPlanItem,
    EvaluationCriterion,
    EvaluationRound,
    ReserveEntry,
    ReserveMove,
    RoundCriterion,
    RoundItem,
    Score,
)

from .filtersets import AnnualPlanFilterSet, EvaluationCriterionFilterSet, ScoreFilterSet
from .inputs import (
    ChangeTierSerializer,
    DecisionSerializer,
    DirectPlanItemSerializer,
    EnterPoolSerializer,
    OpenRoundSerializer,
    PlanPlacementSerializer,
    ReasonSerializer,
    RestoreSerializer,
    ScoreSheetSerializer,
)
from .permissions import ScorePermission
from .serializers import (
    AnnualPlanDetailSerializer,
    AnnualPlanItemSerializer,
    AnnualPlanSerializer,
    EvaluationCriterionSerializer,
    EvaluationRoundDetailSerializer,
    EvaluationRoundSerializer,
    ReserveEntryDetailSerializer,
    ReserveEntrySerializer,
    ReserveMoveSerializer,
    ScoreSerializer,
)

READ = ["get", "head", "options"]


class ReserveViewSet(PolicyModelViewSet):
    """A policy viewset whose actions take their own bodies (``inputs``) and answer with the
    object read afresh through the viewset's queryset (annotations and prefetches included)."""

    #: action → serializer of its request body
    inputs = {}
    #: action → serializer of its answer, where it is not ``serializer_class``
    outputs = {}

    def get_serializer_class(self):
        return self.inputs.get(self.action) or self.outputs.get(self.action) or self.serializer_class

    def parse(self):
        serializer = self.inputs[self.action](data=self.request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data

    def fresh(self, obj, queryset=None):
        return (queryset if queryset is not None else self.get_queryset()).get(pk=obj.pk)

    def answer(self, obj, serializer_class, status_code=status.HTTP_200_OK):
        return Response(serializer_class(obj, context=self.get_serializer_context()).data, status=status_code)

    def perform_create(self, serializer):
        super().perform_create(serializer)
        serializer.instance = self.fresh(serializer.instance)

    def perform_update(self, serializer):
        super().perform_update(serializer)
        serializer.instance = self.fresh(serializer.instance)


# -- the pool ---------------------------------------------------------------------------

ENTRY_MOVES = Prefetch("moves", queryset=ReserveMove.objects.select_related("actor"))
PLAN_ITEMS = AnnualPlanItem.objects.select_related(
    "plan", "project__industry", "project__town", "evaluation_round", "added_by"
)


@extend_schema_view(
    list=extend_schema(summary="储备项目列表"),
    retrieve=extend_schema(summary="储备项目详情（含变动记录）"),
    create=extend_schema(
        summary="入库（或已出库项目重新入库）",
        request=EnterPoolSerializer,
        responses={201: ReserveEntryDetailSerializer},
    ),
    update=extend_schema(summary="修改责任单位、责任人、时间节点、预期目标"),
    partial_update=extend_schema(summary="修改责任单位、责任人、时间节点、预期目标（部分）"),
)
class ReserveEntryViewSet(ReserveViewSet):
    """The reserve pool (项目储备库): near-, mid- and long-term projects.

    Tier and status change only through the actions below, each with a required
    reason and recorded as a move. PUT / PATCH change the plain fields
    (responsible unit and person, time nodes, goals; an optional ``reason`` goes
    into the history); sending ``tier``, ``status`` or ``project`` is refused.
    Entries are never deleted: removal (调整出库) keeps the record.
    """

    queryset = ReserveEntry.objects.select_related("project__industry", "project__town", "responsible_unit")
    serializer_class = ReserveEntrySerializer
    filterset_class = ReserveEntryFilterSet
    http_method_names = [*READ, "post", "put", "patch"]
    inputs = {
        "create": EnterPoolSerializer,
        "change_tier": ChangeTierSerializer,
        "remove": ReasonSerializer,
        "restore": RestoreSerializer,
        "add_to_plan": PlanPlacementSerializer,
    }
    outputs = {"retrieve": ReserveEntryDetailSerializer}

    def get_queryset(self):
        queryset = super().get_queryset()
        return queryset.prefetch_related(ENTRY_MOVES) if self.action == "retrieve" else queryset

    def answer_entry(self, entry, status_code=status.HTTP_200_OK):
        entry = self.fresh(entry, super().get_queryset().prefetch_related(ENTRY_MOVES))
        return self.answer(entry, ReserveEntryDetailSerializer, status_code)

    def create(self, request, *args, **kwargs):
        entry = services.enter_pool(actor=request.user, **self.parse())
        return self.answer_entry(entry, status.HTTP_201_CREATED)

    @extend_schema(summary="调整层级", responses={200: ReserveEntryDetailSerializer})
    @action(detail=True, methods=["post"], url_path="change-tier")
    def change_tier(self, request, pk=None):
        """Move an in-pool entry to another tier (调整层级)."""
        entry = self.get_object()
        data = self.parse()
        services.change_tier(entry, data["new_tier"], reason=data["reason"], actor=request.user)
        return self.answer_entry(entry)

    @extend_schema(summary="调整出库", responses={200: ReserveEntryDetailSerializer})
    @action(detail=True, methods=["post"])
    def remove(self, request, pk=None):
        """Take an in-pool entry out of the pool (调整出库); it stays on record as 已出库."""
        entry = self.get_object()
        services.remove(entry, reason=self.parse()["reason"], actor=request.user)
        return self.answer_entry(entry)

    @extend_schema(summary="重新入库", responses={200: ReserveEntryDetailSerializer})
    @action(detail=True, methods=["post"])
    def restore(self, request, pk=None):
        """Put a removed entry back into the pool (重新入库); tier, unit and person default to its own."""
        entry = self.get_object()
        data = self.parse()
        services.enter_pool(
            project=entry.project,
            tier=data.get("tier") or entry.tier,
            responsible_unit=data.get("responsible_unit") or entry.responsible_unit,
            responsible_person=data.get("responsible_person") or entry.responsible_person,
            reason=data["reason"],
            actor=request.user,
        )
        return self.answer_entry(entry)

    @extend_schema(summary="纳入年度实施计划", responses={201: AnnualPlanItemSerializer})
    @action(detail=True, methods=["post"], url_path="add-to-plan")
    def add_to_plan(self, request, pk=None):
        """Put the entry's project into a year's plan directly (市重点办直接纳入); the entry becomes 已纳入."""
        entry = self.get_object()
        item = services.add_to_plan(project=entry.project, actor=request.user, **self.parse())
        return self.answer(self.fresh(item, PLAN_ITEMS), AnnualPlanItemSerializer, status.HTTP_201_CREATED)


@extend_schema_view(
    list=extend_schema(summary="储备库变动记录"), retrieve=extend_schema(summary="储备库变动详情")
)
class ReserveMoveViewSet(ReserveViewSet):
    """Every move of the pool (入库、调整层级、纳入计划、调整出库、重新入库、评估保留) with its reason.
    Read-only: moves are written by the actions."""

    queryset = ReserveMove.objects.select_related("entry__project", "actor")
    serializer_class = ReserveMoveSerializer
    filterset_class = ReserveMoveFilterSet
    http_method_names = READ


# -- evaluation -------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(summary="评估指标列表"),
    retrieve=extend_schema(summary="评估指标详情"),
    create=extend_schema(summary="新增评估指标"),
    update=extend_schema(summary="修改评估指标"),
    partial_update=extend_schema(summary="修改评估指标（部分）"),
    destroy=extend_schema(summary="删除未被使用的评估指标"),
)
class EvaluationCriterionViewSet(ReserveViewSet):
    """Evaluation criteria and weights (评估指标), maintained by the office.

    A round opens only when the active criteria's weights total 100; it keeps a
    snapshot of them. A criterion used by a round cannot be deleted (409):
    deactivate it instead.
    """

    queryset = EvaluationCriterion.objects.all()
    serializer_class = EvaluationCriterionSerializer
    filterset_class = EvaluationCriterionFilterSet


ITEM_ID = OpenApiParameter("item_id", int, OpenApiParameter.PATH, description="评估项目 ID")


@extend_schema_view(
    list=extend_schema(summary="评估轮次列表"),
    retrieve=extend_schema(summary="评估轮次详情（各项目平均分、加权总分、排名与决策）"),
    create=extend_schema(
        summary="开启评估轮次", request=OpenRoundSerializer, responses={201: EvaluationRoundDetailSerializer}
    ),
)
class EvaluationRoundViewSet(ReserveViewSet):
    """Evaluation rounds (项目评估): the office opens a round on pool projects and names its
    evaluators; the evaluators score (/api/reserve/scores/); the office decides per project
    and applies all decisions in one step."""

    # An aggregate drops the model's default ordering: order explicitly.
    queryset = (
        EvaluationRound.objects.annotate(
            item_count=Count("items"), decided_count=Count("items", filter=~Q(items__decision=""))
        )
        .prefetch_related("evaluators", "criteria")
        .order_by("-opened_on", "-pk")
    )
    serializer_class = EvaluationRoundSerializer
    filterset_class = EvaluationRoundFilterSet
    http_method_names = [*READ, "post"]
    inputs = {"create": OpenRoundSerializer, "decide": DecisionSerializer}
    outputs = {"retrieve": EvaluationRoundDetailSerializer, "apply": EvaluationRoundDetailSerializer}

    def create(self, request, *args, **kwargs):
        evaluation_round = services.open_round(actor=request.user, **self.parse())
        return self.answer(
            self.fresh(evaluation_round), EvaluationRoundDetailSerializer, status.HTTP_201_CREATED
        )

    @extend_schema(
        summary="记录决策（纳入计划、保留、调整层级、调整出库）",
        parameters=[ITEM_ID],
        responses={200: EvaluationRoundDetailSerializer},
    )
    @action(detail=True, methods=["post"], url_path=r"items/(?P<item_id>[0-9]+)/decide")
    def decide(self, request, pk=None, item_id=None):
        """Record the office's decision on one project of the round; it takes effect on apply."""
        evaluation_round = self.get_object()
        item = get_object_or_404(
            RoundItem.objects.select_related("entry__project"), pk=item_id, evaluation_round=evaluation_round
        )
        services.decide(item, actor=request.user, **self.parse())
        return self.answer(self.fresh(evaluation_round), EvaluationRoundDetailSerializer)

    @extend_schema(summary="决策生效", request=None, responses={200: EvaluationRoundDetailSerializer})
    @action(detail=True, methods=["post"])
    def apply(self, request, pk=None):
        """Carry out every decision of the round at once (优胜劣汰), each recorded as a move.
        Refused while any project is undecided; all or nothing."""
        evaluation_round = self.get_object()
        services.apply_round(evaluation_round, actor=request.user)
        return self.answer(self.fresh(evaluation_round), EvaluationRoundDetailSerializer)


CRITERION_KEY = re.compile(r"criterion_(\d+)")


@extend_schema_view(
    list=extend_schema(summary="评分列表"),
    retrieve=extend_schema(summary="评分详情"),
    create=extend_schema(
        summary="提交本人对一个项目的评分",
        request=ScoreSheetSerializer,
        responses={200: ScoreSerializer(many=True)},
    ),
)
class ScoreViewSet(ReserveViewSet):
    """Evaluators' scores (评分).

    Who sees which: the office sees every score; an evaluator sees every score of
    the rounds they evaluate; other roles see none here (each round's averages,
    totals and ranks are on the round, for everyone). Only an evaluator named in
    a round that is still scoring may POST, and only for that round's projects;
    posting a criterion again replaces that score. The answer is the evaluator's
    scores of the project.
    """

    queryset = Score.objects.select_related("item__entry__project", "criterion", "evaluator").order_by(
        "item_id", "criterion__sort_order", "criterion_id", "evaluator_id"
    )
    serializer_class = ScoreSerializer
    filterset_class = ScoreFilterSet
    permission_classes = [ScorePermission]
    http_method_names = [*READ, "post"]
    inputs = {"create": ScoreSheetSerializer}

    def get_queryset(self):
        queryset = super().get_queryset()
        user = self.request.user
        if not user.is_authenticated or policy_for(EvaluationRound).writes_all(user):
            return queryset
        return queryset.filter(item__evaluation_round__in=EvaluationRound.objects.filter(evaluators=user))

    def create(self, request, *args, **kwargs):
        data = self.parse()
        item, lines = data["item"], data["scores"]
        values = {line["criterion"]: line["value"] for line in lines}
        comments = {line["criterion"]: line["comment"] for line in lines}
        try:
            services.record_scores(item, request.user, values, comments)
        except DjangoValidationError as exc:
            raise serializers.ValidationError({"scores": self.line_errors(exc, item, lines)}) from exc
        scores = self.get_queryset().filter(item=item, evaluator=request.user)
        return Response(ScoreSerializer(scores, many=True, context=self.get_serializer_context()).data)

    def line_errors(self, exc, item, lines):
        """The service's errors (keyed ``criterion_<id>``) placed on the lines sent, by position
        (the shape DRF gives the lines' own errors)."""
        known = set(
            RoundCriterion.objects.filter(evaluation_round_id=item.evaluation_round_id).values_list(
                "pk", flat=True
            )
        )
        position = {line["criterion"]: index for index, line in enumerate(lines)}
        errors = {}
        for key, messages in exc.message_dict.items():
            match = CRITERION_KEY.fullmatch(key)
            if match is None or int(match[1]) not in position:
                raise exc
            criterion_id = int(match[1])
            errors[position[criterion_id]] = {"value" if criterion_id in known else "criterion": messages}
        return errors


# -- the annual plan --------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(summary="年度实施计划列表"),
    retrieve=extend_schema(summary="年度实施计划（含按类别、类型、产业、乡镇的合计）"),
    create=extend_schema(summary="新增年度实施计划"),
    update=extend_schema(summary="修改年度实施计划的标题和说明"),
    partial_update=extend_schema(summary="修改年度实施计划的标题和说明（部分）"),
)
class AnnualPlanViewSet(ReserveViewSet):
    """Annual implementation plans (年度实施计划), one per year, addressed by the year.
    A plan is created when its first project enters; the office may add one ahead
    and edit its title and notes. Plans are never deleted."""

    queryset = AnnualPlan.objects.annotate(
        item_count=Count("items"),
        planned_investment_total=Coalesce(
            Sum("items__planned_investment"),
            Value(Decimal("0")),
            output_field=DecimalField(max_digits=16, decimal_places=2),
        ),
    ).order_by("-year")
    serializer_class = AnnualPlanSerializer
    filterset_class = AnnualPlanFilterSet
    lookup_field = "year"
    lookup_value_regex = "[0-9]{4}"
    http_method_names = [*READ, "post", "put", "patch"]
    outputs = {"retrieve": AnnualPlanDetailSerializer}


@extend_schema_view(
    list=extend_schema(summary="年度计划项目列表"),
    retrieve=extend_schema(summary="年度计划项目详情"),
    create=extend_schema(
        summary="直接纳入年度计划",
        request=DirectPlanItemSerializer,
        responses={201: AnnualPlanItemSerializer},
    ),
)
class AnnualPlanItemViewSet(ReserveViewSet):
    """The projects of the annual plans: new starts (新开工), continuing (续建) and completions (竣工).
    Projects enter through an applied evaluation decision or directly by the office
    (POST, reason required); the project's pool entry, if in the pool, becomes 已纳入."""

    queryset = PLAN_ITEMS
    serializer_class = AnnualPlanItemSerializer
    filterset_class = AnnualPlanItemFilterSet
    http_method_names = [*READ, "post"]
    inputs = {"create": DirectPlanItemSerializer}

    def create(self, request, *args, **kwargs):
        item = services.add_to_plan(actor=request.user, **self.parse())
        return self.answer(self.fresh(item), AnnualPlanItemSerializer, status.HTTP_201_CREATED)
