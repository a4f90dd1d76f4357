"""The bodies of the investment API's lead and element-request writes: shape and types only.

The rules (who may, in which stage, what must be explained) are ``investment.services``'s,
which the views call with the validated data.
"""

from rest_framework import serializers

from accounts.models import Unit, User
from issues.api.inputs import StrictInput, version_field
from projects.choices import ProjectType
from projects.models import Industry, Project
from reserve.choices import Tier

from ..choices import ContactWay, ElementKind, LeadMode, Region, TalentBenefit
from ..models import ChainLink, InvestmentTeam


def blank_text(help_text, **kwargs):
    return serializers.CharField(required=False, allow_blank=True, default="", help_text=help_text, **kwargs)


def optional_date(help_text):
    return serializers.DateField(required=False, allow_null=True, default=None, help_text=help_text)


class LeadFieldsSerializer(StrictInput):
    company = serializers.CharField(max_length=200, help_text="目标企业")
    region = serializers.ChoiceField(choices=Region.choices, help_text="所在区域")
    link = serializers.PrimaryKeyRelatedField(
        queryset=ChainLink.objects.all(), required=False, allow_null=True, help_text="补链环节 ID"
    )
    mode = serializers.ChoiceField(choices=LeadMode.choices, help_text="招商方式")
    team = serializers.PrimaryKeyRelatedField(
        queryset=InvestmentTeam.objects.all(), help_text="招商小分队 ID"
    )
    owner = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.filter(is_active=True), required=False, help_text="负责人（用户 ID；默认本人）"
    )
    project_name = serializers.CharField(max_length=200, help_text="拟建项目")
    intended_investment = serializers.DecimalField(
        max_digits=14, decimal_places=2, min_value=0, help_text="意向投资（万元）"
    )
    contact_person = blank_text("企业联系人", max_length=50)
    next_step = blank_text("下一步工作", max_length=200)
    next_step_due = optional_date("下一步时限")


class LeadCreateSerializer(LeadFieldsSerializer):
    """A new lead (stage 线索) for one of the user's teams (any team for the office)."""


class LeadUpdateSerializer(LeadFieldsSerializer):
    """Change a lead's fields (only those sent: read as a partial body); stage, project and dates
    move through the actions."""

    reason = blank_text("修改说明", max_length=200)
    version = version_field()


class ContactSerializer(StrictInput):
    way = serializers.ChoiceField(choices=ContactWay.choices, help_text="联系方式")
    text = serializers.CharField(help_text="联系情况")
    on = optional_date("联系日期（默认今天）")
    next_step = blank_text("下一步工作", max_length=200)
    next_step_due = optional_date("下一步时限")
    version = version_field()


class AdvanceSerializer(StrictInput):
    note = blank_text("推进情况")
    next_step = blank_text("下一步工作", max_length=200)
    next_step_due = optional_date("下一步时限")
    version = version_field()


class DropSerializer(StrictInput):
    reason = blank_text("终止原因", max_length=200)
    version = version_field()


class SignSerializer(StrictInput):
    code = serializers.CharField(max_length=30, help_text="项目编号（如 LY2026-061）")
    project_type = serializers.ChoiceField(choices=ProjectType.choices, help_text="项目类型")
    industry = serializers.PrimaryKeyRelatedField(queryset=Industry.objects.all(), help_text="所属产业 ID")
    town = serializers.PrimaryKeyRelatedField(
        queryset=Unit.objects.filter(kind="town"), help_text="乡镇/街道 ID"
    )
    responsible_unit = serializers.PrimaryKeyRelatedField(
        queryset=Unit.objects.all(), help_text="责任单位 ID"
    )
    responsible_person = serializers.CharField(max_length=50, help_text="责任人")
    tier = serializers.ChoiceField(choices=Tier.choices, help_text="储备层级")
    signed_on = optional_date("签约日期（默认今天）")
    version = version_field()


class LandSerializer(StrictInput):
    landed_on = optional_date("落地日期（默认今天）")
    note = blank_text("落地情况")
    version = version_field()


class RaiseElementSerializer(StrictInput):
    project = serializers.PrimaryKeyRelatedField(queryset=Project.objects.all(), help_text="项目 ID")
    kind = serializers.ChoiceField(choices=ElementKind.choices, help_text="要素类别")
    title = serializers.CharField(max_length=200, help_text="事项")
    detail = blank_text("需求说明")
    responsible_unit = serializers.PrimaryKeyRelatedField(
        queryset=Unit.objects.all(), help_text="责任部门 ID"
    )
    deadline = serializers.DateField(help_text="办理时限")
    land_area = serializers.DecimalField(
        max_digits=10, decimal_places=2, min_value=0, required=False, help_text="用地面积（亩；用地需求必填）"
    )
    standard_land = serializers.BooleanField(required=False, help_text="标准地（拿地即开工）")
    bank = serializers.CharField(max_length=100, required=False, help_text="对接银行（融资需求必填）")
    amount = serializers.DecimalField(
        max_digits=14,
        decimal_places=2,
        min_value=0,
        required=False,
        help_text="融资金额（万元；融资需求必填）",
    )
    benefit = serializers.ChoiceField(
        choices=TalentBenefit.choices, required=False, help_text="人才待遇（人才需求必填）"
    )
    headcount = serializers.IntegerField(min_value=1, required=False, help_text="人数（人才需求必填）")


class TakeUpSerializer(StrictInput):
    """No fields."""


class CloseElementSerializer(StrictInput):
    guaranteed = serializers.BooleanField(help_text="true：已保障；false：不予保障")
    result = blank_text("办理结果，或不予保障的理由")
