"""What the notifications API returns: a user's own messages and email settings, and the
office's log of background runs."""

from rest_framework import serializers

from ..models import Notification, NotificationPreference, TaskRun


class NotificationSerializer(serializers.ModelSerializer):
    """A message in the user's inbox; ``url`` is the page it is about. ``email_status`` says
    whether it was also emailed (待发送、已发送、发送失败、不发送)."""

    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    is_read = serializers.SerializerMethodField()
    email_status_display = serializers.CharField(source="get_email_status_display", read_only=True)

    class Meta:
        model = Notification
        fields = [
            "id",
            "kind",
            "kind_display",
            "title",
            "body",
            "url",
            "created_at",
            "is_read",
            "read_at",
            "email_status",
            "email_status_display",
            "emailed_at",
        ]
        read_only_fields = fields

    def get_is_read(self, notification) -> bool:
        return notification.read_at is not None


class MarkedSerializer(serializers.Serializer):
    marked = serializers.IntegerField(help_text="本次标为已读的条数")


class UnreadCountSerializer(serializers.Serializer):
    count = serializers.IntegerField(help_text="未读消息条数")


class NotificationPreferenceSerializer(serializers.ModelSerializer):
    """The user's own choice: whether notifications also come by email, and to which address
    (empty: the account's email, shown as ``account_email``)."""

    account_email = serializers.EmailField(source="user.email", read_only=True, allow_blank=True)

    class Meta:
        model = NotificationPreference
        fields = ["email_enabled", "email", "account_email"]


class TaskRunSerializer(serializers.ModelSerializer):
    """One run of a background task (escalation, digests, reminders, email) and how it ended."""

    status_display = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = TaskRun
        fields = [
            "id",
            "name",
            "started_at",
            "finished_at",
            "status",
            "status_display",
            "summary",
            "error",
            "attempt",
        ]
        read_only_fields = fields
