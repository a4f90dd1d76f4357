"""The bodies of the assessment API's create and actions: shape and types only.

The rules (who may, in which state, what must be explained) are
``assessment.services``'s, which the views call with the validated data.
"""

from rest_framework import serializers

from accounts.models import Unit
from issues.api.inputs import StrictInput
from projects.models import Project

from ..choices import OutcomeKind, PeriodKind, ToleranceDecision
from ..models import Indicator, ProjectAssessment


def text(help_text, **kwargs):
    return serializers.CharField(required=False, allow_blank=True, default="", help_text=help_text, **kwargs)


class OpenPeriodSerializer(StrictInput):
    year = serializers.IntegerField(min_value=2000, max_value=2100, help_text="年度")
    kind = serializers.ChoiceField(choices=PeriodKind.choices, default=PeriodKind.ANNUAL, help_text="周期")
    quarter = serializers.IntegerField(
        required=False, allow_null=True, default=None, min_value=1, max_value=4, help_text="季度（季度考核）"
    )
    name = text("名称（默认按年度/季度生成）", max_length=100)


class PeriodStepSerializer(StrictInput):
    """No fields."""


class DecideOutcomeSerializer(StrictInput):
    outcome = serializers.ChoiceField(choices=OutcomeKind.choices, help_text="结果运用")
    reason = text("调整理由（与拟定结果不同时必填）", max_length=200)


class EnterFigureSerializer(StrictInput):
    indicator = serializers.PrimaryKeyRelatedField(queryset=Indicator.objects.all(), help_text="指标 ID")
    figure = serializers.DecimalField(
        max_digits=14, decimal_places=2, allow_null=True, help_text="数值（空：清除）"
    )
    source_note = serializers.CharField(max_length=200, allow_blank=True, help_text="数据来源说明")
    reason = text("更正理由（更正已有数据或平台计算数据时必填）")
    evidence = serializers.FileField(
        required=False,
        allow_null=True,
        default=None,
        help_text="佐证材料（PDF、JPEG 或 PNG；填报的数据必附，以 multipart/form-data 上传）",
    )


class ToleranceApplySerializer(StrictInput):
    project = serializers.PrimaryKeyRelatedField(queryset=Project.objects.all(), help_text="项目 ID")
    unit = serializers.PrimaryKeyRelatedField(queryset=Unit.objects.all(), help_text="申请单位 ID")
    result = serializers.PrimaryKeyRelatedField(
        queryset=ProjectAssessment.objects.all(),
        required=False,
        allow_null=True,
        default=None,
        help_text="被问责的考核结果 ID（事前容错报备不填）",
    )
    first_trial = serializers.BooleanField(default=False, help_text="先行先试")
    facts = text("事实经过")
    policy_direction = text("是否符合政策方向")
    public_good = text("是否出于公心、为了公共利益")
    no_private_gain = text("是否未谋取私利")


class ToleranceAcceptSerializer(StrictInput):
    accept = serializers.BooleanField(default=True, help_text="受理；false：不予受理")
    reason = text("不予受理的理由")


class ToleranceVerifySerializer(StrictInput):
    findings = text("核实情况")


class ToleranceDetermineSerializer(StrictInput):
    decision = serializers.ChoiceField(choices=ToleranceDecision.choices, help_text="认定结果")
    reason = text("认定理由")


class ToleranceFileSerializer(StrictInput):
    filed_to = text("报备单位", max_length=100)
