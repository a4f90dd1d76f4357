"""The bodies of the approvals API's actions, and the query parameters of its calculators.

Shape and types are checked here; the rules (may this user act, is the task open, is
every main material there, is the deadline within the promised completion, is the file
a real PDF/JPEG/PNG) are ``approvals.services``', which the views call with the
validated data. Materials travel as multipart fields named ``material_<id>`` (one
file each) and supplement deadlines as ``deadline_<id>`` (ISO dates), the names
``services.intake.material_field`` / ``deadline_field`` give them.
"""

import re

from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from accounts.choices import UnitKind
from accounts.models import Unit
from projects.models import Project

from ..choices import MaterialKind
from ..models import ApprovalItem, ApprovalStage, ItemMaterial
from ..services.intake import deadline_field

MATERIAL_KEY = re.compile(r"material_(\d+)")
DEADLINE_KEY = re.compile(r"deadline_(\d+)")
#: form fields a browser or the browsable API may add to a body
IGNORED_KEYS = frozenset({"csrfmiddlewaretoken"})

FILE_REQUIRED = _("请选择要上传的文件。")
REASON_REQUIRED = _("请填写理由。")


def version_field():
    return serializers.IntegerField(
        required=False, min_value=1, help_text="读取到的版本号；若已被他人修改则返回 409"
    )


def text(max_length, help_text="", **kwargs):
    return serializers.CharField(
        max_length=max_length, required=False, allow_blank=True, default="", help_text=help_text, **kwargs
    )


def values_of(data, key):
    return data.getlist(key) if hasattr(data, "getlist") else [data[key]]


class DynamicFieldsMixin:
    """Parse the ``material_<id>`` files (and, where ``takes_deadlines``, the ``deadline_<id>``
    dates) next to the declared fields; any other field is an error, not silently dropped."""

    takes_deadlines = False

    def to_internal_value(self, data):
        errors = {}
        try:
            values = super().to_internal_value(data)
        except serializers.ValidationError as exc:
            values, errors = {}, dict(exc.detail)
        uploads, deadlines = {}, {}
        for key in data:
            if key in self.fields or key in IGNORED_KEYS:
                continue
            material = MATERIAL_KEY.fullmatch(key)
            deadline = DEADLINE_KEY.fullmatch(key) if self.takes_deadlines else None
            if material:
                sent = values_of(data, key)
                if len(sent) != 1:
                    errors[key] = [_("每种材料只能上传一个文件。")]
                elif not isinstance(sent[0], UploadedFile):
                    errors[key] = [_("请以文件形式上传材料（multipart/form-data）。")]
                else:
                    uploads[int(material[1])] = sent[0]
            elif deadline:
                sent = [value for value in values_of(data, key) if value not in ("", None)]
                if len(sent) > 1:
                    errors[key] = [_("每种材料只能填写一个补齐期限。")]
                elif sent:
                    try:
                        deadlines[int(deadline[1])] = serializers.DateField().run_validation(sent[0])
                    except serializers.ValidationError as exc:
                        errors[key] = exc.detail
            else:
                errors[key] = [_("未知的字段“%(name)s”。") % {"name": key}]
        if errors:
            raise serializers.ValidationError(errors)
        values["uploads"] = uploads
        if self.takes_deadlines:
            values["supplement_deadlines"] = deadlines
        return values


class IntakeSerializer(DynamicFieldsMixin, serializers.Serializer):
    """Submit a case at the single window (multipart/form-data).

    Besides these fields: one file per material as ``material_<id>`` (PDF, JPEG or PNG;
    the ids are those of the items' ``materials``), and optionally, for a secondary
    material that may come later and is not uploaded, its supplement deadline as
    ``deadline_<id>`` (default and latest: the item's promised completion). Missing
    secondary materials need ``promise_signed_by`` and the signed ``promise_letter``.
    """

    takes_deadlines = True

    project = serializers.PrimaryKeyRelatedField(queryset=Project.objects.all(), help_text="项目 ID")
    stage = serializers.PrimaryKeyRelatedField(queryset=ApprovalStage.objects.all(), help_text="审批阶段 ID")
    items = serializers.PrimaryKeyRelatedField(
        many=True,
        required=False,
        queryset=ApprovalItem.objects.all(),
        help_text="申报的审批事项 ID（可重复该字段）",
    )
    applicant_name = text(200, "申请人（必填）")
    applicant_credit_code = text(18, "统一社会信用代码")
    legal_representative = text(50, "法定代表人")
    contact_person = text(50, "联系人")
    contact_phone = text(20, "联系电话")
    promise_signed_by = text(50, "容缺受理承诺书签署人（缺少次要材料时必填）")
    promise_letter = serializers.FileField(
        required=False, allow_null=True, help_text="签署的容缺受理承诺书（缺少次要材料时必填）"
    )

    def validate(self, attrs):
        items = attrs.get("items", [])
        if len({item.pk for item in items}) != len(items):
            raise serializers.ValidationError({"items": _("审批事项重复。")})
        deadlines = attrs["supplement_deadlines"]
        if deadlines:
            later = set(
                ItemMaterial.objects.filter(
                    item__in=items, kind=MaterialKind.SECONDARY, may_supply_later=True
                ).values_list("pk", flat=True)
            )
            errors = {
                deadline_field(material_id): [_("该材料不属于所选事项，或不可容缺后补，不能设置补齐期限。")]
                for material_id in sorted(set(deadlines) - later)
            }
            if errors:
                raise serializers.ValidationError(errors)
            # A deadline for a material that is uploaded after all is not needed.
            attrs["supplement_deadlines"] = {
                key: day for key, day in deadlines.items() if key not in attrs["uploads"]
            }
        return attrs


class VersionSerializer(serializers.Serializer):
    version = version_field()


class ApproveSerializer(VersionSerializer):
    document_number = text(100, "批文或证照编号（必填）")
    note = serializers.CharField(required=False, allow_blank=True, default="", help_text="办理意见（可选）")


class TaskReasonSerializer(VersionSerializer):
    reason = serializers.CharField(
        required=False, allow_blank=True, default="", help_text="理由（必填）：不予许可理由或需补正的内容"
    )


class ResubmitSerializer(DynamicFieldsMixin, VersionSerializer):
    """The corrected materials (multipart/form-data): one file per material as ``material_<id>``
    (materials of the task's item), and/or a ``note`` on what was corrected."""

    note = serializers.CharField(required=False, allow_blank=True, default="", help_text="补正情况说明")


class SupplySerializer(serializers.Serializer):
    """The promised material (multipart/form-data): PDF, JPEG or PNG within the size limit."""

    file = serializers.FileField(
        error_messages={
            "required": FILE_REQUIRED,
            "null": FILE_REQUIRED,
            "invalid": FILE_REQUIRED,
            "no_name": FILE_REQUIRED,
            "empty": _("上传的文件是空文件。"),
        }
    )


# -- query parameters -------------------------------------------------------------------


class StrictQuerySerializer(serializers.Serializer):
    """Query parameters where an unknown one is a 400, as the FilterSets do."""

    passthrough = frozenset({"format"})

    def validate(self, attrs):
        unknown = sorted(set(self.initial_data) - set(self.fields) - self.passthrough)
        if unknown:
            raise serializers.ValidationError(
                {name: [_("未知的查询参数“%(name)s”。") % {"name": name}] for name in unknown}
            )
        return attrs


class WorkdayQuerySerializer(StrictQuerySerializer):
    """One question at a time: ``start`` + ``days``, ``start`` + ``end``, or ``year``."""

    start = serializers.DateField(required=False, help_text="起算日（YYYY-MM-DD）")
    days = serializers.IntegerField(
        required=False, min_value=0, max_value=1000, help_text="工作日数：求起算日后第 N 个工作日"
    )
    end = serializers.DateField(required=False, help_text="截止日（YYYY-MM-DD）：求两日之间的工作日数")
    year = serializers.IntegerField(
        required=False, min_value=1900, max_value=2100, help_text="年度：列出与周一至周五不同的日子"
    )

    def validate(self, attrs):
        attrs = super().validate(attrs)
        asked = frozenset(attrs)
        if asked not in ({"start", "days"}, {"start", "end"}, {"year"}):
            raise serializers.ValidationError(
                {"non_field_errors": [_("请提供 start 与 days、start 与 end，或 year 其中一组参数。")]}
            )
        if "end" in attrs and attrs["end"] < attrs["start"]:
            raise serializers.ValidationError({"end": [_("截止日不得早于起算日。")]})
        return attrs


class StatisticsQuerySerializer(StrictQuerySerializer):
    year = serializers.IntegerField(required=False, min_value=2000, max_value=2100, help_text="受理年度")
    stage = serializers.PrimaryKeyRelatedField(
        queryset=ApprovalStage.objects.all(), required=False, help_text="审批阶段 ID"
    )
    department = serializers.PrimaryKeyRelatedField(
        queryset=Unit.objects.filter(kind=UnitKind.DEPARTMENT), required=False, help_text="审批部门 ID"
    )
