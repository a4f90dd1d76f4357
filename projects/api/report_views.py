"""The progress-report and status-light API (进度填报, 红黄绿灯), under /api/.

Staff who may change a project file its reports and photos; the office accepts
or returns them. Every write calls ``projects.services`` (``reports``,
``photos``); lists carry the derived figures computed in the database, a fixed
number of queries whatever the number of rows.
"""

from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from projects.filtersets import ProjectFilterSet
from projects.models import ProgressReport, Project, ReportPhoto
from projects.services import lights, photos, reports

from .base import READ, WorkViewSet
from .inputs import AcceptSerializer, PhotoUploadSerializer, ReturnSerializer, SubmitSerializer
from .report_serializers import ProgressReportSerializer, ProjectLightSerializer, ReportPhotoSerializer
from .work_filtersets import ProgressReportFilterSet, ReportPhotoFilterSet


def require_open(report):
    """An accepted report is final, its photos too (as ``save_report`` holds for its figures)."""
    if report.status not in reports.EDITABLE:
        raise ValidationError(_("报表已被采纳，不能再修改。"))


PHOTOS = Prefetch("photos", queryset=ReportPhoto.objects.select_related("uploaded_by"))


@extend_schema_view(
    list=extend_schema(summary="进度填报列表（含累计完成投资）"),
    retrieve=extend_schema(summary="进度填报详情"),
    create=extend_schema(summary="填报一期进度（可同时提交）"),
    update=extend_schema(summary="修改进度填报"),
    partial_update=extend_schema(summary="修改进度填报（部分）"),
)
class ProgressReportViewSet(WorkViewSet):
    """Progress reports (进度填报), one per project per period.

    A report is changed while it is a draft, submitted or returned; once accepted
    it is final. Two editors of one report: the second save that carries the
    version it read gets 409 and changes nothing. Reports are not deleted.
    """

    queryset = ProgressReport.objects.select_related("project", "created_by", "reviewed_by").prefetch_related(
        PHOTOS
    )
    serializer_class = ProgressReportSerializer
    filterset_class = ProgressReportFilterSet
    http_method_names = [*READ, "post", "put", "patch"]
    inputs = {
        "submit": SubmitSerializer,
        "accept": AcceptSerializer,
        "return_report": ReturnSerializer,
        "add_photo": PhotoUploadSerializer,
    }

    def get_queryset(self):
        return reports.with_cumulative(super().get_queryset())

    @extend_schema(
        summary="提交市重点办审核", request=SubmitSerializer, responses={200: ProgressReportSerializer}
    )
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        """Hand the report to the office (已提交). Send the ``version`` you read to be told (409)
        when someone changed it since."""
        report = self.get_object()
        version = self.parse().get("version")
        reports.save_report(
            project=report.project, report=report, actor=request.user, submit=True, expected_version=version
        )
        return self.answer(report)

    @extend_schema(
        summary="采纳（市重点办）", request=AcceptSerializer, responses={200: ProgressReportSerializer}
    )
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        """The office accepts a submitted report (采纳); its figures count from then on as final."""
        report = self.get_object()
        reports.accept(report, actor=request.user, comment=self.parse()["comment"])
        return self.answer(report)

    @extend_schema(
        summary="退回并说明原因（市重点办）",
        request=ReturnSerializer,
        responses={200: ProgressReportSerializer},
    )
    @action(detail=True, methods=["post"], url_path="return", url_name="return")
    def return_report(self, request, pk=None):
        """The office returns a submitted or accepted report with a comment (退回); staff see the
        comment, correct the report and submit it again."""
        report = self.get_object()
        reports.return_report(report, actor=request.user, comment=self.parse()["comment"])
        return self.answer(report)

    @extend_schema(
        summary="上传现场照片",
        request={"multipart/form-data": PhotoUploadSerializer},
        responses={201: ReportPhotoSerializer},
    )
    @action(detail=True, methods=["post"], url_path="photos", parser_classes=[MultiPartParser, FormParser])
    def add_photo(self, request, pk=None):
        """Upload a site photo (multipart field ``photo``, optional ``caption``): JPEG, PNG or WebP
        within the size limit; a display copy and a thumbnail are made."""
        report = self.get_object()
        data = self.parse()
        require_open(report)
        photo = photos.add_photo(report, data["photo"], actor=request.user, caption=data["caption"])
        body = ReportPhotoSerializer(photo, context=self.get_serializer_context()).data
        return Response(body, status=status.HTTP_201_CREATED)


@extend_schema_view(
    list=extend_schema(summary="现场照片列表"),
    retrieve=extend_schema(summary="现场照片详情"),
    destroy=extend_schema(summary="删除现场照片"),
)
class ReportPhotoViewSet(WorkViewSet):
    """Site photos of the reports (现场照片). Upload through POST
    /api/progress-reports/{id}/photos/; whoever may change the report deletes one here."""

    queryset = ReportPhoto.objects.select_related("report", "uploaded_by")
    serializer_class = ReportPhotoSerializer
    filterset_class = ReportPhotoFilterSet
    http_method_names = [*READ, "delete"]

    def perform_destroy(self, instance):
        require_open(instance.report)
        photos.delete_photo(instance, actor=self.request.user)


@extend_schema_view(
    list=extend_schema(summary="项目红黄绿灯列表（含亮灯原因）"),
    retrieve=extend_schema(summary="项目红黄绿灯（含亮灯原因）"),
)
class ProjectLightViewSet(WorkViewSet):
    """Status lights (红黄绿灯) of the key projects, for dashboards: the project list's filters
    (``light``, ``stage``, ``town`` …). Computed in the database for the whole list
    (``services.lights``)."""

    queryset = Project.objects.select_related("industry", "town", "responsible_unit")
    serializer_class = ProjectLightSerializer
    filterset_class = ProjectFilterSet
    http_method_names = READ

    def get_queryset(self):
        return lights.with_lights(super().get_queryset(), today=self.today)
