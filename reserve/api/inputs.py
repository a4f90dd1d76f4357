"""The bodies of the reserve API's actions: their shape and choices.

The rules (is the entry in the pool, is the tier another one, is the score within
the criterion's maximum, may this user do it) are checked by ``reserve.services``,
which the views call with the validated data.
"""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from accounts.models import User
from accounts.roles import Role
from projects import lookups
from projects.models import Project
from reserve.choices import Decision, PlanCategory, Tier
from reserve.models import MONEY, ReserveEntry, RoundItem

REASON_REQUIRED = _("请填写理由。")


def reason_field(help_text, **kwargs):
    return serializers.CharField(
        help_text=help_text,
        error_messages={"required": REASON_REQUIRED, "blank": REASON_REQUIRED, "null": REASON_REQUIRED},
        **kwargs,
    )


def money_field(**kwargs):
    return serializers.DecimalField(
        max_digits=MONEY["max_digits"], decimal_places=MONEY["decimal_places"], min_value=0, **kwargs
    )


def evaluators():
    """Who may be named an evaluator: active users who hold a role (and can therefore read the round)."""
    return (
        User.objects.filter(is_active=True)
        .filter(Q(is_superuser=True) | Q(groups__name__in=Role.values))
        .distinct()
    )


def no_duplicates(values, message):
    if len({v.pk for v in values}) != len(values):
        raise serializers.ValidationError(message)
    return values


class EnterPoolSerializer(serializers.Serializer):
    """Enter a project into the pool (入库). A project taken out before re-enters (重新入库)."""

    project = serializers.PrimaryKeyRelatedField(queryset=Project.objects.all())
    tier = serializers.ChoiceField(choices=Tier.choices)
    responsible_unit = serializers.PrimaryKeyRelatedField(queryset=lookups.responsible_units())
    responsible_person = serializers.CharField(max_length=50)
    prep_deadline = serializers.DateField(required=False, allow_null=True, help_text="前期工作完成时限")
    target_start = serializers.DateField(required=False, allow_null=True, help_text="计划开工时间节点")
    time_nodes = serializers.CharField(required=False, allow_blank=True, help_text="其他时间节点")
    expected_goals = serializers.CharField(required=False, allow_blank=True, help_text="预期目标")
    entered_on = serializers.DateField(required=False, allow_null=True, help_text="入库日期，默认今天")
    reason = reason_field("入库理由（必填）")


class ChangeTierSerializer(serializers.Serializer):
    new_tier = serializers.ChoiceField(choices=Tier.choices)
    reason = reason_field("调整理由（必填）")


class ReasonSerializer(serializers.Serializer):
    reason = reason_field("理由（必填）")


class RestoreSerializer(serializers.Serializer):
    """Re-enter a removed entry (重新入库); tier, unit and person default to the entry's."""

    tier = serializers.ChoiceField(choices=Tier.choices, required=False)
    responsible_unit = serializers.PrimaryKeyRelatedField(
        queryset=lookups.responsible_units(), required=False
    )
    responsible_person = serializers.CharField(max_length=50, required=False)
    reason = reason_field("重新入库理由（必填）")


class PlanPlacementSerializer(serializers.Serializer):
    """Put a project into a year's implementation plan (纳入年度实施计划)."""

    year = serializers.IntegerField(min_value=2000, max_value=2100)
    category = serializers.ChoiceField(choices=PlanCategory.choices)
    planned_investment = money_field(help_text="年度计划投资（万元），不超过项目总投资")
    target_milestones = serializers.CharField(required=False, allow_blank=True, help_text="年度目标节点")
    reason = reason_field("纳入理由（必填）")


class DirectPlanItemSerializer(PlanPlacementSerializer):
    """Put a project into a year's plan directly (市重点办直接纳入)."""

    project = serializers.PrimaryKeyRelatedField(queryset=Project.objects.all())


class OpenRoundSerializer(serializers.Serializer):
    """Open an evaluation round on pool entries, naming its evaluators."""

    name = serializers.CharField(max_length=100, help_text="例如“2026 年二季度评估”")
    plan_year = serializers.IntegerField(
        min_value=2000, max_value=2100, help_text="决定“纳入年度实施计划”的项目进入该年度的计划"
    )
    opened_on = serializers.DateField(required=False, allow_null=True, help_text="开始日期，默认今天")
    notes = serializers.CharField(required=False, allow_blank=True)
    entries = serializers.PrimaryKeyRelatedField(
        many=True, queryset=ReserveEntry.objects.select_related("project"), help_text="参评的在库储备项目 ID"
    )
    evaluators = serializers.PrimaryKeyRelatedField(
        many=True,
        queryset=evaluators(),
        help_text="评估人（有角色的在职用户）ID",
        error_messages={"does_not_exist": _("用户“{pk_value}”不存在、已停用或没有角色，不能担任评估人。")},
    )

    def validate_entries(self, entries):
        return no_duplicates(entries, _("储备项目重复。"))

    def validate_evaluators(self, users):
        return no_duplicates(users, _("评估人重复。"))


class DecisionSerializer(serializers.Serializer):
    """The office's decision on one project of a round (not yet applied)."""

    decision = serializers.ChoiceField(choices=Decision.choices)
    new_tier = serializers.ChoiceField(
        choices=Tier.choices, required=False, allow_blank=True, help_text="调整层级时必填"
    )
    plan_category = serializers.ChoiceField(
        choices=PlanCategory.choices, required=False, allow_blank=True, help_text="纳入年度计划时必填"
    )
    planned_investment = money_field(required=False, allow_null=True, help_text="纳入年度计划时必填（万元）")
    target_milestones = serializers.CharField(
        required=False, allow_blank=True, default="", help_text="纳入年度计划时的年度目标节点"
    )
    reason = reason_field("决策理由（必填）")


class ScoreLineSerializer(serializers.Serializer):
    criterion = serializers.IntegerField(help_text="轮次指标 ID（轮次详情的 criteria[].id）")
    value = serializers.DecimalField(
        max_digits=6, decimal_places=2, min_value=0, help_text="得分，0 到该指标满分"
    )
    comment = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class ScoreSheetSerializer(serializers.Serializer):
    """The signed-in evaluator's scores of one project; sending a criterion again replaces its score."""

    item = serializers.PrimaryKeyRelatedField(queryset=RoundItem.objects.all(), help_text="评估项目 ID")
    scores = ScoreLineSerializer(many=True, allow_empty=False)

    def validate_scores(self, lines):
        # Errors keyed by the line's position, as DRF reports the lines' own errors.
        seen, errors = set(), {}
        for index, line in enumerate(lines):
            if line["criterion"] in seen:
                errors[index] = {"criterion": [_("同一指标只能评一次分。")]}
            seen.add(line["criterion"])
        if errors:
            raise serializers.ValidationError(errors)
        return lines
