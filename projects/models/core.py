from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from liuyang.models import VersionedModel

from ..choices import MeetingFrequency, PolicyTag, ProjectStage, ProjectType, ReportFrequency
from ..rules import check_project

MONEY = {"max_digits": 14, "decimal_places": 2, "validators": [MinValueValidator(0)]}


class Industry(models.Model):
    """An industry (产业) a project belongs to; the office edits the list."""

    name = models.CharField(_("名称"), max_length=50, unique=True)
    sort_order = models.PositiveIntegerField(_("排序"), default=0)
    is_active = models.BooleanField(_("启用"), default=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("产业")
        verbose_name_plural = _("产业")
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name


class Project(VersionedModel):
    """A key project (重点项目). Money in 万元."""

    code = models.CharField(_("项目编号"), max_length=30, unique=True)
    name = models.CharField(_("项目名称"), max_length=200)
    project_type = models.CharField(_("项目类型"), max_length=20, choices=ProjectType.choices)
    industry = models.ForeignKey(
        Industry, verbose_name=_("所属产业"), on_delete=models.PROTECT, related_name="projects"
    )
    stage = models.CharField(
        _("项目阶段"), max_length=20, choices=ProjectStage.choices, default=ProjectStage.PLANNING
    )
    description = models.TextField(_("建设内容及规模"), blank=True)

    total_investment = models.DecimalField(_("总投资（万元）"), **MONEY)
    annual_plan_investment = models.DecimalField(_("年度计划投资（万元）"), default=0, **MONEY)

    responsible_unit = models.ForeignKey(
        "accounts.Unit",
        verbose_name=_("责任单位"),
        on_delete=models.PROTECT,
        related_name="responsible_projects",
    )
    responsible_person = models.CharField(_("责任人"), max_length=50)
    responsible_phone = models.CharField(_("责任人电话"), max_length=20, blank=True)
    owner_enterprise = models.CharField(_("业主单位"), max_length=200)
    town = models.ForeignKey(
        "accounts.Unit",
        verbose_name=_("所在乡镇/街道"),
        on_delete=models.PROTECT,
        related_name="located_projects",
        limit_choices_to={"kind": "town"},
    )
    address = models.CharField(_("建设地点"), max_length=200, blank=True)
    land_area = models.DecimalField(
        _("用地面积（亩）"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )

    planned_start = models.DateField(_("计划开工日期"), null=True, blank=True)
    planned_completion = models.DateField(_("计划竣工日期"), null=True, blank=True)
    actual_start = models.DateField(_("实际开工日期"), null=True, blank=True)
    actual_completion = models.DateField(_("实际竣工日期"), null=True, blank=True)

    expected_output_value = models.DecimalField(_("预期年产值（万元）"), null=True, blank=True, **MONEY)
    expected_tax = models.DecimalField(_("预期年税收（万元）"), null=True, blank=True, **MONEY)
    expected_jobs = models.PositiveIntegerField(_("预期就业（人）"), null=True, blank=True)
    expected_targets = models.TextField(_("其他预期目标"), blank=True)

    policy_tags = models.JSONField(
        _("政策契合"),
        default=list,
        blank=True,
        help_text=_("可多选，取值见政策契合标签"),
    )
    service_commissioner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("项目服务专员"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="served_projects",
    )
    report_frequency = models.CharField(
        _("填报周期"),
        max_length=10,
        choices=ReportFrequency.choices,
        default=ReportFrequency.MONTHLY,
        help_text=_("进度按月填报；市重点办可对个别项目设为按周"),
    )

    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["version", "updated_at", "created_at"])
    history_labels = {"policy_tags": dict(PolicyTag.choices)}

    class Meta:
        verbose_name = _("重点项目")
        verbose_name_plural = _("重点项目")
        ordering = ["code"]
        indexes = [
            models.Index(fields=["stage", "code"]),
            models.Index(fields=["project_type", "code"]),
            models.Index(fields=["-total_investment"]),
            models.Index(fields=["-updated_at"]),
            models.Index(fields=["planned_start", "code"]),
            models.Index(fields=["name"]),
            models.Index(fields=["annual_plan_investment"]),
        ]

    def __str__(self):
        return f"{self.code} {self.name}"

    def get_absolute_url(self):
        return reverse("projects:project_detail", args=[self.pk])

    def clean(self):
        check_project(self)

    @property
    def stage_colour(self):
        return ProjectStage.colour(self.stage)

    @property
    def type_colour(self):
        return ProjectType.colour(self.project_type)

    @property
    def policy_tag_labels(self):
        labels = dict(PolicyTag.choices)
        return [labels.get(tag, tag) for tag in self.policy_tags or []]


#: The fields a person edits, in the order forms and the API present them.
EDITABLE_FIELDS = [
    "code",
    "name",
    "project_type",
    "industry",
    "stage",
    "description",
    "total_investment",
    "annual_plan_investment",
    "responsible_unit",
    "responsible_person",
    "responsible_phone",
    "owner_enterprise",
    "town",
    "address",
    "land_area",
    "planned_start",
    "planned_completion",
    "actual_start",
    "actual_completion",
    "expected_output_value",
    "expected_tax",
    "expected_jobs",
    "expected_targets",
    "policy_tags",
    "service_commissioner",
]


class TaskForce(models.Model):
    """The project's task force (专班): one per key project, led by a city leader.

    Membership drives the task-force staff's row scope. Issue "精准服务 (1)"
    builds the rest (duties, work plan, meetings) on top of it.
    """

    project = models.OneToOneField(
        Project, verbose_name=_("项目"), on_delete=models.CASCADE, related_name="task_force"
    )
    name = models.CharField(_("专班名称"), max_length=200, blank=True)
    leader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("牵头市领导"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="led_task_forces",
    )
    meeting_frequency = models.CharField(
        _("调度会频次"), max_length=10, choices=MeetingFrequency.choices, default=MeetingFrequency.WEEKLY
    )
    meeting_weekday = models.PositiveSmallIntegerField(
        _("调度会星期"),
        default=0,
        choices=[(0, _("周一")), (1, _("周二")), (2, _("周三")), (3, _("周四")), (4, _("周五"))],
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("项目专班")
        verbose_name_plural = _("项目专班")

    def __str__(self):
        return self.name or _("%(project)s专班") % {"project": self.project.name}


class TaskForceMember(models.Model):
    task_force = models.ForeignKey(
        TaskForce, verbose_name=_("专班"), on_delete=models.CASCADE, related_name="members"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("成员"),
        on_delete=models.CASCADE,
        related_name="task_force_memberships",
    )
    duty = models.CharField(_("职责"), max_length=100, blank=True)
    unit = models.ForeignKey(
        "accounts.Unit",
        verbose_name=_("所在部门"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="task_force_seats",
        help_text=_("成员代表的部门；不填则取其所在单位"),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("专班成员")
        verbose_name_plural = _("专班成员")
        constraints = [
            models.UniqueConstraint(fields=["task_force", "user"], name="unique_task_force_member")
        ]

    def __str__(self):
        return f"{self.task_force} · {self.user}"
