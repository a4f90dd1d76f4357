"""The bodies of the actions (submit, accept, return, photo upload, apply a template).

Their rules (may this user review, is the comment there, is the file a real
image, is the template active) are checked by ``projects.services``, which the
views call with the validated data.
"""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from projects.models import MilestoneTemplate, Project

COMMENT_REQUIRED = _("退回时请填写意见，说明需要修改的内容。")


class SubmitSerializer(serializers.Serializer):
    version = serializers.IntegerField(
        required=False, min_value=1, help_text="读取到的版本号；若已被他人修改则返回 409"
    )


class AcceptSerializer(serializers.Serializer):
    comment = serializers.CharField(
        required=False, allow_blank=True, default="", help_text="审核意见（可选）"
    )


class ReturnSerializer(serializers.Serializer):
    comment = serializers.CharField(
        help_text="退回意见（必填）：需要修改的内容",
        error_messages={"required": COMMENT_REQUIRED, "blank": COMMENT_REQUIRED, "null": COMMENT_REQUIRED},
    )


PHOTO_REQUIRED = _("请选择要上传的照片。")


class PhotoUploadSerializer(serializers.Serializer):
    """A site photo (multipart): JPEG, PNG or WebP, within the size limit (PROGRESS_PHOTO_MAX_BYTES)."""

    photo = serializers.FileField(
        error_messages={
            "required": PHOTO_REQUIRED,
            "null": PHOTO_REQUIRED,
            "empty": _("上传的照片是空文件。"),
            "invalid": PHOTO_REQUIRED,
            "no_name": PHOTO_REQUIRED,
        }
    )
    caption = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")


class ApplyTemplateSerializer(serializers.Serializer):
    """Apply a work-plan template to a project: adds the nodes it does not have yet (by name),
    planned dates counted from the project's planned start."""

    project = serializers.PrimaryKeyRelatedField(queryset=Project.objects.all())
    template = serializers.PrimaryKeyRelatedField(queryset=MilestoneTemplate.objects.all())
