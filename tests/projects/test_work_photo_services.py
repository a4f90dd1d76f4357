"""Site photos (现场照片) through ``projects.services.photos``: only real JPEG/PNG/WebP images within
the limits are kept, with a display copy (≤1600 px) and a thumbnail (≤400 px) turned upright;
every refusal names the file and leaves no file behind in MEDIA_ROOT."""

import io
import struct
import zlib

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from accounts.roles import Role
from projects.choices import ReportStatus
from projects.models import ReportPhoto
from projects.services import photos
from tests.action_matrix import TablesSnapshot
from tests.factories import ProgressReportFactory, TaskForceMemberFactory, UserFactory

pytestmark = pytest.mark.django_db

EXIF_ORIENTATION = 0x0112
ROTATED_90_CW = 6  # the camera was held upright: show the stored landscape pixels turned a quarter


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def report():
    return ProgressReportFactory(status=ReportStatus.DRAFT)


@pytest.fixture
def member(report):
    return TaskForceMemberFactory(task_force__project=report.project).user


def files_in(media):
    return sorted(p for p in media.rglob("*") if p.is_file()) if media.exists() else []


def image_bytes(fmt, size=(64, 48), colour=(200, 120, 40), orientation=None, mode="RGB"):
    out = io.BytesIO()
    image = Image.new(mode, size, colour if mode == "RGB" else 0)
    kwargs = {}
    if orientation is not None:
        exif = Image.Exif()
        exif[EXIF_ORIENTATION] = orientation
        kwargs["exif"] = exif.tobytes()
    image.save(out, fmt, **kwargs)
    return out.getvalue()


def upload(name, content, content_type="image/jpeg"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def png_header_only(width, height):
    """A PNG that declares ``width`` × ``height`` pixels but holds almost nothing (a decompression bomb's
    calling card): the checks must refuse it from its header, before decoding anything."""

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", ihdr)
        + chunk(b"IDAT", zlib.compress(b"\0" * 64))
        + chunk(b"IEND", b"")
    )


def refused(report, member, file, media):
    """Try to add ``file``; return the message on "photo". Nothing may change, no file may remain."""
    snapshot = TablesSnapshot([ReportPhoto])
    with pytest.raises(ValidationError) as error:
        photos.add_photo(report, file, actor=member)
    snapshot.assert_unchanged()
    assert files_in(media) == []
    return error.value.message_dict["photo"][0]


# -- accepted -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt, name", [("JPEG", "现场.jpg"), ("PNG", "现场.png"), ("WEBP", "现场.webp")])
def test_a_real_image_is_kept_with_a_display_copy_and_a_thumbnail(report, member, media, fmt, name):
    photo = photos.add_photo(
        report, upload(name, image_bytes(fmt, size=(3200, 2400))), actor=member, caption=" 东侧 "
    )
    photo.refresh_from_db()
    assert (photo.width, photo.height, photo.caption, photo.uploaded_by) == (3200, 2400, "东侧", member)
    with Image.open(photo.display.path) as display, Image.open(photo.thumbnail.path) as thumbnail:
        assert (display.format, display.size) == ("JPEG", (1600, 1200))
        assert (thumbnail.format, thumbnail.size) == ("JPEG", (400, 300))
    with Image.open(photo.original.path) as original:
        assert original.format == fmt
    assert len(files_in(media)) == 3
    assert all(
        str(p.relative_to(media)).startswith(f"reports/{report.project_id}/{report.pk}/")
        for p in files_in(media)
    )


def test_a_small_image_is_not_enlarged(report, member):
    photo = photos.add_photo(report, upload("小图.jpg", image_bytes("JPEG", size=(320, 240))), actor=member)
    with Image.open(photo.display.path) as display, Image.open(photo.thumbnail.path) as thumbnail:
        assert (display.size, thumbnail.size) == ((320, 240), (320, 240))


def test_the_exif_orientation_is_applied_to_the_display_copy_and_the_thumbnail(report, member):
    content = image_bytes("JPEG", size=(2000, 1000), orientation=ROTATED_90_CW)
    photo = photos.add_photo(report, upload("竖拍.jpg", content), actor=member)
    with Image.open(photo.display.path) as display, Image.open(photo.thumbnail.path) as thumbnail:
        assert display.size == (800, 1600)  # upright: taller than wide
        assert thumbnail.size == (200, 400)


def test_the_recorded_size_of_a_rotated_photo_is_its_upright_size(report, member):
    content = image_bytes("JPEG", size=(2000, 1000), orientation=ROTATED_90_CW)
    photo = photos.add_photo(report, upload("竖拍.jpg", content), actor=member)
    assert (photo.width, photo.height) == (1000, 2000)


# -- refused, and nothing left behind -------------------------------------------------------------------


def test_a_text_file_named_jpg_is_refused_with_its_name(report, member, media):
    message = refused(report, member, upload("现场照片.jpg", "这不是图片".encode() * 50), media)
    assert message == "“现场照片.jpg”不是有效的图片文件（支持 JPEG、PNG、WebP）。"


def test_a_truncated_jpeg_is_refused(report, member, media):
    content = image_bytes("JPEG", size=(400, 300))
    message = refused(report, member, upload("断了.jpg", content[: len(content) // 3]), media)
    assert "不是有效的图片文件" in message


@pytest.mark.parametrize("fmt, name", [("GIF", "动图.gif"), ("BMP", "位图.bmp"), ("TIFF", "扫描.tif")])
def test_other_image_formats_are_refused_by_format(report, member, media, fmt, name):
    message = refused(report, member, upload(name, image_bytes(fmt)), media)
    assert message == f"“{name}”的格式不支持，请上传 JPEG、PNG 或 WebP 图片。"


def test_a_gif_named_jpg_is_refused_by_its_content_not_its_name(report, member, media):
    message = refused(report, member, upload("伪装.jpg", image_bytes("GIF")), media)
    assert "格式不支持" in message


def test_a_photo_over_the_size_limit_is_refused(report, member, media, settings):
    settings.PROGRESS_PHOTO_MAX_BYTES = 2 * 1024 * 1024
    content = image_bytes("PNG", size=(64, 48)) + b"\0" * (2 * 1024 * 1024)
    message = refused(report, member, upload("大图.png", content, "image/png"), media)
    assert message == "照片“大图.png”超过 2 MB 的大小限制。"


def test_a_photo_at_the_size_limit_is_accepted(report, member, settings):
    content = image_bytes("JPEG", size=(64, 48))
    settings.PROGRESS_PHOTO_MAX_BYTES = len(content)
    assert photos.add_photo(report, upload("刚好.jpg", content), actor=member).pk


@pytest.mark.filterwarnings("ignore::PIL.Image.DecompressionBombWarning")
def test_an_image_declaring_too_many_pixels_is_refused_from_its_header(report, member, media):
    """10,000 × 10,000 = 100 M pixels > the default 50 M: refused before any decoding."""
    message = refused(report, member, upload("炸弹.png", png_header_only(10_000, 10_000), "image/png"), media)
    assert message == "照片“炸弹.png”像素过大。"


def test_a_decompression_bomb_beyond_pillows_own_limit_is_refused(report, member, media):
    message = refused(report, member, upload("炸弹.png", png_header_only(40_000, 40_000), "image/png"), media)
    assert "炸弹.png" in message


def test_the_pixel_limit_is_a_setting(report, member, media, settings):
    settings.PROGRESS_PHOTO_MAX_PIXELS = 100 * 100
    message = refused(report, member, upload("稍大.jpg", image_bytes("JPEG", size=(101, 100))), media)
    assert message == "照片“稍大.jpg”像素过大。"


# -- who may add or remove photos --------------------------------------------------------------------


def test_a_member_of_another_task_force_may_not_add_a_photo_and_no_file_is_written(report, media):
    outsider = TaskForceMemberFactory().user
    snapshot = TablesSnapshot([ReportPhoto])
    with pytest.raises(PermissionDenied):
        photos.add_photo(report, upload("现场.jpg", image_bytes("JPEG")), actor=outsider)
    snapshot.assert_unchanged()
    assert files_in(media) == []


def test_photos_of_an_accepted_report_cannot_be_added(report, member, media):
    report.status = ReportStatus.ACCEPTED
    report.save()
    snapshot = TablesSnapshot([ReportPhoto])
    with pytest.raises(ValidationError):
        photos.add_photo(report, upload("补拍.jpg", image_bytes("JPEG")), actor=member)
    snapshot.assert_unchanged()
    assert files_in(media) == []


def test_deleting_a_photo_removes_its_files_after_commit(
    report, member, media, django_capture_on_commit_callbacks
):
    photo = photos.add_photo(report, upload("现场.jpg", image_bytes("JPEG")), actor=member)
    assert len(files_in(media)) == 3
    with django_capture_on_commit_callbacks(execute=True):
        photos.delete_photo(photo, actor=member)
    assert not ReportPhoto.objects.exists()
    assert files_in(media) == []


def test_a_member_of_another_task_force_may_not_delete_a_photo(report, member, media):
    photo = photos.add_photo(report, upload("现场.jpg", image_bytes("JPEG")), actor=member)
    outsider = TaskForceMemberFactory().user
    with pytest.raises(PermissionDenied):
        photos.delete_photo(photo, actor=outsider)
    assert ReportPhoto.objects.filter(pk=photo.pk).exists() and len(files_in(media)) == 3


def test_the_office_may_add_a_photo_to_any_report(report, media):
    office = UserFactory(roles=[Role.KEY_OFFICE])
    assert (
        photos.add_photo(report, upload("督查.jpg", image_bytes("JPEG")), actor=office).uploaded_by == office
    )
