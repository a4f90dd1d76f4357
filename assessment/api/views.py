"""Differentiated assessment (精准考核) under /api/: schemes and indicators, periods, results,
fault-tolerance applications.

Every change of a period, a result or an application goes through ``assessment.services``:
a refusal there is a 403, a rule broken a 400 keyed by field (nothing saved). Only the
office (市重点办) manages periods, decides outcomes, enters figures and handles applications;
the office and city leaders read every result, a unit's staff their unit's and their
projects' (another unit's result is a 404). A unit's staff apply for fault tolerance in
their own unit's name.
"""

from django.db.models import Prefetch
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from accounts.roles import user_roles
from approvals.api.base import ScopedReadViewSet
from liuyang.api.permissions import PolicyPermission
from liuyang.api.viewsets import PolicyModelViewSet
from liuyang.policies import policy_for

from ..filtersets import (
    AssessmentPeriodFilterSet,
    IndicatorFilterSet,
    ProjectAssessmentFilterSet,
    ToleranceApplicationFilterSet,
)
from ..models import (
    AssessmentPeriod,
    FaultToleranceApplication,
    Indicator,
    IndicatorResult,
    IndicatorScheme,
    ProjectAssessment,
)
from ..selectors import unit_results
from ..services import periods, tolerance
from .inputs import (
    DecideOutcomeSerializer,
    EnterFigureSerializer,
    OpenPeriodSerializer,
    PeriodStepSerializer,
    ToleranceAcceptSerializer,
    ToleranceApplySerializer,
    ToleranceDetermineSerializer,
    ToleranceFileSerializer,
    ToleranceVerifySerializer,
)
from .serializers import (
    AssessmentPeriodSerializer,
    IndicatorSchemeSerializer,
    IndicatorSerializer,
    ProjectAssessmentDetailSerializer,
    ProjectAssessmentSerializer,
    ToleranceApplicationSerializer,
    UnitResultSerializer,
)


class OfficeActionPermission(PolicyPermission):
    """Reads follow the model's policy; every other request needs a user who changes every row
    (the office, a superuser). The services check again."""

    def has_permission(self, request, view):
        user = request.user
        if not user or not user.is_authenticated or not self._policy(view).can_view(user):
            return False
        if request.method in ("GET", "HEAD", "OPTIONS"):
            return True
        return self._policy(view).writes_all(user)


@extend_schema_view(
    list=extend_schema(summary="考核指标体系列表（含指标）"),
    retrieve=extend_schema(summary="考核指标体系详情（含指标）"),
)
class IndicatorSchemeViewSet(ScopedReadViewSet):
    """The indicators each project type is assessed on (差异化考核指标体系), with its indicators.
    Everyone with a role reads them; the office edits the indicators (``assessment-indicators``)."""

    queryset = IndicatorScheme.objects.prefetch_related("indicators")
    serializer_class = IndicatorSchemeSerializer
    pagination_class = None
    filter_backends = []


@extend_schema_view(
    list=extend_schema(summary="考核指标列表"),
    retrieve=extend_schema(summary="考核指标详情"),
    create=extend_schema(summary="新增考核指标（市重点办）"),
    update=extend_schema(summary="修改考核指标（市重点办）"),
    partial_update=extend_schema(summary="修改考核指标（部分）"),
    destroy=extend_schema(summary="删除考核指标（未被考核结果引用时）"),
)
class IndicatorViewSet(PolicyModelViewSet):
    """Indicators: weight, scoring rule and its parameters, figure source. A rule without its
    parameters, a computed indicator without its metric or an entered one with a metric is a
    400. An indicator already scored in a period cannot be deleted (409)."""

    queryset = Indicator.objects.all()
    serializer_class = IndicatorSerializer
    filterset_class = IndicatorFilterSet


def period_action(summary):
    return extend_schema(
        summary=summary, request=PeriodStepSerializer, responses={200: AssessmentPeriodSerializer}
    )


@extend_schema_view(
    list=extend_schema(summary="考核周期列表"), retrieve=extend_schema(summary="考核周期详情")
)
class AssessmentPeriodViewSet(mixins.CreateModelMixin, ScopedReadViewSet):
    """Assessment rounds: opened (POST), computed (``compute``, again as often as needed),
    closed (``close``: the figures are frozen), published (``publish``). ``units`` ranks the
    responsible units by their projects' average score."""

    queryset = AssessmentPeriod.objects.select_related("opened_by")
    serializer_class = AssessmentPeriodSerializer
    filterset_class = AssessmentPeriodFilterSet
    inputs = {"create": OpenPeriodSerializer}
    outputs = {"units": UnitResultSerializer}

    @extend_schema(
        summary="开启考核周期（市重点办）",
        request=OpenPeriodSerializer,
        responses={201: AssessmentPeriodSerializer},
    )
    def create(self, request, *args, **kwargs):
        """Open a period (annual, or a quarter). A period that exists already is a 400."""
        data = self.parse()
        period = periods.open_period(request.user, **data)
        return self.answer(period, status.HTTP_201_CREATED)

    @period_action("计算得分（市重点办）")
    @action(detail=True, methods=["post"])
    def compute(self, request, pk=None):
        """Score every project in scope; on a closed period, from the frozen figures."""
        period = self.get_object()
        periods.compute(request.user, period)
        return self.answer(period)

    @period_action("关闭考核周期，冻结数据（市重点办）")
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        period = self.get_object()
        periods.close_period(request.user, period)
        return self.answer(period)

    @period_action("公布考核结果（市重点办）")
    @action(detail=True, methods=["post"])
    def publish(self, request, pk=None):
        period = self.get_object()
        periods.publish(request.user, period)
        return self.answer(period)

    @extend_schema(summary="责任单位排名", responses={200: UnitResultSerializer(many=True)})
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def units(self, request, pk=None):
        """The responsible units ranked by average score. Who reads only some results sees the
        rows of the units of those results, with their rank among all units."""
        period = self.get_object()
        rows = unit_results(period)
        policy = policy_for(ProjectAssessment)
        user = request.user
        if not (user.is_superuser or user_roles(user) & policy.read_all_roles):
            seen = set(
                policy.viewable(user, ProjectAssessment.objects.filter(period=period)).values_list(
                    "responsible_unit_id", flat=True
                )
            )
            rows = [row for row in rows if row["responsible_unit_id"] in seen]
        return Response(UnitResultSerializer(rows, many=True).data)


@extend_schema_view(
    list=extend_schema(summary="项目考核结果列表"),
    retrieve=extend_schema(summary="项目考核结果详情（含各指标得分）"),
)
class ProjectAssessmentViewSet(ScopedReadViewSet):
    """Projects' results: score, grade, rank, proposed and decided outcome; filter by
    ``period``, ``grade``, ``outcome``, ``unit`` and ``project_type``. The office decides the
    outcome (``decide``) and fills or corrects an entered figure (``figures``) while the
    period is open."""

    # Newest period first, then by rank. Not the model's ordering: its "period" sorts by the
    # period's end date through a join, which no index can serve, so every page sorted all the
    # results; (period, rank, project) is a column order an index can hold.
    queryset = (
        ProjectAssessment.objects.select_related("project", "responsible_unit", "scheme")
        .prefetch_related(
            Prefetch(
                "indicators",
                queryset=IndicatorResult.objects.select_related("indicator").order_by(
                    "indicator__sort_order", "pk"
                ),
            )
        )
        .order_by("-period_id", "rank", "project_id")
    )
    serializer_class = ProjectAssessmentSerializer
    filterset_class = ProjectAssessmentFilterSet
    permission_classes = [OfficeActionPermission]
    inputs = {"decide": DecideOutcomeSerializer, "figures": EnterFigureSerializer}
    outputs = {"retrieve": ProjectAssessmentDetailSerializer}

    def get_queryset(self):
        queryset = super().get_queryset()
        # the list shows no indicator lines: only the detail and the actions' answers need them
        return queryset.prefetch_related(None) if self.action == "list" else queryset

    def answer(self, obj, status_code=status.HTTP_200_OK):
        data = ProjectAssessmentDetailSerializer(self.fresh(obj), context=self.get_serializer_context()).data
        return Response(data, status=status_code)

    @extend_schema(
        summary="确定结果运用（市重点办）",
        request=DecideOutcomeSerializer,
        responses={200: ProjectAssessmentDetailSerializer},
    )
    @action(detail=True, methods=["post"])
    def decide(self, request, pk=None):
        """Confirm the proposed outcome, or change it saying why. Not once published."""
        result = self.get_object()
        data = self.parse()
        periods.decide_outcome(request.user, result, outcome=data["outcome"], reason=data["reason"])
        return self.answer(result)

    @extend_schema(
        summary="填报或更正指标数据（市重点办）",
        request=EnterFigureSerializer,
        responses={200: ProjectAssessmentDetailSerializer},
    )
    @action(detail=True, methods=["post"], parser_classes=[JSONParser, MultiPartParser, FormParser])
    def figures(self, request, pk=None):
        """Fill or correct one indicator's figure, with its source (and a reason when
        correcting). Takes effect on the next ``compute``; not once the period is closed."""
        result = self.get_object()
        data = self.parse()
        line = IndicatorResult.objects.filter(assessment=result, indicator=data["indicator"]).first()
        if line is None:
            raise ValidationError({"indicator": [_("该考核结果没有这项指标。")]})
        periods.enter_figure(
            request.user,
            line,
            figure=data["figure"],
            source_note=data["source_note"],
            reason=data["reason"],
            evidence=data["evidence"],
        )
        return self.answer(result)


def application_action(summary, request):
    return extend_schema(summary=summary, request=request, responses={200: ToleranceApplicationSerializer})


@extend_schema_view(
    list=extend_schema(summary="容错纠错申请列表"), retrieve=extend_schema(summary="容错纠错申请详情")
)
class ToleranceApplicationViewSet(mixins.CreateModelMixin, ScopedReadViewSet):
    """Fault tolerance (容错纠错): 申请 → 受理 → 核实 → 认定 → 报备. A unit's staff apply in their
    own unit's name (against an accountability outcome, or before acting); the office
    accepts, verifies, determines and files. Each unit reads its own applications."""

    queryset = FaultToleranceApplication.objects.select_related("project", "unit")
    serializer_class = ToleranceApplicationSerializer
    filterset_class = ToleranceApplicationFilterSet
    inputs = {
        "create": ToleranceApplySerializer,
        "accept": ToleranceAcceptSerializer,
        "verify": ToleranceVerifySerializer,
        "determine": ToleranceDetermineSerializer,
        "file": ToleranceFileSerializer,
    }

    @extend_schema(
        summary="申请容错（或事前容错报备）",
        request=ToleranceApplySerializer,
        responses={201: ToleranceApplicationSerializer},
    )
    def create(self, request, *args, **kwargs):
        """Apply in the name of ``unit`` (staff: their own unit only, otherwise 403), stating the
        facts and the three conditions. Against ``result``: an accountability outcome of that
        unit's project; without it, a filing before acting."""
        data = self.parse()
        application = tolerance.apply(request.user, **data)
        return self.answer(application, status.HTTP_201_CREATED)

    @application_action("受理或不予受理（市重点办）", ToleranceAcceptSerializer)
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        application = self.get_object()
        data = self.parse()
        tolerance.accept(request.user, application, accept=data["accept"], reason=data["reason"])
        return self.answer(application)

    @application_action("核实（市重点办）", ToleranceVerifySerializer)
    @action(detail=True, methods=["post"])
    def verify(self, request, pk=None):
        application = self.get_object()
        data = self.parse()
        tolerance.verify(request.user, application, findings=data["findings"])
        return self.answer(application)

    @application_action("认定（市重点办）", ToleranceDetermineSerializer)
    @action(detail=True, methods=["post"])
    def determine(self, request, pk=None):
        """免责: the outcome becomes none; 从轻减轻: an interview reminder; 不予容错: unchanged."""
        application = self.get_object()
        data = self.parse()
        tolerance.determine(request.user, application, decision=data["decision"], reason=data["reason"])
        return self.answer(application)

    @application_action("报备（市重点办）", ToleranceFileSerializer)
    @action(detail=True, methods=["post"])
    def file(self, request, pk=None):
        application = self.get_object()
        data = self.parse()
        tolerance.file(request.user, application, filed_to=data["filed_to"])
        return self.answer(application)
