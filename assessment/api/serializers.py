"""What the assessment API returns, and the indicators the office edits.

Periods, results and fault-tolerance applications change only through
``assessment.services`` (the actions' bodies are in ``inputs.py``).
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.urls import reverse
from rest_framework import serializers

from ..models import (
    AssessmentPeriod,
    FaultToleranceApplication,
    Indicator,
    IndicatorResult,
    IndicatorScheme,
    ProjectAssessment,
)
from ..rules import check_indicator

#: the fields ``check_indicator`` reads
RULE_FIELDS = ("rule", "params", "source", "metric")


def display_of(field):
    return serializers.CharField(source=f"get_{field}_display", read_only=True)


def name_of(source):
    return serializers.CharField(source=source, read_only=True, allow_null=True)


class IndicatorSerializer(serializers.ModelSerializer):
    """An indicator of a scheme: weight (full points), scoring rule and parameters, figure source."""

    rule_display = display_of("rule")
    source_display = display_of("source")

    class Meta:
        model = Indicator
        fields = [
            "id",
            "scheme",
            "code",
            "name",
            "weight",
            "rule",
            "rule_display",
            "params",
            "source",
            "source_display",
            "metric",
            "unit_label",
            "sort_order",
        ]

    def validate(self, attrs):
        attrs = super().validate(attrs)
        current = self.instance
        values = {} if current is None else {name: getattr(current, name) for name in RULE_FIELDS}
        candidate = Indicator(**{**values, **attrs})
        try:
            check_indicator(candidate)
        except DjangoValidationError as exc:
            raise serializers.ValidationError(exc.message_dict) from exc
        return attrs


class IndicatorSchemeSerializer(serializers.ModelSerializer):
    """The indicators a project type is assessed on (差异化考核指标体系)."""

    project_type_display = display_of("project_type")
    indicators = IndicatorSerializer(many=True, read_only=True)

    class Meta:
        model = IndicatorScheme
        fields = ["id", "project_type", "project_type_display", "name", "veto_score", "indicators"]


class AssessmentPeriodSerializer(serializers.ModelSerializer):
    status_display = display_of("status")
    kind_display = display_of("kind")
    opened_by_name = name_of("opened_by.get_full_name")

    class Meta:
        model = AssessmentPeriod
        fields = [
            "id",
            "name",
            "kind",
            "kind_display",
            "year",
            "quarter",
            "starts_on",
            "ends_on",
            "status",
            "status_display",
            "computed_at",
            "closed_at",
            "published_at",
            "opened_by",
            "opened_by_name",
        ]
        read_only_fields = fields


class UnitResultSerializer(serializers.Serializer):
    """One responsible unit's row in a period (``assessment.selectors.unit_results``)."""

    rank = serializers.IntegerField()
    responsible_unit_id = serializers.IntegerField()
    unit = serializers.CharField()
    projects = serializers.IntegerField()
    average = serializers.DecimalField(max_digits=7, decimal_places=2)
    excellent = serializers.IntegerField()
    failed = serializers.IntegerField()
    commended = serializers.IntegerField()
    interviewed = serializers.IntegerField()
    accountable = serializers.IntegerField()


class IndicatorLineSerializer(serializers.ModelSerializer):
    """One indicator of a result: the figure, its source, the points and why."""

    indicator_code = name_of("indicator.code")
    indicator_name = name_of("indicator.name")
    weight = serializers.DecimalField(
        source="indicator.weight", max_digits=7, decimal_places=2, read_only=True
    )
    source = serializers.CharField(source="indicator.source", read_only=True)
    evidence_url = serializers.SerializerMethodField(help_text="佐证材料下载地址（无则为空）")

    class Meta:
        model = IndicatorResult
        fields = [
            "id",
            "indicator",
            "indicator_code",
            "indicator_name",
            "weight",
            "source",
            "figure",
            "source_note",
            "points",
            "why",
            "entered_by",
            "evidence_url",
        ]
        read_only_fields = fields

    def get_evidence_url(self, line) -> str | None:
        if not line.evidence:
            return None
        url = reverse("assessment:result_evidence", args=[line.assessment_id, line.pk])
        request = self.context.get("request")
        return request.build_absolute_uri(url) if request else url


class ProjectAssessmentSerializer(serializers.ModelSerializer):
    project_code = name_of("project.code")
    project_name = name_of("project.name")
    project_type = serializers.CharField(source="scheme.project_type", read_only=True)
    responsible_unit_name = name_of("responsible_unit.name")
    grade_display = display_of("grade")
    outcome_display = display_of("outcome")

    class Meta:
        model = ProjectAssessment
        fields = [
            "id",
            "period",
            "project",
            "project_code",
            "project_name",
            "project_type",
            "responsible_unit",
            "responsible_unit_name",
            "score",
            "vetoed",
            "grade",
            "grade_display",
            "rank",
            "proposed_outcome",
            "outcome",
            "outcome_display",
            "outcome_reason",
        ]
        read_only_fields = fields


class ProjectAssessmentDetailSerializer(ProjectAssessmentSerializer):
    indicators = IndicatorLineSerializer(many=True, read_only=True)

    class Meta(ProjectAssessmentSerializer.Meta):
        fields = [*ProjectAssessmentSerializer.Meta.fields, "indicators"]
        read_only_fields = fields


class ToleranceApplicationSerializer(serializers.ModelSerializer):
    project_name = name_of("project.name")
    unit_name = name_of("unit.name")
    step_display = display_of("step")
    decision_display = display_of("decision")

    class Meta:
        model = FaultToleranceApplication
        fields = [
            "id",
            "result",
            "project",
            "project_name",
            "unit",
            "unit_name",
            "applicant",
            "before_acting",
            "facts",
            "policy_direction",
            "public_good",
            "no_private_gain",
            "first_trial",
            "step",
            "step_display",
            "verification",
            "decision",
            "decision_display",
            "decision_reason",
            "original_outcome",
            "adjusted_outcome",
            "filed_to",
            "applied_at",
            "updated_at",
        ]
        read_only_fields = fields
