"""Uploads are checked by their content and size, not their name (等保2.0 三级 入侵防范 / 恶意代码防范).

Already covered elsewhere (not repeated here):
- progress photos: tests/projects/test_work_api_reports.py::test_a_text_file_is_not_a_photo_and_nothing_is_saved,
  ::test_a_too_large_photo_is_refused_with_the_limit; tests/projects/test_work_photo_services.py::
  test_a_gif_named_jpg_is_refused_by_its_content_not_its_name, ::test_an_image_declaring_too_many_pixels_…
- approval materials: tests/approvals/test_api.py::test_a_file_that_is_not_a_pdf_is_a_400_and_nothing_is_saved
  (an .exe header named .pdf); tests/approvals/test_pages.py::test_an_invalid_file_answers_400_…
- assessment evidence: tests/assessment/test_api.py::test_the_office_enters_a_figure_with_its_source_and_evidence
  (a forged .pdf → 400, tables unchanged); tests/assessment/test_periods.py::test_evidence_is_checked_by_…
- reserve Excel import: tests/reserve/test_excel.py::test_not_a_spreadsheet (text and PNG named .xlsx),
  ::test_a_zip_that_is_not_a_workbook, and the size limit test there.
Here: the cases those leave open — an executable named .png as a photo, an HTML page named .xlsx, and the
material/evidence size limit.
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from rest_framework.test import APIClient

from approvals.models import ApprovalCase
from projects.choices import ProjectStage
from projects.models import ProgressReport, ReportPhoto
from tests.action_matrix import TablesSnapshot
from tests.approvals.conftest import scene  # noqa: F401  (fixture)
from tests.approvals.factories import pdf
from tests.approvals.test_api import body, client_for, submit
from tests.factories import ProgressReportFactory, ProjectFactory, TaskForceMemberFactory
from tests.reserve.excel_files import office, office_client, units  # noqa: F401  (fixtures)
from tests.reserve.test_excel import WATCH as RESERVE_TABLES
from tests.reserve.test_excel import file_errors
from tests.reserve.test_excel import post as post_workbook

pytestmark = pytest.mark.django_db

EXE = (
    b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00"
    + b"\x00" * 200
    + b"This program cannot be run in DOS mode"
)
PHOTO_TABLES = [ProgressReport, ReportPhoto]
HTML = (
    "<!doctype html><html><body><script>alert(1)</script><table><tr><td>项目</td></tr></table></body></html>"
)


def test_an_html_page_named_xlsx_is_refused_and_nothing_is_saved(office_client):  # noqa: F811
    snapshot = TablesSnapshot(RESERVE_TABLES)
    response = post_workbook(office_client, HTML.encode(), name="储备项目.xlsx")
    assert response.status_code == 400
    assert any("不是 Excel 工作簿" in message for message in file_errors(response))
    snapshot.assert_unchanged()


def test_an_executable_named_png_is_not_a_photo(api_client_photo):
    client, url, settings = api_client_photo
    snapshot = TablesSnapshot(PHOTO_TABLES)
    response = client.post(url, {"photo": SimpleUploadedFile("现场.png", EXE, content_type="image/png")})
    assert response.status_code == 400
    assert "不是有效的图片文件" in response.json()["photo"][0]
    snapshot.assert_unchanged()
    root = settings.MEDIA_ROOT
    assert not root.exists() or not [p for p in root.rglob("*") if p.is_file()]


def test_a_material_over_the_size_limit_is_a_400_and_nothing_is_saved(scene, settings):  # noqa: F811
    settings.APPROVAL_MATERIAL_MAX_BYTES = 1024
    uploads = {scene.main_a: pdf(size=4096), scene.main_b: pdf(), scene.later_a: pdf(), scene.later_b: pdf()}
    before = ApprovalCase.objects.count()
    response = submit(client_for(scene.commissioner), body(scene, uploads=uploads))
    assert response.status_code == 400
    assert "大小限制" in response.json()[f"material_{scene.main_a.pk}"][0]
    assert ApprovalCase.objects.count() == before


# -- the photo endpoint (the API's add-photo action on a report) -----------------------------------


@pytest.fixture
def api_client_photo(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    project = ProjectFactory(stage=ProjectStage.CONSTRUCTION)
    member = TaskForceMemberFactory(task_force__project=project).user
    report = ProgressReportFactory(project=project)
    client = APIClient()
    client.force_login(member)
    return client, reverse("api:progress-report-add-photo", args=[report.pk]), settings
