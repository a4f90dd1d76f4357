"""Evaluation: criteria, rounds with their ranking, scores."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from reserve import services
from reserve.choices import Decision, PlanCategory, Tier
from reserve.models import EvaluationCriterion, EvaluationRound, RoundCriterion, Score

from .common import ChangeReasonMixin, ProjectSummarySerializer, UserSummarySerializer


class EvaluationCriterionSerializer(ChangeReasonMixin, serializers.ModelSerializer):
    """A weighted evaluation criterion (评估指标). The active ones' weights must total 100 when a
    round opens; a round keeps a snapshot, so later edits don't change past rounds."""

    url = serializers.HyperlinkedIdentityField(view_name="api:reserve-criterion-detail")

    class Meta:
        model = EvaluationCriterion
        fields = [
            "id",
            "url",
            "name",
            "description",
            "weight",
            "max_score",
            "sort_order",
            "is_active",
            "reason",
        ]


class RoundCriterionSerializer(serializers.ModelSerializer):
    """A criterion as it stood when the round opened. Scores refer to this id."""

    class Meta:
        model = RoundCriterion
        fields = ["id", "criterion", "name", "weight", "max_score"]
        read_only_fields = fields


class EvaluationRoundSerializer(serializers.ModelSerializer):
    """An evaluation round (项目评估轮次)."""

    url = serializers.HyperlinkedIdentityField(view_name="api:reserve-round-detail")
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    criteria = RoundCriterionSerializer(many=True, read_only=True)
    evaluators = UserSummarySerializer(many=True, read_only=True)
    item_count = serializers.IntegerField(read_only=True, help_text="参评项目数")
    decided_count = serializers.IntegerField(read_only=True, help_text="已决策项目数")
    is_evaluator = serializers.SerializerMethodField(help_text="当前用户是否为本轮评估人")

    class Meta:
        model = EvaluationRound
        fields = [
            "id",
            "url",
            "name",
            "plan_year",
            "opened_on",
            "status",
            "status_display",
            "notes",
            "criteria",
            "evaluators",
            "is_evaluator",
            "item_count",
            "decided_count",
            "applied_on",
            "applied_by",
            "created_at",
        ]
        read_only_fields = fields

    def get_is_evaluator(self, evaluation_round) -> bool:
        request = self.context.get("request")
        user_id = getattr(getattr(request, "user", None), "pk", None)
        return any(user.pk == user_id for user in evaluation_round.evaluators.all())


class CriterionAverageSerializer(serializers.Serializer):
    criterion = serializers.IntegerField(help_text="轮次指标 ID")
    name = serializers.CharField()
    average = serializers.DecimalField(
        max_digits=8, decimal_places=2, allow_null=True, help_text="各评估人平均分；无人评分时为 null"
    )


class RoundResultSerializer(serializers.Serializer):
    """One project of a round: averages per criterion, weighted total, rank, and the decision."""

    id = serializers.IntegerField(source="item.pk", help_text="评估项目 ID（评分、决策时使用）")
    entry = serializers.IntegerField(source="item.entry_id")
    project = ProjectSummarySerializer(source="item.entry.project")
    tier = serializers.ChoiceField(choices=Tier.choices, source="item.entry.tier")
    tier_display = serializers.CharField(source="item.entry.get_tier_display")
    averages = serializers.SerializerMethodField()
    total = serializers.DecimalField(
        max_digits=8, decimal_places=2, allow_null=True, help_text="加权总分（0–100）；评分不全时为 null"
    )
    rank = serializers.IntegerField(allow_null=True, help_text="排名（同分同名次）；评分不全时为 null")
    evaluators = serializers.IntegerField(help_text="已评分的评估人数")
    complete = serializers.BooleanField(help_text="每个指标都有评分")
    decision = serializers.ChoiceField(
        choices=Decision.choices, allow_blank=True, source="item.decision", help_text="决策（未决策时为空）"
    )
    decision_display = serializers.CharField(source="item.get_decision_display")
    new_tier = serializers.ChoiceField(choices=Tier.choices, allow_blank=True, source="item.new_tier")
    plan_category = serializers.ChoiceField(
        choices=PlanCategory.choices, allow_blank=True, source="item.plan_category"
    )
    planned_investment = serializers.DecimalField(
        source="item.planned_investment", max_digits=14, decimal_places=2, allow_null=True
    )
    target_milestones = serializers.CharField(source="item.target_milestones")
    decision_reason = serializers.CharField(source="item.decision_reason")
    decided_by = serializers.IntegerField(source="item.decided_by_id", allow_null=True)
    decided_at = serializers.DateTimeField(source="item.decided_at", allow_null=True)

    @extend_schema_field(CriterionAverageSerializer(many=True))
    def get_averages(self, row):
        criteria = self.context["criteria"]
        averages = [
            {"criterion": c.pk, "name": c.name, "average": average}
            for c, average in zip(criteria, row["averages"], strict=True)
        ]
        return CriterionAverageSerializer(averages, many=True).data


class EvaluationRoundDetailSerializer(EvaluationRoundSerializer):
    """A round with its projects ranked (``services.round_results``)."""

    items = serializers.SerializerMethodField()

    class Meta(EvaluationRoundSerializer.Meta):
        fields = [*EvaluationRoundSerializer.Meta.fields, "items"]
        read_only_fields = fields

    @extend_schema_field(RoundResultSerializer(many=True))
    def get_items(self, evaluation_round):
        context = {**self.context, "criteria": list(evaluation_round.criteria.all())}
        return RoundResultSerializer(
            services.round_results(evaluation_round), many=True, context=context
        ).data


class ScoreSerializer(serializers.ModelSerializer):
    """One evaluator's score of one project on one criterion."""

    url = serializers.HyperlinkedIdentityField(view_name="api:reserve-score-detail")
    evaluation_round = serializers.IntegerField(source="item.evaluation_round_id", read_only=True)
    project = serializers.IntegerField(source="item.entry.project_id", read_only=True)
    project_name = serializers.CharField(source="item.entry.project.name", read_only=True)
    criterion_name = serializers.CharField(source="criterion.name", read_only=True)
    evaluator_name = serializers.CharField(source="evaluator.display_name", read_only=True)

    class Meta:
        model = Score
        fields = [
            "id",
            "url",
            "evaluation_round",
            "item",
            "project",
            "project_name",
            "criterion",
            "criterion_name",
            "evaluator",
            "evaluator_name",
            "value",
            "comment",
            "updated_at",
        ]
        read_only_fields = fields
