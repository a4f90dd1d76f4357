"""Task forces (专班), work plans (工作方案) and dispatch meetings (调度会) in the API.

Milestones, meetings and action items are saved through ``projects.services``
(permission on the project, validation, history); task forces and their members
are plain office-kept records saved by the base viewset. Dates are ISO dates.
"""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.validators import UniqueValidator

from accounts.models import Unit
from projects import lookups
from projects.choices import MilestoneStatus
from projects.models import (
    ActionItem,
    DispatchMeeting,
    Milestone,
    MilestoneTemplate,
    MilestoneTemplateItem,
    Project,
    TaskForce,
    TaskForceMember,
)
from projects.services import meetings, workplans

from .base import KeepCurrentMixin, ServiceSerializer, active_users, today_of


def name_of(source, **kwargs):
    return serializers.CharField(source=source, read_only=True, allow_null=True, **kwargs)


def active_units():
    return Unit.objects.filter(is_active=True)


# -- task forces -------------------------------------------------------------------------


class TaskForceMemberSerializer(KeepCurrentMixin, serializers.ModelSerializer):
    """A member of a task force with the department they represent and their duty (职责)."""

    url = serializers.HyperlinkedIdentityField(view_name="api:task-force-member-detail")
    user = serializers.PrimaryKeyRelatedField(queryset=active_users())
    user_name = name_of("user.display_name")
    unit = serializers.PrimaryKeyRelatedField(
        queryset=lookups.responsible_units(),
        required=False,
        allow_null=True,
        help_text="成员代表的部门；不填则取其所在单位",
    )
    unit_name = serializers.SerializerMethodField(help_text="成员代表的部门（未填时为其所在单位）")

    keep_current = ("user", "unit")

    class Meta:
        model = TaskForceMember
        fields = ["id", "url", "task_force", "user", "user_name", "unit", "unit_name", "duty"]
        # the duplicate check is ``validate``'s, with a message keyed by ``user``
        validators = []

    def get_unit_name(self, member) -> str | None:
        unit = member.unit or member.user.unit
        return unit.name if unit else None

    def validate(self, attrs):
        task_force = attrs.get("task_force", getattr(self.instance, "task_force", None))
        user = attrs.get("user", getattr(self.instance, "user", None))
        taken = TaskForceMember.objects.filter(task_force=task_force, user=user)
        if self.instance is not None:
            taken = taken.exclude(pk=self.instance.pk)
        if taken.exists():
            raise serializers.ValidationError({"user": _("该用户已是这个专班的成员。")})
        return attrs


class TaskForceSerializer(KeepCurrentMixin, serializers.ModelSerializer):
    """A project's task force (项目专班): the leading city leader, members with their department
    and duty, the project's service commissioner, and the meeting rhythm with the next date."""

    url = serializers.HyperlinkedIdentityField(view_name="api:task-force-detail")
    project = serializers.PrimaryKeyRelatedField(
        queryset=Project.objects.all(),
        validators=[UniqueValidator(TaskForce.objects.all(), message=_("该项目已有专班。"))],
    )
    project_code = serializers.CharField(source="project.code", read_only=True)
    project_name = serializers.CharField(source="project.name", read_only=True)
    leader = serializers.PrimaryKeyRelatedField(queryset=active_users(), required=False, allow_null=True)
    leader_name = name_of("leader.display_name")
    meeting_frequency_display = serializers.CharField(source="get_meeting_frequency_display", read_only=True)
    meeting_weekday_display = serializers.CharField(source="get_meeting_weekday_display", read_only=True)
    service_commissioner = serializers.IntegerField(
        source="project.service_commissioner_id", read_only=True, allow_null=True, help_text="项目服务专员"
    )
    service_commissioner_name = name_of("project.service_commissioner.display_name")
    members = TaskForceMemberSerializer(many=True, read_only=True)
    last_meeting_on = serializers.DateField(read_only=True, allow_null=True, help_text="最近一次调度会日期")
    next_meeting_on = serializers.SerializerMethodField(help_text="按调度会频次推算的下次调度会日期")

    keep_current = ("leader",)

    class Meta:
        model = TaskForce
        fields = [
            "id",
            "url",
            "project",
            "project_code",
            "project_name",
            "name",
            "leader",
            "leader_name",
            "service_commissioner",
            "service_commissioner_name",
            "members",
            "meeting_frequency",
            "meeting_frequency_display",
            "meeting_weekday",
            "meeting_weekday_display",
            "last_meeting_on",
            "next_meeting_on",
        ]

    def validate_project(self, project):
        if isinstance(self.instance, TaskForce) and project != self.instance.project:
            raise serializers.ValidationError(_("专班所属项目不能更改。"))
        return project

    @extend_schema_field(serializers.DateField())
    def get_next_meeting_on(self, task_force):
        return meetings.next_meeting_date(task_force, today_of(self), last_held_on=task_force.last_meeting_on)


# -- work plans ----------------------------------------------------------------------------


class MilestoneTemplateItemSerializer(serializers.ModelSerializer):
    phase_display = serializers.CharField(source="get_phase_display", read_only=True)

    class Meta:
        model = MilestoneTemplateItem
        fields = ["id", "name", "phase", "phase_display", "offset_days", "sort_order"]
        read_only_fields = fields


class MilestoneTemplateSerializer(serializers.ModelSerializer):
    """A standard chain of nodes for a project type (工作方案模板); apply it with
    POST /api/milestones/apply-template/."""

    project_type_display = serializers.CharField(source="get_project_type_display", read_only=True)
    items = MilestoneTemplateItemSerializer(many=True, read_only=True)

    class Meta:
        model = MilestoneTemplate
        fields = ["id", "name", "project_type", "project_type_display", "is_active", "items"]
        read_only_fields = fields


class MilestoneSerializer(ServiceSerializer):
    """A node of a project's work plan (工作节点). ``status`` follows from the dates: 已完成 with
    an actual date, 已逾期 past the planned date, 进行中 once started, else 未开始."""

    url = serializers.HyperlinkedIdentityField(view_name="api:milestone-detail")
    project_code = serializers.CharField(source="project.code", read_only=True)
    project_name = serializers.CharField(source="project.name", read_only=True)
    phase_display = serializers.CharField(source="get_phase_display", read_only=True)
    owner = serializers.PrimaryKeyRelatedField(queryset=active_users(), required=False, allow_null=True)
    owner_name = name_of("owner.display_name")
    owner_unit = serializers.PrimaryKeyRelatedField(queryset=active_units(), required=False, allow_null=True)
    owner_unit_name = name_of("owner_unit.name")
    status = serializers.ChoiceField(
        choices=MilestoneStatus.choices, source="status_code", read_only=True, help_text="由日期推算"
    )
    status_display = serializers.CharField(read_only=True)

    keep_current = ("owner", "owner_unit")
    fixed = ("project",)

    class Meta:
        model = Milestone
        fields = [
            "id",
            "url",
            "project",
            "project_code",
            "project_name",
            "name",
            "phase",
            "phase_display",
            "owner",
            "owner_name",
            "owner_unit",
            "owner_unit_name",
            "planned_date",
            "started_on",
            "actual_date",
            "status",
            "status_display",
            "note",
            "sort_order",
            "version",
        ]

    def create(self, validated_data):
        project, _version = self.split(validated_data, "project", "version")
        return workplans.save_milestone(actor=self.actor, project=project, **validated_data)

    def update(self, instance, validated_data):
        _project, version = self.split(validated_data, "project", "version")
        return workplans.save_milestone(
            actor=self.actor, milestone=instance, expected_version=version, **validated_data
        )


# -- dispatch meetings ---------------------------------------------------------------------


class DispatchMeetingSerializer(ServiceSerializer):
    """A dispatch meeting (调度会) of a task force: minutes, attendees, decisions."""

    url = serializers.HyperlinkedIdentityField(view_name="api:meeting-detail")
    project = serializers.IntegerField(source="task_force.project_id", read_only=True)
    project_name = serializers.CharField(source="task_force.project.name", read_only=True)
    chair = serializers.PrimaryKeyRelatedField(queryset=active_users(), required=False, allow_null=True)
    chair_name = name_of("chair.display_name")
    attendees = serializers.PrimaryKeyRelatedField(
        many=True, queryset=active_users(), required=False, help_text="参会人员（用户ID）"
    )
    attendee_names = serializers.SerializerMethodField()
    created_by_name = name_of("created_by.display_name")
    action_item_count = serializers.IntegerField(read_only=True, help_text="交办事项数")
    open_action_item_count = serializers.IntegerField(read_only=True, help_text="未完成的交办事项数")

    keep_current = ("chair",)
    fixed = ("task_force",)

    class Meta:
        model = DispatchMeeting
        fields = [
            "id",
            "url",
            "task_force",
            "project",
            "project_name",
            "held_on",
            "location",
            "chair",
            "chair_name",
            "attendees",
            "attendee_names",
            "minutes",
            "decisions",
            "action_item_count",
            "open_action_item_count",
            "created_by",
            "created_by_name",
            "created_at",
            "version",
        ]
        read_only_fields = ["created_by", "created_at"]

    def get_attendee_names(self, meeting) -> list[str]:
        return [user.display_name for user in meeting.attendees.all()]

    def create(self, validated_data):
        task_force, attendees, _version = self.split(validated_data, "task_force", "attendees", "version")
        return meetings.save_meeting(
            actor=self.actor, task_force=task_force, attendees=attendees, **validated_data
        )

    def update(self, instance, validated_data):
        _task_force, attendees, version = self.split(validated_data, "task_force", "attendees", "version")
        return meetings.save_meeting(
            actor=self.actor,
            meeting=instance,
            attendees=attendees,
            expected_version=version,
            **validated_data,
        )


class ActionItemSerializer(ServiceSerializer):
    """An action item (交办事项) agreed at a meeting, with owner and due date. ``is_overdue``: not
    done and past its due date. (The issue ledger turns one into a ledger issue.)"""

    url = serializers.HyperlinkedIdentityField(view_name="api:action-item-detail")
    project = serializers.IntegerField(source="meeting.task_force.project_id", read_only=True)
    task_force = serializers.IntegerField(source="meeting.task_force_id", read_only=True)
    held_on = serializers.DateField(source="meeting.held_on", read_only=True, help_text="会议日期")
    owner = serializers.PrimaryKeyRelatedField(queryset=active_users(), required=False, allow_null=True)
    owner_name = name_of("owner.display_name")
    owner_unit = serializers.PrimaryKeyRelatedField(queryset=active_units(), required=False, allow_null=True)
    owner_unit_name = name_of("owner_unit.name")
    is_done = serializers.SerializerMethodField()
    is_overdue = serializers.BooleanField(read_only=True)

    keep_current = ("owner", "owner_unit")
    fixed = ("meeting",)

    class Meta:
        model = ActionItem
        fields = [
            "id",
            "url",
            "meeting",
            "task_force",
            "project",
            "held_on",
            "title",
            "owner",
            "owner_name",
            "owner_unit",
            "owner_unit_name",
            "due_date",
            "done_on",
            "is_done",
            "is_overdue",
            "note",
            "version",
        ]

    def get_is_done(self, item) -> bool:
        return item.done_on is not None

    def create(self, validated_data):
        meeting, _version = self.split(validated_data, "meeting", "version")
        return meetings.save_action_item(actor=self.actor, meeting=meeting, **validated_data)

    def update(self, instance, validated_data):
        _meeting, version = self.split(validated_data, "meeting", "version")
        return meetings.save_action_item(
            actor=self.actor, item=instance, expected_version=version, **validated_data
        )
