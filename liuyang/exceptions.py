from django.utils.translation import gettext_lazy as _


class ConflictError(Exception):
    """Someone else saved the object after this editor loaded it (optimistic concurrency)."""

    default_message = _("该记录已被他人修改（在您打开之后）。您的输入已保留，请核对最新内容后再保存。")

    def __init__(self, message=None):
        super().__init__(str(message or self.default_message))
