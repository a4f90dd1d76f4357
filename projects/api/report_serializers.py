"""Progress reports (进度填报), their site photos, and status lights (红黄绿灯) in the API.

Money in 万元 (decimal strings). A report is saved through
``services.reports.save_report`` (period checks, permission on the project,
optimistic concurrency); its cumulative figures are derived in the database
(``services.reports.with_cumulative``), never typed twice.
"""

from django.urls import reverse
from rest_framework import serializers

from projects.choices import Light
from projects.models import ProgressReport, Project, ReportPhoto
from projects.services import lights, reports

from .base import ServiceSerializer, today_of

MONEY = {"max_digits": 15, "decimal_places": 2, "read_only": True}


class ReportPhotoSerializer(serializers.ModelSerializer):
    """A site photo (现场照片): checked to be a real image, kept with a display copy and a thumbnail."""

    url = serializers.HyperlinkedIdentityField(view_name="api:report-photo-detail")
    uploaded_by_name = serializers.CharField(source="uploaded_by.display_name", read_only=True)
    original_url = serializers.SerializerMethodField(help_text="原图（登录后可看）")
    display_url = serializers.SerializerMethodField(help_text="展示图，长边不超过 1600 像素")
    thumbnail_url = serializers.SerializerMethodField(help_text="缩略图，长边不超过 400 像素")

    class Meta:
        model = ReportPhoto
        fields = [
            "id",
            "url",
            "report",
            "caption",
            "width",
            "height",
            "uploaded_by",
            "uploaded_by_name",
            "uploaded_at",
            "original_url",
            "display_url",
            "thumbnail_url",
        ]
        read_only_fields = fields

    # The files are served by the pages' view (``projects:photo``), which checks the reader's
    # right; there is no public media URL.
    def _file_url(self, photo, kind):
        path = reverse("projects:photo", args=[photo.pk, kind])
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request is not None else path

    def get_original_url(self, photo) -> str:
        return self._file_url(photo, "original")

    def get_display_url(self, photo) -> str:
        return self._file_url(photo, "display")

    def get_thumbnail_url(self, photo) -> str:
        return self._file_url(photo, "thumbnail")


class ProgressReportSerializer(ServiceSerializer):
    """A project's report for one period (monthly, or weekly where the office set it).

    Create with ``project`` and ``period_start`` (the 1st of the month, or a Monday
    for weekly projects; not a future period; one report per period). ``submit``:
    true hands it to the office (已提交); the office accepts (采纳) or returns it
    with a comment (退回). ``cumulative_total`` / ``cumulative_ytd`` sum the counted
    (submitted or accepted) reports of the project up to this period, since the
    start and since 1 January.
    """

    url = serializers.HyperlinkedIdentityField(view_name="api:progress-report-detail")
    project_code = serializers.CharField(source="project.code", read_only=True)
    project_name = serializers.CharField(source="project.name", read_only=True)
    frequency_display = serializers.CharField(source="get_frequency_display", read_only=True)
    period_label = serializers.CharField(read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    period_total = serializers.DecimalField(**MONEY, help_text="本期完成投资（万元）= 四项之和")
    cumulative_total = serializers.DecimalField(
        **MONEY, help_text="自开工累计完成投资（万元，已提交或已采纳的报表，截至本期）"
    )
    cumulative_ytd = serializers.DecimalField(
        **MONEY, help_text="本年累计完成投资（万元，已提交或已采纳的报表，截至本期）"
    )
    photos = ReportPhotoSerializer(many=True, read_only=True)
    created_by_name = serializers.CharField(source="created_by.display_name", read_only=True)
    reviewed_by_name = serializers.CharField(
        source="reviewed_by.display_name", read_only=True, allow_null=True
    )
    submit = serializers.BooleanField(
        write_only=True, required=False, default=False, help_text="true：保存并提交市重点办审核"
    )

    fixed = ("project", "period_start")

    class Meta:
        model = ProgressReport
        fields = [
            "id",
            "url",
            "project",
            "project_code",
            "project_name",
            "frequency",
            "frequency_display",
            "period_start",
            "period_end",
            "period_label",
            "status",
            "status_display",
            "construction",
            "installation",
            "equipment",
            "other",
            "period_total",
            "cumulative_total",
            "cumulative_ytd",
            "physical_progress",
            "percent_complete",
            "problems",
            "photos",
            "created_by",
            "created_by_name",
            "submitted_at",
            "submitted_by",
            "reviewed_at",
            "reviewed_by",
            "reviewed_by_name",
            "review_comment",
            "version",
            "submit",
            "created_at",
            "updated_at",
        ]
        read_only_fields = [
            "frequency",
            "period_end",
            "status",
            "created_by",
            "submitted_at",
            "submitted_by",
            "reviewed_at",
            "reviewed_by",
            "review_comment",
            "created_at",
            "updated_at",
        ]

    def create(self, validated_data):
        project, period_start, submit, _version = self.split(
            validated_data, "project", "period_start", "submit", "version"
        )
        return reports.save_report(
            project=project,
            period_start=period_start,
            actor=self.actor,
            submit=bool(submit),
            **validated_data,
        )

    def update(self, instance, validated_data):
        _project, _start, submit, version = self.split(
            validated_data, "project", "period_start", "submit", "version"
        )
        return reports.save_report(
            project=instance.project,
            report=instance,
            actor=self.actor,
            submit=bool(submit),
            expected_version=version,
            **validated_data,
        )


# -- status lights --------------------------------------------------------------------------


class ProjectLightSerializer(serializers.ModelSerializer):
    """A project's status light (红黄绿灯) with its reasons, computed in the database
    (``services.lights.with_lights``): behind the time-prorated annual plan (序时进度),
    overdue milestones, a missed planned start. Lit for projects in 前期 or 在建."""

    url = serializers.HyperlinkedIdentityField(view_name="api:project-light-detail")
    project_url = serializers.HyperlinkedIdentityField(view_name="api:project-detail")
    stage_display = serializers.CharField(source="get_stage_display", read_only=True)
    industry_name = serializers.CharField(source="industry.name", read_only=True)
    town_name = serializers.CharField(source="town.name", read_only=True)
    responsible_unit_name = serializers.CharField(source="responsible_unit.name", read_only=True)
    completed_total = serializers.DecimalField(**MONEY, help_text="累计完成投资（万元）")
    completed_ytd = serializers.DecimalField(**MONEY, help_text="本年完成投资（万元）")
    behind_points = serializers.DecimalField(
        max_digits=12, decimal_places=2, read_only=True, help_text="落后序时进度的百分点（负数为超前）"
    )
    overdue_milestones = serializers.IntegerField(read_only=True, help_text="逾期节点数")
    light = serializers.ChoiceField(choices=Light.choices, read_only=True)
    light_display = serializers.SerializerMethodField()
    reasons = serializers.SerializerMethodField(help_text="亮灯原因")

    class Meta:
        model = Project
        fields = [
            "id",
            "url",
            "project_url",
            "code",
            "name",
            "stage",
            "stage_display",
            "industry",
            "industry_name",
            "town",
            "town_name",
            "responsible_unit",
            "responsible_unit_name",
            "annual_plan_investment",
            "completed_ytd",
            "completed_total",
            "behind_points",
            "overdue_milestones",
            "light",
            "light_display",
            "reasons",
        ]
        read_only_fields = fields

    def get_light_display(self, project) -> str:
        return str(Light(project.light).label)

    def get_reasons(self, project) -> list[str]:
        return [str(reason) for reason in lights.reasons(project, today_of(self))]
