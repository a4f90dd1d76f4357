import copy

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import serializers

from projects import lookups
from projects.choices import PolicyTag
from projects.models import EDITABLE_FIELDS, Project
from projects.rules import check_project


class ProjectSerializer(serializers.ModelSerializer):
    """A key project. Money in 万元 (decimal strings)."""

    url = serializers.HyperlinkedIdentityField(view_name="api:project-detail")
    industry = serializers.PrimaryKeyRelatedField(queryset=lookups.industries())
    responsible_unit = serializers.PrimaryKeyRelatedField(queryset=lookups.responsible_units())
    town = serializers.PrimaryKeyRelatedField(queryset=lookups.towns())
    service_commissioner = serializers.PrimaryKeyRelatedField(
        queryset=lookups.service_commissioners(), required=False, allow_null=True
    )
    policy_tags = serializers.ListField(
        child=serializers.ChoiceField(choices=PolicyTag.choices), required=False
    )
    industry_name = serializers.CharField(source="industry.name", read_only=True)
    responsible_unit_name = serializers.CharField(source="responsible_unit.name", read_only=True)
    town_name = serializers.CharField(source="town.name", read_only=True)
    project_type_display = serializers.CharField(source="get_project_type_display", read_only=True)
    stage_display = serializers.CharField(source="get_stage_display", read_only=True)
    version = serializers.IntegerField(
        required=False,
        min_value=1,
        help_text="乐观并发：修改时带上读取到的版本号，若已被他人修改则返回 409。",
    )

    class Meta:
        model = Project
        fields = [
            "id",
            "url",
            *EDITABLE_FIELDS,
            "project_type_display",
            "industry_name",
            "stage_display",
            "responsible_unit_name",
            "town_name",
            "version",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["created_at", "updated_at"]

    def get_fields(self):
        fields = super().get_fields()
        # Keep a project's retired industry/unit/person choosable on that project.
        project = self.instance if isinstance(self.instance, Project) else None
        if project is not None:
            for name, queryset in lookups.for_project(project).items():
                fields[name].queryset = queryset
        return fields

    def create(self, validated_data):
        validated_data.pop("version", None)
        return super().create(validated_data)

    def update(self, instance, validated_data):
        expected = validated_data.pop("version", None)
        if expected is not None:
            instance.expected_version = expected
        return super().update(instance, validated_data)

    def validate(self, attrs):
        # The same cross-field rules as the form (projects.rules), on the merged result.
        candidate = copy.copy(self.instance) if self.instance is not None else Project()
        for name, value in attrs.items():
            if name != "version":
                setattr(candidate, name, value)
        if candidate.policy_tags is None:
            candidate.policy_tags = []
        try:
            check_project(candidate)
        except DjangoValidationError as exc:
            raise serializers.ValidationError(exc.message_dict) from exc
        return attrs
