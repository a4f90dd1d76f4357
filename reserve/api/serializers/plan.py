"""The annual implementation plan: plans with their totals, and plan items."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from projects.models import Project
from reserve import services
from reserve.models import AnnualPlan, AnnualPlanItem

from .common import ProjectSummarySerializer


class AnnualPlanItemSerializer(serializers.ModelSerializer):
    """A project in a year's implementation plan (年度实施计划)."""

    url = serializers.HyperlinkedIdentityField(view_name="api:reserve-plan-item-detail")
    year = serializers.IntegerField(source="plan.year", read_only=True)
    project = ProjectSummarySerializer(read_only=True)
    category_display = serializers.CharField(source="get_category_display", read_only=True)
    source_display = serializers.CharField(source="get_source_display", read_only=True)
    evaluation_round_name = serializers.CharField(
        source="evaluation_round.name", read_only=True, allow_null=True, default=None
    )
    added_by_name = serializers.CharField(source="added_by.display_name", read_only=True)

    class Meta:
        model = AnnualPlanItem
        fields = [
            "id",
            "url",
            "plan",
            "year",
            "project",
            "category",
            "category_display",
            "planned_investment",
            "target_milestones",
            "source",
            "source_display",
            "evaluation_round",
            "evaluation_round_name",
            "reason",
            "added_by",
            "added_by_name",
            "added_at",
        ]
        read_only_fields = fields


class AnnualPlanSerializer(serializers.ModelSerializer):
    """A year's implementation plan. Plans are also created on the fly when a project enters a year."""

    url = serializers.HyperlinkedIdentityField(view_name="api:reserve-plan-detail", lookup_field="year")
    display_title = serializers.CharField(source="__str__", read_only=True)
    item_count = serializers.IntegerField(read_only=True, help_text="计划项目数")
    planned_investment_total = serializers.DecimalField(
        max_digits=16, decimal_places=2, read_only=True, help_text="年度计划投资合计（万元）"
    )

    class Meta:
        model = AnnualPlan
        fields = [
            "id",
            "url",
            "year",
            "title",
            "display_title",
            "notes",
            "item_count",
            "planned_investment_total",
        ]

    def get_fields(self):
        fields = super().get_fields()
        if isinstance(self.instance, AnnualPlan):
            fields["year"].read_only = True
        return fields


class PlanTotalSerializer(serializers.Serializer):
    key = serializers.CharField(allow_null=True, help_text="分组值（类别、类型代码，或产业、乡镇名称）")
    label = serializers.CharField(help_text="分组名称")
    count = serializers.IntegerField(help_text="项目数")
    investment = serializers.DecimalField(max_digits=16, decimal_places=2, help_text="年度计划投资（万元）")


class PlanTotalsSerializer(serializers.Serializer):
    category = PlanTotalSerializer(many=True, help_text="按计划类别（新开工、续建、竣工）")
    project_type = PlanTotalSerializer(many=True, help_text="按项目类型")
    industry = PlanTotalSerializer(many=True, help_text="按产业")
    town = PlanTotalSerializer(many=True, help_text="按乡镇/街道")


class AnnualPlanDetailSerializer(AnnualPlanSerializer):
    """A plan with its totals by category, type, industry and town (``services.plan_totals``)."""

    totals = serializers.SerializerMethodField()

    class Meta(AnnualPlanSerializer.Meta):
        fields = [*AnnualPlanSerializer.Meta.fields, "totals"]

    @extend_schema_field(PlanTotalsSerializer)
    def get_totals(self, plan):
        labels = {
            "category": dict(AnnualPlanItem._meta.get_field("category").flatchoices),
            "project_type": dict(Project._meta.get_field("project_type").flatchoices),
        }
        unnamed = _("（未填写）")
        totals = services.plan_totals(plan)
        return PlanTotalsSerializer(
            {
                group: [
                    {
                        "key": key,
                        "label": str(labels.get(group, {}).get(key, key) or unnamed),
                        "count": count,
                        "investment": investment,
                    }
                    for key, count, investment in rows
                ]
                for group, rows in totals.items()
            }
        ).data
