"""Pieces the reserve serializers share: summaries they nest, the optional change reason."""

from rest_framework import serializers

from projects.models import Project


class UserSummarySerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(source="display_name", read_only=True)


class ProjectSummarySerializer(serializers.ModelSerializer):
    """The project an entry, plan item or round item is about."""

    project_type_display = serializers.CharField(source="get_project_type_display", read_only=True)
    stage_display = serializers.CharField(source="get_stage_display", read_only=True)
    industry_name = serializers.CharField(source="industry.name", read_only=True)
    town_name = serializers.CharField(source="town.name", read_only=True)

    class Meta:
        model = Project
        fields = [
            "id",
            "code",
            "name",
            "project_type",
            "project_type_display",
            "industry",
            "industry_name",
            "town",
            "town_name",
            "stage",
            "stage_display",
            "total_investment",
            "owner_enterprise",
        ]
        read_only_fields = fields


class ChangeReasonMixin(serializers.Serializer):
    """An optional ``reason`` written into the history record of a plain edit."""

    reason = serializers.CharField(
        write_only=True, required=False, allow_blank=True, help_text="修改理由（可选，记入修改历史）"
    )

    def create(self, validated_data):
        reason = validated_data.pop("reason", "").strip()
        instance = self.Meta.model(**validated_data)
        if reason:
            instance._change_reason = reason
        instance.save()
        return instance

    def update(self, instance, validated_data):
        reason = validated_data.pop("reason", "").strip()
        if reason:
            instance._change_reason = reason
        return super().update(instance, validated_data)
