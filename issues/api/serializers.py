"""What the issues API returns, and the fields the office edits (categories, an issue's description).

An issue changes status and level only through ``issues.services.ledger`` (the
actions' bodies are in ``inputs.py``); the office's PATCH edits its descriptive
fields, checked by ``services.ledger.check_issue`` and saved with its ``version``.
"""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers
from rest_framework.validators import UniqueValidator

from accounts.models import Unit, User

from ..choices import LEVEL_COLOURS, IssueStatus, JournalKind
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
from ..services.ledger import check_issue


def today_of(serializer):
    return serializer.context.get("today") or timezone.localdate()


def name_of(source, **kwargs):
    return serializers.CharField(source=source, read_only=True, allow_null=True, **kwargs)


def display_of(field, allow_null=False):
    """The label of a choice; ``allow_null`` where the value may be empty (an integer choice gives null)."""
    return serializers.CharField(source=f"get_{field}_display", read_only=True, allow_null=allow_null)


def level_of(help_text):
    """A level inside another record: the value (its enum is on the issue's own ``level``)."""
    return serializers.IntegerField(read_only=True, allow_null=True, help_text=help_text)


def status_of(help_text):
    """A status inside another record: the value (its enum is on the issue's own ``status``)."""
    return serializers.CharField(read_only=True, help_text=help_text)


class IssueCategorySerializer(serializers.ModelSerializer):
    """A kind of problem (用地、资金、审批、征拆 …); the office keeps the list."""

    url = serializers.HyperlinkedIdentityField(view_name="api:issue-category-detail")
    name = serializers.CharField(
        max_length=30,
        validators=[UniqueValidator(IssueCategory.objects.all(), message=_("问题类别已存在。"))],
    )

    class Meta:
        model = IssueCategory
        fields = ["id", "url", "name", "sort_order", "is_active"]


class IssueEvidenceSerializer(serializers.ModelSerializer):
    """A file proving a resolution (批文、证照、现场照片、会议纪要 …)."""

    uploaded_by_name = name_of("uploaded_by.display_name")

    class Meta:
        model = IssueEvidence
        fields = ["id", "original_name", "size", "uploaded_by", "uploaded_by_name", "uploaded_at"]
        read_only_fields = fields


class EscalationStepSerializer(serializers.ModelSerializer):
    """One step up the ladder, taken when the deadline passed: the level and deadline before and after."""

    from_level = level_of("原层级（1–4，同问题的 level）")
    from_level_display = display_of("from_level", allow_null=True)
    to_level = level_of("新层级")
    to_level_display = display_of("to_level", allow_null=True)

    class Meta:
        model = EscalationStep
        fields = [
            "id",
            "from_level",
            "from_level_display",
            "to_level",
            "to_level_display",
            "old_deadline",
            "new_deadline",
            "at",
        ]
        read_only_fields = fields


class IssueJournalSerializer(serializers.ModelSerializer):
    """One entry of an issue's journal (办理台账); ``actor`` is empty for the platform's own moves."""

    kind_display = display_of("kind")
    kind_colour = serializers.SerializerMethodField(help_text="徽标颜色")
    from_status = status_of("原状态（同问题的 status；无状态变化时为空）")
    from_status_display = display_of("from_status")
    to_status = status_of("新状态（无状态变化时为空）")
    to_status_display = display_of("to_status")
    from_level = level_of("原层级（1–4；无层级变化时为空）")
    from_level_display = display_of("from_level", allow_null=True)
    to_level = level_of("新层级（无层级变化时为空）")
    to_level_display = display_of("to_level", allow_null=True)
    actor_name = name_of("actor.display_name", help_text="系统自动处理时为空")

    class Meta:
        model = IssueJournal
        fields = [
            "id",
            "issue",
            "kind",
            "kind_display",
            "kind_colour",
            "text",
            "from_status",
            "from_status_display",
            "to_status",
            "to_status_display",
            "from_level",
            "from_level_display",
            "to_level",
            "to_level_display",
            "actor",
            "actor_name",
            "at",
        ]
        read_only_fields = fields

    def get_kind_colour(self, entry) -> str:
        return JournalKind.colour(entry.kind)


class LedgerIssueSerializer(serializers.ModelSerializer):
    """A ledger issue (问题): who must solve what by when, at which level of the ladder.

    ``status``: 交办 assigned → 办理中 in_progress → 待销号 pending_closure → 已销号 closed
    (a closed or pending issue can be reopened). ``level`` 1–4: 责任单位办理, 市重点办协调,
    市级领导领办, 向上汇报争取; set by ``nature`` at intake and raised one step each time the
    deadline passes (``escalations``). ``is_overdue``: open and past its deadline.
    Send the ``version`` you read with an action or an edit to be told (409) when
    someone changed the issue since.
    """

    url = serializers.HyperlinkedIdentityField(view_name="api:issue-detail")
    project_code = name_of("project.code")
    project_name = name_of("project.name")
    category_name = name_of("category.name")
    source_display = display_of("source")
    nature_display = display_of("nature")
    raised_by_name = name_of("raised_by.display_name")
    responsible_unit_name = name_of("responsible_unit.name")
    responsible_person_name = name_of("responsible_person.display_name")
    leader_name = name_of("leader.display_name")
    level_display = display_of("level")
    level_colour = serializers.SerializerMethodField(help_text="徽标颜色")
    status_display = display_of("status")
    status_colour = serializers.SerializerMethodField(help_text="徽标颜色")
    is_overdue = serializers.SerializerMethodField(help_text="在办（交办、办理中）且已过办结时限")
    closed_by_name = name_of("closed_by.display_name")
    journal_count = serializers.IntegerField(read_only=True, help_text="办理记录条数")
    evidence = IssueEvidenceSerializer(many=True, read_only=True)
    escalations = EscalationStepSerializer(many=True, read_only=True)

    class Meta:
        model = LedgerIssue
        fields = [
            "id",
            "url",
            "project",
            "project_code",
            "project_name",
            "title",
            "description",
            "category",
            "category_name",
            "source",
            "source_display",
            "action_item",
            "nature",
            "nature_display",
            "raised_by",
            "raised_by_name",
            "raised_on",
            "responsible_unit",
            "responsible_unit_name",
            "responsible_person",
            "responsible_person_name",
            "leader",
            "leader_name",
            "deadline",
            "level",
            "level_display",
            "level_colour",
            "listed",
            "status",
            "status_display",
            "status_colour",
            "is_overdue",
            "resolution",
            "resolved_on",
            "closed_on",
            "closed_by",
            "closed_by_name",
            "reopened_count",
            "journal_count",
            "evidence",
            "escalations",
            "version",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    def get_level_colour(self, issue) -> str:
        return LEVEL_COLOURS.get(issue.level, "")

    def get_status_colour(self, issue) -> str:
        return IssueStatus.colour(issue.status)

    def get_is_overdue(self, issue) -> bool:
        return issue.is_overdue(today_of(self))


class IssueEditSerializer(serializers.ModelSerializer):
    """The office's edit of an issue's descriptive fields (PATCH). Status, level and listing
    change only through the actions. ``version`` is the one you read (409 when stale)."""

    category = serializers.PrimaryKeyRelatedField(
        queryset=IssueCategory.objects.all(), help_text="问题类别 ID"
    )
    responsible_unit = serializers.PrimaryKeyRelatedField(
        queryset=Unit.objects.filter(is_active=True), help_text="责任单位 ID"
    )
    responsible_person = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.filter(is_active=True),
        required=False,
        allow_null=True,
        help_text="责任人（用户 ID，须为责任单位的人员）",
    )
    leader = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.filter(is_active=True),
        required=False,
        allow_null=True,
        help_text="领办市领导（用户 ID；复杂问题必填）",
    )
    version = serializers.IntegerField(
        required=False, min_value=1, help_text="读取到的版本号；若已被他人修改则返回 409"
    )
    change_reason = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=100,
        write_only=True,
        help_text="修改说明（记入修改记录）",
    )

    class Meta:
        model = LedgerIssue
        fields = [
            "title",
            "description",
            "category",
            "responsible_unit",
            "responsible_person",
            "leader",
            "deadline",
            "version",
            "change_reason",
        ]

    def validate_title(self, value):
        value = value.strip()
        if not value:
            raise serializers.ValidationError(_("请填写问题。"))
        return value

    def validate_deadline(self, value):
        current = self.instance.deadline if self.instance is not None else None
        if value != current and value < today_of(self):
            raise serializers.ValidationError(_("新的办结时限不能早于今天。"))
        return value

    def update(self, issue, validated_data):
        """Save through the model's version check, after the ledger's cross-field rules."""
        version = validated_data.pop("version", None)
        reason = (validated_data.pop("change_reason", "") or "").strip()
        before = ledger.snapshot(issue)
        for name, value in validated_data.items():
            setattr(issue, name, value)
        check_issue(issue, today_of(self))
        if version is not None:
            issue.expected_version = version
        issue._change_reason = reason or "修改问题信息"
        issue.save()
        ledger.note_edit(self.context["request"].user, issue, before)
        return issue


class OverdueFlagSerializer(serializers.ModelSerializer):
    """A late approval task, supplement or milestone, flagged once to its unit and the office."""

    kind_display = display_of("kind")
    project_code = name_of("project.code")
    project_name = name_of("project.name")
    unit_name = name_of("unit.name")

    class Meta:
        model = OverdueFlag
        fields = [
            "id",
            "kind",
            "kind_display",
            "object_id",
            "project",
            "project_code",
            "project_name",
            "unit",
            "unit_name",
            "title",
            "due_date",
            "flagged_on",
        ]
        read_only_fields = fields


class WeeklyDigestSerializer(serializers.ModelSerializer):
    """A task force's weekly dispatch digest (每周调度简报): the snapshot composed before its
    meeting and sent to its members and leader. ``content`` is what was sent, not today's figures."""

    task_force_name = name_of("task_force.name")
    project = serializers.IntegerField(source="task_force.project_id", read_only=True)
    project_name = name_of("task_force.project.name")
    week_label = serializers.CharField(read_only=True)
    content = serializers.JSONField(read_only=True, help_text="简报内容快照")

    class Meta:
        model = WeeklyDigest
        fields = [
            "id",
            "task_force",
            "task_force_name",
            "project",
            "project_name",
            "iso_year",
            "iso_week",
            "week_label",
            "week_start",
            "created_at",
            "content",
        ]
        read_only_fields = fields
