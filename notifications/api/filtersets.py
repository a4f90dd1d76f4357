"""Filters of the notifications API (strict: an unknown parameter is a 400)."""

import django_filters
from django.utils.translation import gettext_lazy as _

from liuyang.filtersets import StrictFilterSet

from ..choices import NotificationKind, TaskRunStatus
from ..models import Notification, TaskRun


class NotificationFilterSet(StrictFilterSet):
    search_fields = ("title", "body")

    kind = django_filters.MultipleChoiceFilter(
        label=_("类型"), choices=NotificationKind.choices, distinct=False
    )
    unread = django_filters.BooleanFilter(label=_("未读"), field_name="read_at", lookup_expr="isnull")

    class Meta:
        model = Notification
        fields = []


class TaskRunFilterSet(StrictFilterSet):
    search_fields = ("name", "error")

    name = django_filters.CharFilter(label=_("任务"))
    status = django_filters.MultipleChoiceFilter(
        label=_("结果"), choices=TaskRunStatus.choices, distinct=False
    )

    class Meta:
        model = TaskRun
        fields = []
