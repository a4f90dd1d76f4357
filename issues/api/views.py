"""The issue-clearing ledger (问题清零) under /api/: categories, issues, journal, overdue flags.

Every move of an issue goes through ``issues.services.ledger``: a refusal there is a
403, a rule broken a 400 keyed by field (nothing saved), a stale ``version`` a 409.
Reads follow the policies: the office and city leaders see every issue; department
staff their unit's and their projects'; task-force staff and service commissioners
their projects'; a responsible person or leading city leader the issues they hold.
"""

from django.db import transaction
from django.db.models import Count, IntegerField, OuterRef, Prefetch, Subquery
from django.db.models.functions import Coalesce
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from approvals.api.base import ActionsMixin, ScopedReadViewSet
from liuyang.api.viewsets import PolicyModelViewSet
from liuyang.exceptions import ConflictError

from ..filtersets import LedgerIssueFilterSet
from ..models import (
    EscalationStep,
    IssueCategory,
    IssueEvidence,
    IssueJournal,
    LedgerIssue,
    OverdueFlag,
    WeeklyDigest,
)
from ..services import ledger
from ..views_digests import visible_digests
from .filtersets import (
    IssueCategoryFilterSet,
    IssueJournalFilterSet,
    OverdueFlagFilterSet,
    WeeklyDigestFilterSet,
)
from .inputs import (
    FromActionItemSerializer,
    ListingSerializer,
    RaiseIssueSerializer,
    ReopenSerializer,
    ResolveSerializer,
    UpdateSerializer,
    VerifySerializer,
)
from .permissions import IssuePermission
from .serializers import (
    IssueCategorySerializer,
    IssueEditSerializer,
    IssueJournalSerializer,
    LedgerIssueSerializer,
    OverdueFlagSerializer,
    WeeklyDigestSerializer,
)

READ = ["get", "head", "options"]
JOURNAL = IssueJournal.objects.select_related("actor")


@extend_schema_view(
    list=extend_schema(summary="问题类别列表"),
    retrieve=extend_schema(summary="问题类别详情"),
    create=extend_schema(summary="新增问题类别（市重点办）"),
    update=extend_schema(summary="修改问题类别（市重点办）"),
    partial_update=extend_schema(summary="修改问题类别（部分）"),
    destroy=extend_schema(summary="删除问题类别（未被问题引用时）"),
)
class IssueCategoryViewSet(PolicyModelViewSet):
    """Kinds of problem (用地、资金、审批、征拆 …). Everyone with a role reads them; the office
    keeps them. A category used by an issue cannot be deleted (409): retire it (``is_active``)."""

    queryset = IssueCategory.objects.all()
    serializer_class = IssueCategorySerializer
    filterset_class = IssueCategoryFilterSet


def issue_action(summary, request, **kwargs):
    return extend_schema(summary=summary, request=request, responses={200: LedgerIssueSerializer}, **kwargs)


JOURNAL_COUNT = Coalesce(
    Subquery(
        IssueJournal.objects.filter(issue=OuterRef("pk"))
        .order_by()
        .values("issue")
        .annotate(n=Count("pk"))
        .values("n"),
        output_field=IntegerField(),
    ),
    0,
)


@extend_schema_view(
    list=extend_schema(summary="问题清单"),
    retrieve=extend_schema(summary="问题详情（佐证材料、逾期升级）"),
    partial_update=extend_schema(summary="修改问题信息（市重点办）"),
    destroy=extend_schema(summary="删除问题（市重点办）"),
)
class LedgerIssueViewSet(ActionsMixin, PolicyModelViewSet):
    """Ledger issues (问题清单): every problem blocking a project, until it is closed off (销号).

    POST raises one (交办); ``from-action-item`` turns a meeting's action item into one. Its
    responsible unit's staff and its responsible person record progress (``update``) and ask
    for closing off with evidence (``resolve``); the office verifies (``verify``), reopens
    (``reopen``), lists it for supervision (``list`` / ``unlist``), edits its description
    (PATCH) and may delete it. Each change takes the ``version`` you read: an issue changed
    since answers 409 and is left as it is.
    """

    queryset = (
        LedgerIssue.objects.select_related(
            "project",
            "category",
            "raised_by",
            "responsible_unit",
            "responsible_person",
            "leader",
            "closed_by",
        )
        .prefetch_related(
            Prefetch("evidence", queryset=IssueEvidence.objects.select_related("uploaded_by")),
            Prefetch("escalations", queryset=EscalationStep.objects.order_by("at", "pk")),
        )
        # a correlated count, not a GROUP BY over the join: PostgreSQL can then sort and page
        # by the index before counting (bench: ×6 at 45,000 issues with the GROUP BY)
        .annotate(journal_count=JOURNAL_COUNT)
        # Meta.ordering is not applied to a GROUP BY query: order explicitly.
        .order_by("-raised_on", "-pk")
    )
    serializer_class = LedgerIssueSerializer
    filterset_class = LedgerIssueFilterSet
    permission_classes = [IssuePermission]
    parser_classes = [JSONParser, FormParser, MultiPartParser]
    http_method_names = [*READ, "post", "patch", "delete"]
    inputs = {
        "create": RaiseIssueSerializer,
        "from_action_item": FromActionItemSerializer,
        "update_issue": UpdateSerializer,
        "resolve": ResolveSerializer,
        "verify": VerifySerializer,
        "reopen": ReopenSerializer,
        "list_issue": ListingSerializer,
        "unlist_issue": ListingSerializer,
    }
    outputs = {"partial_update": IssueEditSerializer, "journal": IssueJournalSerializer}

    @extend_schema(
        summary="登记问题（交办）", request=RaiseIssueSerializer, responses={201: LedgerIssueSerializer}
    )
    def create(self, request, *args, **kwargs):
        """Raise an issue on a project the user works on (the office: any project). A project
        out of the user's scope is a 403; a rule broken (deadline before today, a complex
        issue without its leader, a responsible person of another unit) a 400."""
        data = self.parse()
        issue = ledger.raise_issue(request.user, **data)
        return self.answer(issue, status.HTTP_201_CREATED)

    @extend_schema(
        summary="修改问题信息（市重点办）",
        request=IssueEditSerializer,
        responses={200: LedgerIssueSerializer},
    )
    def partial_update(self, request, *args, **kwargs):
        """The office corrects an issue's title, description, category, responsible unit and
        person, leader or deadline. Status, level and listing change only through the actions."""
        issue = self.get_object()
        serializer = IssueEditSerializer(
            issue, data=request.data, partial=True, context=self.get_serializer_context()
        )
        serializer.is_valid(raise_exception=True)
        self.perform_update(serializer)
        return self.answer(issue)

    @extend_schema(
        summary="调度会交办事项转为问题",
        request=FromActionItemSerializer,
        responses={201: LedgerIssueSerializer},
    )
    @action(detail=False, methods=["post"], url_path="from-action-item", url_name="from-action-item")
    def from_action_item(self, request):
        """Turn a dispatch meeting's action item into a ledger issue, linked both ways. An item
        already turned into one, or one the user cannot see, is a 400."""
        data = self.parse()
        issue = ledger.issue_from_action_item(
            request.user,
            data["action_item"],
            category=data["category"],
            nature=data["nature"],
            deadline=data["deadline"],
        )
        return self.answer(issue, status.HTTP_201_CREATED)

    @issue_action("记录办理进展", UpdateSerializer)
    @action(detail=True, methods=["post"], url_path="update", url_name="update")
    def update_issue(self, request, pk=None):
        """Record progress (办理进展): the responsible unit's staff, the responsible person or the
        office. A newly assigned issue is then being handled (办理中)."""
        issue = self.get_object()
        data = self.parse()
        ledger.add_update(request.user, issue, text=data["text"], expected_version=data.get("version"))
        return self.answer(issue)

    @issue_action("提请销号（上传佐证材料）", {"multipart/form-data": ResolveSerializer})
    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser, FormParser])
    def resolve(self, request, pk=None):
        """Ask for closing off (待销号) with the resolution and evidence (multipart field ``files``,
        repeated: PDF, JPEG or PNG). Without any evidence, or with a bad file, 400."""
        issue = self.get_object()
        data = self.parse()
        ledger.resolve(
            request.user,
            issue,
            resolution=data["resolution"],
            files=data["files"],
            expected_version=data.get("version"),
        )
        return self.answer(issue)

    @issue_action("核验销号（市重点办）", VerifySerializer)
    @action(detail=True, methods=["post"])
    def verify(self, request, pk=None):
        """The office closes the issue off (已销号), or sends it back (办理中) saying why."""
        issue = self.get_object()
        data = self.parse()
        ledger.verify(
            request.user,
            issue,
            accept=data["accept"],
            note=data["note"],
            expected_version=data.get("version"),
        )
        return self.answer(issue)

    @issue_action("重新打开（市重点办）", ReopenSerializer)
    @action(detail=True, methods=["post"])
    def reopen(self, request, pk=None):
        """Reopen a closed or pending issue with the reason and a new deadline."""
        issue = self.get_object()
        data = self.parse()
        ledger.reopen(
            request.user,
            issue,
            reason=data["reason"],
            deadline=data["deadline"],
            expected_version=data.get("version"),
        )
        return self.answer(issue)

    def _set_listed(self, request, listed):
        issue = self.get_object()
        data = self.parse()
        with transaction.atomic():
            # The service takes no version: check it under the same row lock it takes.
            locked = LedgerIssue.objects.select_for_update().get(pk=issue.pk)
            if data.get("version") is not None and data["version"] != locked.version:
                raise ConflictError()
            ledger.set_listed(request.user, locked, listed=listed, reason=data["reason"])
        return self.answer(issue)

    @issue_action("挂牌督办（市重点办）", ListingSerializer)
    @action(detail=True, methods=["post"], url_path="list", url_name="list-supervision")
    def list_issue(self, request, pk=None):
        """List the issue for supervision (挂牌督办). Listing a listed issue changes nothing."""
        return self._set_listed(request, True)

    @issue_action("取消挂牌督办（市重点办）", ListingSerializer)
    @action(detail=True, methods=["post"], url_path="unlist", url_name="unlist-supervision")
    def unlist_issue(self, request, pk=None):
        """End the listed supervision."""
        return self._set_listed(request, False)

    @extend_schema(summary="办理记录", responses={200: IssueJournalSerializer(many=True)})
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def journal(self, request, pk=None):
        """The issue's journal (办理台账), newest first: progress, status moves, escalations,
        verification, listing."""
        issue = self.get_object()
        entries = JOURNAL.filter(issue=issue).order_by("-at", "-pk")
        return Response(IssueJournalSerializer(entries, many=True).data)


@extend_schema_view(
    list=extend_schema(summary="办理记录列表"), retrieve=extend_schema(summary="办理记录详情")
)
class IssueJournalViewSet(ScopedReadViewSet):
    """Journal entries (办理记录) of the issues the user may see, newest first; filter by
    ``issue`` and ``kind``."""

    queryset = JOURNAL
    serializer_class = IssueJournalSerializer
    filterset_class = IssueJournalFilterSet


@extend_schema_view(
    list=extend_schema(summary="逾期提醒列表"), retrieve=extend_schema(summary="逾期提醒详情")
)
class OverdueFlagViewSet(ScopedReadViewSet):
    """Late approval tasks, supplements and milestones that the daily sweep flagged, once each,
    to their unit and the office; filter by ``kind``, ``unit`` and ``project``."""

    queryset = OverdueFlag.objects.select_related("project", "unit")
    serializer_class = OverdueFlagSerializer
    filterset_class = OverdueFlagFilterSet


class SignedIn(permissions.BasePermission):
    """Any signed-in, active user; the view's queryset holds only what they may read."""

    def has_permission(self, request, view):
        return bool(request.user and request.user.is_authenticated and request.user.is_active)


@extend_schema_view(
    list=extend_schema(summary="每周调度简报列表"), retrieve=extend_schema(summary="每周调度简报详情")
)
class WeeklyDigestViewSet(viewsets.ReadOnlyModelViewSet):
    """The weekly dispatch digests (每周调度简报) of the task forces the user is a member or the
    leader of (the office and city leaders: all), newest week first. Another task force's
    digest is a 404."""

    queryset = WeeklyDigest.objects.all()
    serializer_class = WeeklyDigestSerializer
    filterset_class = WeeklyDigestFilterSet
    permission_classes = [SignedIn]

    def get_queryset(self):
        return visible_digests(self.request.user).order_by("-week_start", "task_force_id", "pk")
