"""Notifications under /api/: each user's own inbox and email settings; the office's task log.

A user sees and marks only their own notifications, whatever their role (a superuser
too: notifications are private). Task runs are the office's.
"""

from django.db import transaction
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import permissions, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from liuyang.api.permissions import PolicyPermission

from .. import services
from ..models import Notification, NotificationPreference, TaskRun
from .filtersets import NotificationFilterSet, TaskRunFilterSet
from .serializers import (
    MarkedSerializer,
    NotificationPreferenceSerializer,
    NotificationSerializer,
    TaskRunSerializer,
    UnreadCountSerializer,
)


class OwnPermission(permissions.BasePermission):
    """Any signed-in, active user, for their own rows (the views select only those)."""

    def has_permission(self, request, view):
        user = request.user
        return bool(user and user.is_authenticated and user.is_active)


@extend_schema_view(list=extend_schema(summary="我的消息"), retrieve=extend_schema(summary="消息详情"))
class NotificationViewSet(viewsets.ReadOnlyModelViewSet):
    """The user's inbox, newest first; ``?unread=true`` for the unread ones. Reading one does
    not mark it: ``read/`` does (or ``read-all/`` for every one)."""

    queryset = Notification.objects.all()
    serializer_class = NotificationSerializer
    filterset_class = NotificationFilterSet
    permission_classes = [OwnPermission]

    def get_queryset(self):
        return super().get_queryset().filter(recipient=self.request.user)

    @extend_schema(summary="标为已读", request=None, responses={200: NotificationSerializer})
    @action(detail=True, methods=["post"], filter_backends=[])
    def read(self, request, pk=None):
        notification = self.get_object()
        services.mark_read(request.user, [notification])
        notification.refresh_from_db()
        return Response(NotificationSerializer(notification).data)

    @extend_schema(summary="全部标为已读", request=None, responses={200: MarkedSerializer})
    @action(detail=False, methods=["post"], url_path="read-all", url_name="read-all", filter_backends=[])
    def read_all(self, request):
        return Response({"marked": services.mark_read(request.user)})

    @extend_schema(summary="未读消息数", responses={200: UnreadCountSerializer})
    @action(
        detail=False,
        methods=["get"],
        url_path="unread-count",
        url_name="unread-count",
        filter_backends=[],
        pagination_class=None,
    )
    def unread_count(self, request):
        return Response({"count": services.unread_count(request.user)})


class NotificationPreferenceViewSet(viewsets.GenericViewSet):
    """The user's own email settings, at ``me/``; a user who never saved any gets the defaults
    (email on, to the account's address)."""

    queryset = NotificationPreference.objects.all()
    serializer_class = NotificationPreferenceSerializer
    permission_classes = [OwnPermission]
    filter_backends = []
    pagination_class = None

    def get_object(self):
        """The user's own settings: ``me/`` has no id (OPTIONS asks for the object, too)."""
        return self._mine()

    def _mine(self):
        user = self.request.user
        return NotificationPreference.objects.filter(user=user).select_related("user").first() or (
            NotificationPreference(user=user)
        )

    @extend_schema(summary="我的通知设置", methods=["GET"], responses={200: NotificationPreferenceSerializer})
    @extend_schema(
        summary="修改我的通知设置",
        methods=["PUT"],
        request=NotificationPreferenceSerializer,
        responses={200: NotificationPreferenceSerializer},
    )
    @action(detail=False, methods=["get", "put"])
    def me(self, request):
        if request.method == "GET":
            return Response(self.get_serializer(self._mine()).data)
        serializer = self.get_serializer(self._mine(), data=request.data)
        serializer.is_valid(raise_exception=True)
        with transaction.atomic():
            preference, _created = NotificationPreference.objects.select_for_update().get_or_create(
                user=request.user
            )
            serializer.instance = preference
            serializer.save()
        return Response(serializer.data)


@extend_schema_view(
    list=extend_schema(summary="后台任务记录"), retrieve=extend_schema(summary="后台任务记录详情")
)
class TaskRunViewSet(viewsets.ReadOnlyModelViewSet):
    """Runs of the background tasks (escalation sweep, digests, reminders, the email outbox),
    newest first, for the office to see what failed."""

    queryset = TaskRun.objects.all()
    serializer_class = TaskRunSerializer
    filterset_class = TaskRunFilterSet
    permission_classes = [PolicyPermission]
