"""精准招商 under /api/: the industry map (chains, links), teams, leads and their journal, guidance
funds and their investments, element guarantees.

Leads and element requests change only through ``investment.services``: a refusal there is a
403, a rule broken a 400 keyed by field (nothing saved), a stale ``version`` a 409. The office
and city leaders read every lead, a team member their teams' (another team's lead is a 404);
other roles do not read leads. The map, teams and funds are read by everyone with a role and
written by the office.
"""

from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, permissions, status
from rest_framework.decorators import action
from rest_framework.response import Response

from approvals.api.base import ScopedReadViewSet
from liuyang.api.permissions import PolicyPermission
from liuyang.api.viewsets import PolicyModelViewSet

from ..filtersets import (
    ChainLinkFilterSet,
    ElementRequestFilterSet,
    FundFilterSet,
    FundInvestmentFilterSet,
    IndustryChainFilterSet,
    InvestmentTeamFilterSet,
    LeadFilterSet,
    LeadJournalFilterSet,
)
from ..models import (
    ChainLink,
    ElementRequest,
    Fund,
    FundInvestment,
    IndustryChain,
    InvestmentLead,
    InvestmentTeam,
    LeadJournal,
)
from ..services import elements, leads
from ..services import funds as fund_services
from .inputs import (
    AdvanceSerializer,
    CloseElementSerializer,
    ContactSerializer,
    DropSerializer,
    LandSerializer,
    LeadCreateSerializer,
    LeadUpdateSerializer,
    RaiseElementSerializer,
    SignSerializer,
    TakeUpSerializer,
)
from .serializers import (
    ChainLinkSerializer,
    ElementRequestSerializer,
    FundInvestmentSerializer,
    FundSerializer,
    IndustryChainSerializer,
    InvestmentLeadSerializer,
    InvestmentTeamSerializer,
    LeadJournalSerializer,
)

READ = ["get", "head", "options"]


def crud_summaries(noun):
    return extend_schema_view(
        list=extend_schema(summary=f"{noun}列表"),
        retrieve=extend_schema(summary=f"{noun}详情"),
        create=extend_schema(summary=f"新增{noun}（市重点办）"),
        update=extend_schema(summary=f"修改{noun}（市重点办）"),
        partial_update=extend_schema(summary=f"修改{noun}（部分）"),
        destroy=extend_schema(summary=f"删除{noun}（未被引用时）"),
    )


@crud_summaries("产业链")
class IndustryChainViewSet(PolicyModelViewSet):
    """The industry map's chains (产业链), each with its links upstream → midstream → downstream
    (read-only here; edit them at ``chain-links``). Everyone with a role reads; the office writes."""

    queryset = IndustryChain.objects.select_related("industry").prefetch_related(
        Prefetch("links", queryset=ChainLink.objects.order_by("sort_order", "pk"))
    )
    serializer_class = IndustryChainSerializer
    filterset_class = IndustryChainFilterSet


@crud_summaries("产业链环节")
class ChainLinkViewSet(PolicyModelViewSet):
    """Links (环节): position, local status (本地优势 / 短板 / 缺失) and the local enterprises."""

    queryset = ChainLink.objects.select_related("chain")
    serializer_class = ChainLinkSerializer
    filterset_class = ChainLinkFilterSet


@extend_schema_view(
    list=extend_schema(summary="招商小分队列表"), retrieve=extend_schema(summary="招商小分队详情")
)
class InvestmentTeamViewSet(ScopedReadViewSet):
    """Recruiting teams (招商小分队) with their leader and members (kept by the office in the admin)."""

    queryset = InvestmentTeam.objects.select_related("leader").prefetch_related("members")
    serializer_class = InvestmentTeamSerializer
    filterset_class = InvestmentTeamFilterSet


class LeadPermission(PolicyPermission):
    """Reads follow the lead policy (row scope: a lead out of it is a 404). Creating needs a role
    that records leads; every change needs a lead the user may change (403 otherwise)."""

    def has_permission(self, request, view):
        user = request.user
        if not user or not user.is_authenticated or not self._policy(view).can_view(user):
            return False
        if view.action == "create":
            return self._policy(view).can_add(user)
        return True

    def has_object_permission(self, request, view, obj):
        if request.method in permissions.SAFE_METHODS:
            return True
        return self._policy(view).can_change(request.user, obj)


def lead_action(summary, request):
    return extend_schema(summary=summary, request=request, responses={200: InvestmentLeadSerializer})


@extend_schema_view(
    list=extend_schema(summary="招商线索列表"), retrieve=extend_schema(summary="招商线索详情")
)
class InvestmentLeadViewSet(mixins.CreateModelMixin, ScopedReadViewSet):
    """Investment leads (招商线索): 线索 → 接洽 → 考察 → 谈判 → 签约 → 落地, or dropped with a reason.

    POST records one; PATCH changes its fields; ``contact`` records a contact (and the next
    step), ``advance`` moves it one stage on, ``drop`` ends it with the reason, ``sign`` turns a
    lead in negotiation into a key project in the reserve pool, ``land`` confirms the project
    landed. Each change takes the ``version`` you read: a lead changed since answers 409.
    """

    queryset = InvestmentLead.objects.select_related("link__chain", "team", "owner").order_by(
        "-updated_at", "-pk"
    )
    serializer_class = InvestmentLeadSerializer
    filterset_class = LeadFilterSet
    permission_classes = [LeadPermission]
    http_method_names = [*READ, "post", "patch"]
    inputs = {
        "create": LeadCreateSerializer,
        "contact": ContactSerializer,
        "advance": AdvanceSerializer,
        "drop": DropSerializer,
        "sign": SignSerializer,
        "land": LandSerializer,
    }
    outputs = {"journal": LeadJournalSerializer}

    @extend_schema(
        summary="录入招商线索", request=LeadCreateSerializer, responses={201: InvestmentLeadSerializer}
    )
    def create(self, request, *args, **kwargs):
        """A lead for one of the user's teams (the office: any team); its owner must be in the team."""
        lead = leads.create(request.user, **self.parse())
        return self.answer(lead, status.HTTP_201_CREATED)

    @extend_schema(
        summary="修改招商线索", request=LeadUpdateSerializer, responses={200: InvestmentLeadSerializer}
    )
    def partial_update(self, request, *args, **kwargs):
        """Change the fields sent. A signed or dropped lead takes only its next step and contact."""
        lead = self.get_object()
        body = LeadUpdateSerializer(data=request.data, partial=True, context=self.get_serializer_context())
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        reason, version = data.pop("reason", ""), data.pop("version", None)
        leads.update(request.user, lead, reason=reason, expected_version=version, **data)
        return self.answer(lead)

    def _act(self, service):
        lead = self.get_object()
        data = self.parse()
        data["expected_version"] = data.pop("version", None)
        service(self.request.user, lead, **data)
        return self.answer(lead)

    @lead_action("记录联系情况", ContactSerializer)
    @action(detail=True, methods=["post"])
    def contact(self, request, pk=None):
        """A contact with the company (拜访、考察、会谈 …) and, usually, the next step and its date."""
        return self._act(leads.record_contact)

    @lead_action("推进到下一阶段", AdvanceSerializer)
    @action(detail=True, methods=["post"])
    def advance(self, request, pk=None):
        """线索 → 接洽 → 考察 → 谈判, with a note; a lead in negotiation is signed (``sign``)."""
        return self._act(leads.advance)

    @lead_action("终止线索", DropSerializer)
    @action(detail=True, methods=["post"])
    def drop(self, request, pk=None):
        """End an open lead; the reason is required."""
        return self._act(leads.drop)

    @lead_action("签约转项目（纳入储备库）", SignSerializer)
    @action(detail=True, methods=["post"])
    def sign(self, request, pk=None):
        """The lead becomes a key project in the reserve pool: name, owner enterprise and total
        investment from the lead; code, type, industry, town, responsible unit and person and
        the pool tier from the body. The answer's ``project`` is the new project's id."""
        return self._act(leads.sign)

    @lead_action("确认落地", LandSerializer)
    @action(detail=True, methods=["post"])
    def land(self, request, pk=None):
        return self._act(leads.land)

    @extend_schema(summary="招商记录", responses={200: LeadJournalSerializer(many=True)})
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def journal(self, request, pk=None):
        """The lead's journal, newest first: contacts, stage moves, the drop, the signing."""
        lead = self.get_object()
        entries = LeadJournal.objects.filter(lead=lead).select_related("actor").order_by("-at", "-pk")
        return Response(LeadJournalSerializer(entries, many=True).data)


@extend_schema_view(
    list=extend_schema(summary="招商记录列表"), retrieve=extend_schema(summary="招商记录详情")
)
class LeadJournalViewSet(ScopedReadViewSet):
    """Journal entries of the leads the user may read, newest first; filter by ``lead`` and ``kind``."""

    queryset = LeadJournal.objects.select_related("actor").order_by("-at", "-pk")
    serializer_class = LeadJournalSerializer
    filterset_class = LeadJournalFilterSet


@crud_summaries("产业引导基金")
class FundViewSet(PolicyModelViewSet):
    """Guidance funds (产业引导基金): the mother fund (母基金) and its sub-funds (子基金), with
    ``invested`` (万元), ``investments``, ``listed`` and ``leverage`` (social capital per yuan of
    government money). Everyone with a role reads; the office writes."""

    # Meta.ordering is not applied to a GROUP BY query (the figures): order explicitly.
    queryset = (
        fund_services.with_figures(Fund.objects.all())
        .prefetch_related("focus_industries")
        .order_by("kind", "name", "pk")
    )
    serializer_class = FundSerializer
    filterset_class = FundFilterSet

    def answer_fresh(self, instance):
        return self.get_queryset().get(pk=instance.pk)

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        self.perform_create(serializer)
        data = self.get_serializer(self.answer_fresh(serializer.instance)).data
        return Response(data, status=status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        partial = kwargs.pop("partial", False)
        serializer = self.get_serializer(self.get_object(), data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        self.perform_update(serializer)
        return Response(self.get_serializer(self.answer_fresh(serializer.instance)).data)


@crud_summaries("基金投资")
class FundInvestmentViewSet(PolicyModelViewSet):
    """A fund's investments: company, amount (万元), date, status, listing board (科创板 …)."""

    queryset = FundInvestment.objects.select_related("fund")
    serializer_class = FundInvestmentSerializer
    filterset_class = FundInvestmentFilterSet


class ElementPermission(PolicyPermission):
    """Reads follow the policy (the office and leaders all; others their projects' and their
    unit's). Raising needs a role that raises; taking up and closing need a request the user may
    handle (the responsible department's staff, the office)."""

    def has_permission(self, request, view):
        user = request.user
        if not user or not user.is_authenticated or not self._policy(view).can_view(user):
            return False
        if view.action == "create":
            return self._policy(view).can_add(user)
        if request.method in permissions.SAFE_METHODS:
            return True
        return self._policy(view).may_change_some(user)

    def has_object_permission(self, request, view, obj):
        if request.method in permissions.SAFE_METHODS:
            return True
        return self._policy(view).can_change(request.user, obj)


def element_action(summary, request):
    return extend_schema(summary=summary, request=request, responses={200: ElementRequestSerializer})


@extend_schema_view(
    list=extend_schema(summary="要素保障需求列表"), retrieve=extend_schema(summary="要素保障需求详情")
)
class ElementRequestViewSet(mixins.CreateModelMixin, ScopedReadViewSet):
    """Element guarantees (要素保障): land (标准地), finance (政银企对接), talent (人才新政) per project.
    POST raises one (the office, the project's task force or commissioner); the responsible
    department ``take-up``s and ``close``s it (guaranteed with the result, or declined with why)."""

    queryset = ElementRequest.objects.select_related("project", "responsible_unit")
    serializer_class = ElementRequestSerializer
    filterset_class = ElementRequestFilterSet
    permission_classes = [ElementPermission]
    inputs = {"create": RaiseElementSerializer, "take_up": TakeUpSerializer, "close": CloseElementSerializer}

    @extend_schema(
        summary="提出要素保障需求", request=RaiseElementSerializer, responses={201: ElementRequestSerializer}
    )
    def create(self, request, *args, **kwargs):
        data = self.parse()
        project = data.pop("project")
        obj = elements.raise_request(request.user, project, **data)
        return self.answer(obj, status.HTTP_201_CREATED)

    @element_action("开始办理", TakeUpSerializer)
    @action(detail=True, methods=["post"], url_path="take-up", url_name="take-up")
    def take_up(self, request, pk=None):
        obj = self.get_object()
        self.parse()
        elements.take_up(request.user, obj)
        return self.answer(obj)

    @element_action("办结（已保障或不予保障）", CloseElementSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        obj = self.get_object()
        data = self.parse()
        elements.close(request.user, obj, guaranteed=data["guaranteed"], result=data["result"])
        return self.answer(obj)
