"""The bodies of the issues API's create and actions.

Shape and types are checked here (an unknown id or an unknown field is a 400); the
rules (may this user raise on this project, act on this issue, is there evidence,
is the file a real PDF/JPEG/PNG, does a complex issue name its leader, is the
deadline not before today) are ``issues.services.ledger``'s, which the views call
with the validated data.
"""

from collections.abc import Mapping

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from accounts.models import Unit, User
from liuyang.policies import policy_for
from projects.models import ActionItem, Project

from ..choices import IssueNature, IssueSource
from ..models import IssueCategory

#: form fields a browser or the browsable API may add to a body
IGNORED_KEYS = frozenset({"csrfmiddlewaretoken"})


def version_field():
    return serializers.IntegerField(
        required=False, min_value=1, help_text="读取到的版本号；若已被他人修改则返回 409"
    )


def text(help_text, **kwargs):
    return serializers.CharField(required=False, allow_blank=True, default="", help_text=help_text, **kwargs)


def active_categories():
    return IssueCategory.objects.filter(is_active=True)


def active_users():
    return User.objects.filter(is_active=True)


class StrictInput(serializers.Serializer):
    """A body where an unknown field is an error, not silently dropped (a typo such as
    ``file`` for ``files`` would otherwise lose the upload)."""

    def to_internal_value(self, data):
        if not isinstance(data, Mapping):
            return super().to_internal_value(data)  # a 400: "expected a dictionary"
        errors = {}
        try:
            values = super().to_internal_value(data)
        except serializers.ValidationError as exc:
            values, errors = {}, dict(exc.detail)
        for key in data:
            if key not in self.fields and key not in IGNORED_KEYS:
                errors[key] = [_("未知的字段“%(name)s”。") % {"name": key}]
        if errors:
            raise serializers.ValidationError(errors)
        return values


class RaiseIssueSerializer(StrictInput):
    """Raise an issue and assign it (交办): its level follows its ``nature``. A complex issue
    names the city ``leader`` who leads it; only the office may list it (挂牌督办) at once."""

    project = serializers.PrimaryKeyRelatedField(queryset=Project.objects.all(), help_text="项目 ID")
    title = serializers.CharField(max_length=200, help_text="问题")
    description = text("问题描述")
    category = serializers.PrimaryKeyRelatedField(queryset=active_categories(), help_text="问题类别 ID")
    nature = serializers.ChoiceField(
        choices=IssueNature.choices, default=IssueNature.ORDINARY, help_text="问题性质：决定办理层级"
    )
    source = serializers.ChoiceField(
        choices=[c for c in IssueSource.choices if c[0] != IssueSource.ACTION_ITEM],
        default=IssueSource.OTHER,
        help_text="来源（调度会交办事项请用 from-action-item）",
    )
    responsible_unit = serializers.PrimaryKeyRelatedField(
        queryset=Unit.objects.filter(is_active=True), help_text="责任单位 ID"
    )
    responsible_person = serializers.PrimaryKeyRelatedField(
        queryset=active_users(),
        required=False,
        allow_null=True,
        help_text="责任人（用户 ID，须为责任单位的人员）",
    )
    leader = serializers.PrimaryKeyRelatedField(
        queryset=active_users(),
        required=False,
        allow_null=True,
        help_text="领办市领导（用户 ID；复杂问题必填）",
    )
    deadline = serializers.DateField(help_text="办结时限（不早于今天）")
    listed = serializers.BooleanField(default=False, help_text="挂牌督办（仅市重点办）")


class FromActionItemSerializer(StrictInput):
    """Turn a dispatch meeting's action item into a ledger issue (one click): its project, title,
    owner and unit come from the item; the deadline defaults to the item's due date."""

    action_item = serializers.PrimaryKeyRelatedField(
        queryset=ActionItem.objects.all(), help_text="交办事项 ID"
    )
    category = serializers.PrimaryKeyRelatedField(queryset=active_categories(), help_text="问题类别 ID")
    nature = serializers.ChoiceField(
        choices=IssueNature.choices, default=IssueNature.ORDINARY, help_text="问题性质：决定办理层级"
    )
    deadline = serializers.DateField(
        required=False, allow_null=True, default=None, help_text="办结时限（默认为交办事项的完成时限）"
    )

    def get_fields(self):
        fields = super().get_fields()
        request = self.context.get("request")
        if request is not None:
            # An action item the user cannot see is as unknown as one that does not exist.
            fields["action_item"].queryset = policy_for(ActionItem).viewable(
                request.user, ActionItem.objects.select_related("meeting__task_force__project")
            )
        return fields


class UpdateSerializer(StrictInput):
    text = text("办理进展（必填）")
    version = version_field()


class ResolveSerializer(StrictInput):
    """Ask for closing off (提请销号), multipart/form-data: the resolution and one or more
    evidence files (``files``, repeated; PDF, JPEG or PNG). Evidence uploaded before counts."""

    resolution = text("解决情况（必填）")
    files = serializers.ListField(
        child=serializers.FileField(), required=False, default=list, help_text="佐证材料（可重复该字段）"
    )
    version = version_field()


class VerifySerializer(StrictInput):
    accept = serializers.BooleanField(help_text="true 核验通过并销号；false 退回办理（须说明理由）")
    note = text("核验意见（退回时必填）")
    version = version_field()


class ReopenSerializer(StrictInput):
    reason = text("重新打开的理由（必填）")
    deadline = serializers.DateField(
        required=False, allow_null=True, default=None, help_text="新的办结时限（必填，不早于今天）"
    )
    version = version_field()


class ListingSerializer(StrictInput):
    reason = text("理由")
    version = version_field()
