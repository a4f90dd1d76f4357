"""The pool: entries and their moves."""

from django.db import transaction
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from liuyang.exceptions import ConflictError
from projects import lookups
from reserve import services
from reserve.models import ReserveEntry, ReserveMove

from ..inputs import reason_field
from .common import ProjectSummarySerializer

#: fields of an entry that only an action changes, with the action to use instead
STATE_FIELDS = {
    "tier": _("储备层级只能通过“调整层级”操作（change-tier）修改，并须填写理由。"),
    "status": _(
        "状态只能通过入库、调整出库（remove）、重新入库（restore）或纳入年度计划（add-to-plan）改变。"
    ),
    "project": _("储备项目对应的项目不能修改。"),
}


class ReserveMoveSerializer(serializers.ModelSerializer):
    """One move of a pool entry (入库、调整层级、纳入年度计划、调整出库 …) with its reason."""

    url = serializers.HyperlinkedIdentityField(view_name="api:reserve-move-detail")
    project = serializers.IntegerField(source="entry.project_id", read_only=True)
    project_code = serializers.CharField(source="entry.project.code", read_only=True)
    project_name = serializers.CharField(source="entry.project.name", read_only=True)
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    from_tier_display = serializers.CharField(source="get_from_tier_display", read_only=True)
    to_tier_display = serializers.CharField(source="get_to_tier_display", read_only=True)
    actor_name = serializers.CharField(source="actor.display_name", read_only=True)

    class Meta:
        model = ReserveMove
        fields = [
            "id",
            "url",
            "entry",
            "project",
            "project_code",
            "project_name",
            "kind",
            "kind_display",
            "from_tier",
            "from_tier_display",
            "to_tier",
            "to_tier_display",
            "reason",
            "evaluation_round",
            "actor",
            "actor_name",
            "created_at",
        ]
        read_only_fields = fields


class EntryMoveSerializer(ReserveMoveSerializer):
    """A move as listed on its entry (the entry and project are the page's)."""

    class Meta(ReserveMoveSerializer.Meta):
        fields = [
            f
            for f in ReserveMoveSerializer.Meta.fields
            if f not in {"entry", "project", "project_code", "project_name"}
        ]
        read_only_fields = fields


class ReserveEntrySerializer(serializers.ModelSerializer):
    """A project in the reserve pool (储备项目).

    Tier and status are read-only here: they change only through the actions
    (change-tier, remove, restore, add-to-plan), each with a required reason.
    The plain fields (responsible unit and person, time nodes, goals) may be
    edited by the office with PUT / PATCH and a required reason
    (``services.update_entry``); the change is kept in the history.
    """

    url = serializers.HyperlinkedIdentityField(view_name="api:reserve-entry-detail")
    project = ProjectSummarySerializer(read_only=True)
    tier_display = serializers.CharField(source="get_tier_display", read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    responsible_unit = serializers.PrimaryKeyRelatedField(queryset=lookups.responsible_units())
    responsible_unit_name = serializers.CharField(source="responsible_unit.name", read_only=True)
    is_due = serializers.SerializerMethodField(help_text="是否待评估：在库且超过规定期限未评估")
    version = serializers.IntegerField(
        required=False,
        min_value=1,
        help_text="乐观并发：修改时带上读取到的版本号，若已被他人修改则返回 409。",
    )
    reason = reason_field("修改理由（必填，记入修改历史）", write_only=True)

    class Meta:
        model = ReserveEntry
        fields = [
            "id",
            "url",
            "project",
            "tier",
            "tier_display",
            "status",
            "status_display",
            "responsible_unit",
            "responsible_unit_name",
            "responsible_person",
            "prep_deadline",
            "target_start",
            "time_nodes",
            "expected_goals",
            "entered_on",
            "last_evaluated_on",
            "is_due",
            "version",
            "reason",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["tier", "status", "entered_on", "last_evaluated_on", "created_at", "updated_at"]

    def get_fields(self):
        fields = super().get_fields()
        # An entry keeps its retired responsible unit choosable.
        if isinstance(self.instance, ReserveEntry):
            fields["responsible_unit"].queryset = lookups.responsible_units(self.instance.responsible_unit_id)
        return fields

    def get_is_due(self, entry) -> bool:
        return services.is_due(entry)

    def validate(self, attrs):
        refused = {name: [message] for name, message in STATE_FIELDS.items() if name in self.initial_data}
        if refused:
            raise serializers.ValidationError(refused)
        return attrs

    def update(self, entry, validated_data):
        expected = validated_data.pop("version", None)
        reason = validated_data.pop("reason", "")
        with transaction.atomic():
            # The service saves its own locked copy, so the version is compared here, under the lock.
            if expected is not None:
                current = (
                    ReserveEntry.objects.select_for_update()
                    .values_list("version", flat=True)
                    .get(pk=entry.pk)
                )
                if current != expected:
                    raise ConflictError()
            return services.update_entry(
                entry, actor=self.context["request"].user, reason=reason, **validated_data
            )


class ReserveEntryDetailSerializer(ReserveEntrySerializer):
    """An entry with its moves, newest first."""

    moves = EntryMoveSerializer(many=True, read_only=True)

    class Meta(ReserveEntrySerializer.Meta):
        fields = [*ReserveEntrySerializer.Meta.fields, "moves"]
