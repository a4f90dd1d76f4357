"""Material files: checked by their content (PDF, JPEG, PNG), not by their name, and size-limited."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

ALLOWED = _("PDF、JPEG 或 PNG")


def max_bytes():
    return settings.APPROVAL_MATERIAL_MAX_BYTES


def sniff(upload):
    """The file's real type from its first bytes and a full image check: "pdf", "jpeg", "png" or None."""
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if head.startswith(b"%PDF-"):
        return "pdf"
    try:
        with Image.open(upload) as image:
            fmt = image.format
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        return None
    finally:
        upload.seek(0)
    return {"JPEG": "jpeg", "PNG": "png"}.get(fmt)


def check_file(upload, field, label):
    """Raise ValidationError({field: …}) unless ``upload`` is a non-empty PDF/JPEG/PNG within the limit."""
    name = getattr(upload, "name", "") or ""
    if not upload.size:
        raise ValidationError(
            {field: _("“%(label)s”的文件“%(name)s”是空文件。") % {"label": label, "name": name}}
        )
    if upload.size > max_bytes():
        raise ValidationError(
            {
                field: _("“%(label)s”的文件“%(name)s”超过 %(mb)s MB 的大小限制。")
                % {"label": label, "name": name, "mb": max_bytes() // (1024 * 1024)}
            }
        )
    if sniff(upload) is None:
        raise ValidationError(
            {
                field: _("“%(label)s”的文件“%(name)s”不是有效的 %(allowed)s 文件。")
                % {"label": label, "name": name, "allowed": ALLOWED}
            }
        )
