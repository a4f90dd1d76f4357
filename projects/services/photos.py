"""Site photos: checked to be real images, size-limited, stored with display copies."""

import io
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from liuyang.policies import policy_for

from ..models import ReportPhoto
from .common import require

ALLOWED_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
DISPLAY_SIZE = (1600, 1600)
THUMB_SIZE = (400, 400)


def max_bytes():
    return int(getattr(settings, "PROGRESS_PHOTO_MAX_BYTES", 10 * 1024 * 1024))


def check_image(upload):
    """Return the opened, verified image of an upload, or raise ValidationError({"photo": ...})."""
    limit = max_bytes()
    if upload.size > limit:
        raise ValidationError(
            {
                "photo": _("照片“%(name)s”超过 %(mb)s MB 的大小限制。")
                % {"name": upload.name, "mb": limit // (1024 * 1024)}
            }
        )
    max_pixels = int(getattr(settings, "PROGRESS_PHOTO_MAX_PIXELS", 50_000_000))
    try:
        upload.seek(0)
        with Image.open(upload) as probe:
            fmt = probe.format
            width, height = probe.size
            if width * height > max_pixels:
                raise ValidationError({"photo": _("照片“%(name)s”像素过大。") % {"name": upload.name}})
            probe.verify()
        upload.seek(0)
        image = Image.open(upload)
        image.load()
    except ValidationError:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError) as exc:
        raise ValidationError(
            {"photo": _("“%(name)s”不是有效的图片文件（支持 JPEG、PNG、WebP）。") % {"name": upload.name}}
        ) from exc
    if fmt not in ALLOWED_FORMATS:
        raise ValidationError(
            {"photo": _("“%(name)s”的格式不支持，请上传 JPEG、PNG 或 WebP 图片。") % {"name": upload.name}}
        )
    return image, fmt


def _require_editable(report):
    from .reports import EDITABLE

    if type(report).objects.filter(pk=report.pk).values_list("status", flat=True).first() not in EDITABLE:
        raise ValidationError({"photo": _("报表已被采纳，不能再修改。")})


def _jpeg(image, size):
    copy = image.convert("RGB")
    copy.thumbnail(size)
    out = io.BytesIO()
    copy.save(out, "JPEG", quality=82, optimize=True)
    return out.getvalue()


@transaction.atomic
def add_photo(report, upload, *, actor, caption=""):
    require(policy_for(ReportPhoto).can_add(actor) and policy_for(report).can_change(actor, report))
    _require_editable(report)
    image, fmt = check_image(upload)
    upright = ImageOps.exif_transpose(image)
    stem = uuid.uuid4().hex
    upload.seek(0)
    photo = ReportPhoto(
        report=report,
        caption=caption.strip()[:100],
        uploaded_by=actor,
        width=upright.width,
        height=upright.height,
    )
    photo.original.save(f"{stem}.{ALLOWED_FORMATS[fmt]}", ContentFile(upload.read()), save=False)
    photo.display.save(f"{stem}-display.jpg", ContentFile(_jpeg(upright, DISPLAY_SIZE)), save=False)
    photo.thumbnail.save(f"{stem}-thumb.jpg", ContentFile(_jpeg(upright, THUMB_SIZE)), save=False)
    # Files written before a rollback would be orphans: remove them if the transaction fails.
    names = [photo.original.name, photo.display.name, photo.thumbnail.name]
    storage = photo.original.storage
    try:
        photo.save()
    except Exception:
        for name in names:
            storage.delete(name)
        raise
    return photo


@transaction.atomic
def delete_photo(photo, *, actor):
    require(policy_for(ReportPhoto).can_delete(actor, photo))
    _require_editable(photo.report)
    files = [photo.original, photo.display, photo.thumbnail]
    photo.delete()
    transaction.on_commit(lambda: [f.storage.delete(f.name) for f in files])
