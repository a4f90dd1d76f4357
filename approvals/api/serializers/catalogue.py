"""The approval catalogue (审批事项清单): stages, items and their materials, kept by the office."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers
from rest_framework.validators import UniqueValidator

from accounts.choices import UnitKind
from accounts.models import Unit

from ...choices import MaterialKind
from ...models import ApprovalItem, ApprovalStage, ItemMaterial


def departments():
    return Unit.objects.filter(kind=UnitKind.DEPARTMENT)


def name_of(source, **kwargs):
    return serializers.CharField(source=source, read_only=True, allow_null=True, **kwargs)


class ApprovalStageSerializer(serializers.ModelSerializer):
    """A stage of the national process (1–4), or the parallel line beside them (no number)."""

    url = serializers.HyperlinkedIdentityField(view_name="api:approval-stage-detail")
    code = serializers.CharField(
        max_length=20,
        validators=[UniqueValidator(ApprovalStage.objects.all(), message=_("阶段编码已存在。"))],
    )
    number = serializers.IntegerField(
        min_value=1, max_value=4, required=False, allow_null=True, help_text="国家阶段序号 1–4；并行事项不填"
    )
    lead_unit = serializers.PrimaryKeyRelatedField(queryset=departments(), required=False, allow_null=True)
    lead_unit_name = name_of("lead_unit.name")
    is_parallel = serializers.BooleanField(read_only=True, help_text="并行推进事项（无国家阶段序号）")

    class Meta:
        model = ApprovalStage
        fields = [
            "id",
            "url",
            "code",
            "number",
            "name",
            "time_limit",
            "lead_unit",
            "lead_unit_name",
            "is_parallel",
            "sort_order",
        ]


def check_supply_later(kind, may_supply_later):
    """The catalogue's rule (the model's CheckConstraint), as a 400 keyed by field."""
    if may_supply_later and kind != MaterialKind.SECONDARY:
        raise serializers.ValidationError({"may_supply_later": _("只有次要材料可以容缺后补。")})


class ItemMaterialSerializer(serializers.ModelSerializer):
    """A material an item requires: main (主要) or secondary (次要). Only a secondary one may be
    marked ``may_supply_later`` (容缺后补): missing at intake, it is accepted on a promise."""

    url = serializers.HyperlinkedIdentityField(view_name="api:item-material-detail")
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = ItemMaterial
        fields = [
            "id",
            "url",
            "item",
            "name",
            "kind",
            "kind_display",
            "may_supply_later",
            "is_official_document",
            "sort_order",
        ]

    def validate(self, attrs):
        if self.instance is not None and "item" in attrs and attrs["item"] != self.instance.item:
            raise serializers.ValidationError({"item": _("材料创建后不能改到其他事项。")})

        def current(name, default):
            return attrs.get(name, getattr(self.instance, name, default))

        check_supply_later(current("kind", ""), current("may_supply_later", False))
        return attrs


class ApprovalItemSerializer(serializers.ModelSerializer):
    """An approval item (审批事项) with its department, its time limits in working days (承诺时限
    is what deadlines use; 0 = same day) and its required materials (read-only here; they
    are kept at /api/item-materials/)."""

    url = serializers.HyperlinkedIdentityField(view_name="api:approval-item-detail")
    code = serializers.CharField(
        max_length=40,
        validators=[UniqueValidator(ApprovalItem.objects.all(), message=_("事项编码已存在。"))],
    )
    stage_name = name_of("stage.name")
    department = serializers.PrimaryKeyRelatedField(queryset=departments())
    department_name = name_of("department.name")
    materials = ItemMaterialSerializer(many=True, read_only=True)

    class Meta:
        model = ApprovalItem
        fields = [
            "id",
            "url",
            "stage",
            "stage_name",
            "code",
            "name",
            "department",
            "department_name",
            "statutory_limit",
            "statutory_note",
            "promised_limit",
            "promise_system",
            "is_milestone",
            "is_active",
            "sort_order",
            "materials",
        ]
