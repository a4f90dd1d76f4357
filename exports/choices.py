from django.utils.translation import gettext_lazy as _

from projects.choices import ColoredChoices


class JobStatus(ColoredChoices):
    """An export job: queued → running → done, or failed."""

    QUEUED = "queued", _("排队中")
    RUNNING = "running", _("生成中")
    DONE = "done", _("已完成")
    FAILED = "failed", _("失败")


JobStatus._colours = {"queued": "secondary", "running": "primary", "done": "success", "failed": "danger"}
