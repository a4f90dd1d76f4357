"""The task-force, work-plan and meeting API (精准服务), under /api/.

Everyone with a role reads. The office keeps task forces and their members;
whoever may change a project (the office; in their row scope a member of its
task force, staff of its responsible unit, its service commissioner) keeps its
work plan, and its meetings as the policies allow (``projects.policies``).
Writes call ``projects.services``, so a refusal there is a 403, a rule broken a
400 keyed by field, and a stale ``version`` a 409.
"""

from django.db.models import BooleanField, Count, ExpressionWrapper, OuterRef, Prefetch, Q, Subquery
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.response import Response

from projects.models import (
    ActionItem,
    DispatchMeeting,
    Milestone,
    MilestoneTemplate,
    TaskForce,
    TaskForceMember,
)
from projects.services import workplans

from .base import READ, WorkViewSet
from .inputs import ApplyTemplateSerializer
from .work_filtersets import (
    ActionItemFilterSet,
    DispatchMeetingFilterSet,
    MilestoneFilterSet,
    MilestoneTemplateFilterSet,
    TaskForceFilterSet,
    TaskForceMemberFilterSet,
)
from .work_serializers import (
    ActionItemSerializer,
    DispatchMeetingSerializer,
    MilestoneSerializer,
    MilestoneTemplateSerializer,
    TaskForceMemberSerializer,
    TaskForceSerializer,
)

MEMBERS = TaskForceMember.objects.select_related("task_force__project", "user__unit", "unit").order_by(
    "task_force_id", "pk"
)
LAST_MEETING = Subquery(
    DispatchMeeting.objects.filter(task_force=OuterRef("pk")).order_by("-held_on").values("held_on")[:1]
)


@extend_schema_view(
    list=extend_schema(summary="项目专班列表"),
    retrieve=extend_schema(summary="项目专班详情（成员、服务专员、下次调度会）"),
    create=extend_schema(summary="组建项目专班"),
    update=extend_schema(summary="修改项目专班"),
    partial_update=extend_schema(summary="修改项目专班（部分）"),
)
class TaskForceViewSet(WorkViewSet):
    """Task forces (项目专班): one per key project, led by a city leader. Members are kept at
    /api/task-force-members/. The office creates and edits them; a task force is not deleted
    (its meetings and membership are the record of the project's service)."""

    queryset = (
        TaskForce.objects.select_related("project__service_commissioner", "leader")
        .prefetch_related(Prefetch("members", queryset=MEMBERS))
        .annotate(last_meeting_on=LAST_MEETING)
        .order_by("project__code", "pk")
    )
    serializer_class = TaskForceSerializer
    filterset_class = TaskForceFilterSet
    http_method_names = [*READ, "post", "put", "patch"]


@extend_schema_view(
    list=extend_schema(summary="专班成员列表"),
    retrieve=extend_schema(summary="专班成员详情"),
    create=extend_schema(summary="增加专班成员"),
    update=extend_schema(summary="修改专班成员的部门和职责"),
    partial_update=extend_schema(summary="修改专班成员（部分）"),
    destroy=extend_schema(summary="移出专班成员"),
)
class TaskForceMemberViewSet(WorkViewSet):
    """Task-force members with the department they represent and their duty (职责). Membership
    is what lets task-force staff change a project, so only the office keeps it."""

    queryset = MEMBERS
    serializer_class = TaskForceMemberSerializer
    filterset_class = TaskForceMemberFilterSet


@extend_schema_view(
    list=extend_schema(summary="工作方案模板列表"), retrieve=extend_schema(summary="工作方案模板（含节点）")
)
class MilestoneTemplateViewSet(WorkViewSet):
    """Work-plan templates per project type (工作方案模板), read-only here (the office keeps them
    in the admin)."""

    queryset = MilestoneTemplate.objects.prefetch_related("items")
    serializer_class = MilestoneTemplateSerializer
    filterset_class = MilestoneTemplateFilterSet
    http_method_names = READ


@extend_schema_view(
    list=extend_schema(summary="工作节点列表"),
    retrieve=extend_schema(summary="工作节点详情"),
    create=extend_schema(summary="新增工作节点"),
    update=extend_schema(summary="修改工作节点"),
    partial_update=extend_schema(summary="修改工作节点（部分）"),
    destroy=extend_schema(summary="删除工作节点"),
)
class MilestoneViewSet(WorkViewSet):
    """Milestones of the projects' work plans (工作节点). ``status`` is derived from the dates
    and can be filtered on (未开始、进行中、已完成、已逾期)."""

    queryset = Milestone.objects.select_related("project", "owner", "owner_unit")
    serializer_class = MilestoneSerializer
    filterset_class = MilestoneFilterSet
    inputs = {"apply_template": ApplyTemplateSerializer}

    def get_queryset(self):
        return super().get_queryset().with_status(self.today)

    def perform_destroy(self, instance):
        workplans.delete_milestone(instance, actor=self.request.user)

    @extend_schema(
        summary="套用工作方案模板",
        request=ApplyTemplateSerializer,
        responses={201: MilestoneSerializer(many=True)},
    )
    @action(detail=False, methods=["post"], url_path="apply-template")
    def apply_template(self, request):
        """Add a template's nodes that the project does not have yet (by name), with planned dates
        counted from its planned start; answers with the nodes created."""
        data = self.parse()
        created = workplans.apply_template(data["project"], data["template"], actor=request.user)
        rows = self.get_queryset().filter(pk__in=[m.pk for m in created])
        serializer = MilestoneSerializer(rows, many=True, context=self.get_serializer_context())
        return Response(serializer.data, status=status.HTTP_201_CREATED)


@extend_schema_view(
    list=extend_schema(summary="调度会列表"),
    retrieve=extend_schema(summary="调度会详情"),
    create=extend_schema(summary="记录调度会"),
    update=extend_schema(summary="修改调度会"),
    partial_update=extend_schema(summary="修改调度会（部分）"),
    destroy=extend_schema(summary="删除调度会（连同交办事项）"),
)
class DispatchMeetingViewSet(WorkViewSet):
    """Dispatch meetings (调度会) of the task forces: minutes, attendees, decisions. Their action
    items are at /api/action-items/?meeting=<id>."""

    queryset = (
        DispatchMeeting.objects.select_related("task_force__project", "chair", "created_by")
        .prefetch_related("attendees")
        .annotate(
            action_item_count=Count("action_items"),
            open_action_item_count=Count("action_items", filter=Q(action_items__done_on__isnull=True)),
        )
        .order_by("-held_on", "-pk")
    )
    serializer_class = DispatchMeetingSerializer
    filterset_class = DispatchMeetingFilterSet


@extend_schema_view(
    list=extend_schema(summary="交办事项列表"),
    retrieve=extend_schema(summary="交办事项详情"),
    create=extend_schema(summary="新增交办事项"),
    update=extend_schema(summary="修改交办事项"),
    partial_update=extend_schema(summary="修改交办事项（部分，如填写完成日期）"),
    destroy=extend_schema(summary="删除交办事项"),
)
class ActionItemViewSet(WorkViewSet):
    """Action items (交办事项) of the dispatch meetings, with owner and due date; close one by
    setting ``done_on``."""

    queryset = ActionItem.objects.select_related("meeting__task_force", "owner", "owner_unit")
    serializer_class = ActionItemSerializer
    filterset_class = ActionItemFilterSet

    def get_queryset(self):
        overdue = Q(done_on__isnull=True, due_date__lt=self.today)
        return (
            super()
            .get_queryset()
            .annotate(is_overdue=ExpressionWrapper(overdue, output_field=BooleanField()))
        )
