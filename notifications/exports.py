"""The user's messages (消息) and the office's log of background task runs as workbooks: the same
rows as the pages for the same query string (``unread=1``, ``failed=1``)."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from exports.registry import ListExport, register
from exports.xlsx import INTEGER, Column, badge

DATETIME = "yyyy-mm-dd hh:mm"


@register
class InboxExport(ListExport):
    """A user's own messages: nobody exports another's."""

    key = "notifications"
    label = gettext_lazy("我的消息")

    def queryset(self, user, params):
        from .views import inbox_queryset

        return inbox_queryset(user, params)

    def columns(self):
        return [
            Column(_("标题"), 40, lambda n: n.title),
            Column(_("类型"), 12, lambda n: n.get_kind_display()),
            Column(_("时间"), 17, lambda n: n.created_at, DATETIME),
            Column(
                _("阅读"),
                8,
                lambda n: _("已读") if n.read_at else _("未读"),
                fill=lambda n: None if n.read_at else "blue",
            ),
            Column(_("内容"), 60, lambda n: n.body),
        ]


@register
class TaskRunExport(ListExport):
    key = "task_runs"
    label = gettext_lazy("后台任务记录")

    def queryset(self, user, params):
        from .views import task_run_queryset

        return task_run_queryset(user, params)

    def columns(self):
        from .views import TASK_RUN_COLOURS

        return [
            Column(_("任务"), 32, lambda r: r.name),
            Column(_("第几次尝试"), 8, lambda r: r.attempt, INTEGER),
            Column(_("开始时间"), 19, lambda r: r.started_at, "yyyy-mm-dd hh:mm:ss"),
            Column(_("结束时间"), 19, lambda r: r.finished_at, "yyyy-mm-dd hh:mm:ss"),
            Column(
                _("结果"),
                10,
                lambda r: r.get_status_display(),
                fill=lambda r: badge(TASK_RUN_COLOURS.get(r.status, "secondary")),
            ),
            Column(_("错误"), 60, lambda r: r.error),
        ]
