"""A case (申报件) submitted once at the single window, its materials, supplements and parallel tasks."""

from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db import models
from django.db.models import F
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from liuyang.models import VersionedModel

from ..choices import (
    OPEN_TASK_STATUSES,
    CaseResult,
    CaseStatus,
    IntakeOutcome,
    SupplementStatus,
    TaskMoveKind,
    TaskStatus,
)
from .catalogue import ApprovalItem, ApprovalStage, ItemMaterial


def material_upload_to(instance, filename):
    return f"approvals/{instance.case.submitted_at:%Y/%m}/{instance.case_id}/{filename}"


def promise_upload_to(instance, filename):
    return f"approvals/{instance.submitted_at:%Y/%m}/promises/{filename}"


class ApprovalCase(VersionedModel):
    """An application (申报件) for a project in one stage: several items, submitted once (一网通办).

    Intake decides at once: accepted, accepted with deficiencies (容缺受理, on a
    signed promise letter) or not accepted (with what is missing). An accepted
    case gets one task per item, all at the same time (并联审批), and a single
    result once every task has concluded (统一反馈).
    """

    code = models.CharField(_("申报件编号"), max_length=30, unique=True)
    project = models.ForeignKey(
        "projects.Project", verbose_name=_("项目"), on_delete=models.PROTECT, related_name="approval_cases"
    )
    stage = models.ForeignKey(
        ApprovalStage, verbose_name=_("审批阶段"), on_delete=models.PROTECT, related_name="cases"
    )
    items = models.ManyToManyField(ApprovalItem, verbose_name=_("申报事项"), related_name="cases")

    applicant_name = models.CharField(_("申请人"), max_length=200)
    applicant_credit_code = models.CharField(_("统一社会信用代码"), max_length=18, blank=True)
    legal_representative = models.CharField(_("法定代表人"), max_length=50, blank=True)
    contact_person = models.CharField(_("联系人"), max_length=50, blank=True)
    contact_phone = models.CharField(_("联系电话"), max_length=20, blank=True)

    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("提交人"),
        on_delete=models.PROTECT,
        related_name="submitted_approval_cases",
    )
    submitted_at = models.DateTimeField(_("提交时间"))
    intake_outcome = models.CharField(_("受理结论"), max_length=20, choices=IntakeOutcome.choices)
    status = models.CharField(_("办理状态"), max_length=20, choices=CaseStatus.choices)
    accepted_on = models.DateField(_("受理日期"), null=True, blank=True)
    missing = models.JSONField(_("缺少的材料"), default=list, blank=True)
    refusal_reason = models.TextField(_("不予受理理由"), blank=True)

    promise_signed_by = models.CharField(_("承诺书签署人"), max_length=50, blank=True)
    promise_signed_on = models.DateField(_("承诺书签署日期"), null=True, blank=True)
    promise_letter = models.FileField(_("承诺书"), upload_to=promise_upload_to, blank=True)
    notice_number = models.CharField(_("容缺受理通知书文号"), max_length=50, blank=True)

    result = models.CharField(_("办理结果"), max_length=20, choices=CaseResult.choices, blank=True)
    concluded_on = models.DateField(_("办结日期"), null=True, blank=True)
    result_note = models.TextField(_("结果说明"), blank=True)
    elapsed_days = models.PositiveSmallIntegerField(_("实际用时（工作日）"), null=True, blank=True)
    serial_days = models.PositiveSmallIntegerField(_("串联办理合计时限（工作日）"), null=True, blank=True)

    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["version", "updated_at", "created_at"])
    history_labels = {"missing": lambda entry: f"{entry.get('item', '')}·{entry.get('material', '')}"}

    class Meta:
        verbose_name = _("申报件")
        verbose_name_plural = _("申报件")
        ordering = ["-submitted_at", "-pk"]
        indexes = [
            models.Index(fields=["status", "-submitted_at"]),
            models.Index(fields=["project", "-submitted_at"]),
            models.Index(fields=["concluded_on"]),
            models.Index(fields=["applicant_name"]),
        ]

    def __str__(self):
        return f"{self.code} {self.project.name}"

    def get_absolute_url(self):
        return reverse("approvals:case_detail", args=[self.pk])

    @property
    def compression(self):
        """Share of the serial time (items one after another) saved by handling them in parallel."""
        if self.elapsed_days is None or not self.serial_days:
            return None
        saved = Decimal(self.serial_days - self.elapsed_days) / Decimal(self.serial_days) * 100
        return saved.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)

    @property
    def is_open(self):
        return self.status == CaseStatus.IN_PROGRESS


class CaseMaterial(models.Model):
    """A file uploaded for one required material, at intake, as a supplement, or as a correction."""

    case = models.ForeignKey(
        ApprovalCase, verbose_name=_("申报件"), on_delete=models.CASCADE, related_name="materials"
    )
    material = models.ForeignKey(
        ItemMaterial, verbose_name=_("材料"), on_delete=models.PROTECT, related_name="uploads"
    )
    file = models.FileField(_("文件"), upload_to=material_upload_to, max_length=300)
    original_name = models.CharField(_("原文件名"), max_length=200)
    size = models.PositiveIntegerField(_("大小（字节）"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("上传人"), on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("上传时间"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("申报材料文件")
        verbose_name_plural = _("申报材料文件")
        ordering = ["case", "material__item__sort_order", "material__sort_order", "uploaded_at"]

    def __str__(self):
        return self.original_name


#: 0 for a task still open (no conclusion date: pending, reviewing, correcting, suspended), 1 after;
#: the inbox sorts on it, and two indexes are built on exactly this expression.
OPEN_FIRST = models.Case(
    models.When(concluded_on__isnull=True, then=models.Value(0)),
    default=models.Value(1),
    output_field=models.IntegerField(),
)


class ApprovalTask(VersionedModel):
    """One approval item of an accepted case, at its department (并联审批: all start together).

    ``due_date`` is the promised limit counted in working days from acceptance,
    pushed back by the working days the task spent suspended or back with the
    applicant for correction (``paused_days``): that time does not count.
    """

    case = models.ForeignKey(
        ApprovalCase, verbose_name=_("申报件"), on_delete=models.CASCADE, related_name="tasks"
    )
    item = models.ForeignKey(
        ApprovalItem, verbose_name=_("审批事项"), on_delete=models.PROTECT, related_name="tasks"
    )
    department = models.ForeignKey(
        "accounts.Unit", verbose_name=_("审批部门"), on_delete=models.PROTECT, related_name="approval_tasks"
    )
    status = models.CharField(
        _("状态"), max_length=20, choices=TaskStatus.choices, default=TaskStatus.PENDING
    )
    promised_limit = models.PositiveSmallIntegerField(_("承诺时限（工作日）"))
    assigned_at = models.DateTimeField(_("分发时间"))
    started_at = models.DateTimeField(_("开始审查时间"), null=True, blank=True)
    due_date = models.DateField(_("办理期限"))
    paused_days = models.PositiveSmallIntegerField(_("中止及补正天数（工作日）"), default=0)
    paused_since = models.DateField(_("中止/补正起始日"), null=True, blank=True)
    resume_status = models.CharField(_("恢复后状态"), max_length=20, choices=TaskStatus.choices, blank=True)
    concluded_at = models.DateTimeField(_("办结时间"), null=True, blank=True)
    concluded_on = models.DateField(_("办结日期"), null=True, blank=True)
    elapsed_days = models.PositiveSmallIntegerField(_("实际用时（工作日）"), null=True, blank=True)
    document_number = models.CharField(_("批文/证照编号"), max_length=100, blank=True)
    decision_note = models.TextField(_("办理意见"), blank=True)

    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        verbose_name = _("审批任务")
        verbose_name_plural = _("审批任务")
        ordering = ["due_date", "pk"]
        indexes = [
            models.Index(fields=["department", "status", "due_date"]),
            models.Index(fields=["status", "due_date"]),
            models.Index(fields=["concluded_on"]),
            models.Index(fields=["due_date", "id"], name="approval_task_due"),
            # the inbox: open tasks first, then by due date (OPEN_FIRST)
            models.Index(F("department"), OPEN_FIRST, F("due_date"), F("id"), name="approval_inbox_dept"),
            models.Index(OPEN_FIRST, F("due_date"), F("id"), name="approval_inbox_all"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["case", "item"], name="one_task_per_case_item"),
        ]

    def __str__(self):
        return f"{self.case.code} · {self.item.name}"

    def get_absolute_url(self):
        return reverse("approvals:case_detail", args=[self.case_id]) + f"#task-{self.pk}"

    @property
    def is_open(self):
        return self.status in OPEN_TASK_STATUSES

    def is_overdue(self, today):
        if self.status == TaskStatus.WITHDRAWN:
            return False  # ended by the applicant's broken promise, not late at the department
        if self.is_open:
            return self.status != TaskStatus.SUSPENDED and self.paused_since is None and today > self.due_date
        return bool(self.concluded_on and self.concluded_on > self.due_date)


class TaskMove(models.Model):
    """One move of a task, with who made it and when: the case's timeline."""

    task = models.ForeignKey(
        ApprovalTask, verbose_name=_("审批任务"), on_delete=models.CASCADE, related_name="moves"
    )
    kind = models.CharField(_("操作"), max_length=20, choices=TaskMoveKind.choices)
    from_status = models.CharField(_("原状态"), max_length=20, choices=TaskStatus.choices, blank=True)
    to_status = models.CharField(_("新状态"), max_length=20, choices=TaskStatus.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("系统自动处理时为空"),
    )
    at = models.DateTimeField(_("时间"))
    note = models.TextField(_("说明"), blank=True)

    class Meta:
        verbose_name = _("审批任务流转")
        verbose_name_plural = _("审批任务流转")
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.task} {self.get_kind_display()}"


class Supplement(models.Model):
    """A secondary material accepted on promise (容缺): to be supplied by its deadline.

    The deadline may not be later than the item's promised completion. Past it,
    the item is suspended; supplied within the grace period
    (APPROVAL_SUPPLEMENT_GRACE_DAYS working days) it resumes, otherwise the
    case is returned (退件).
    """

    case = models.ForeignKey(
        ApprovalCase, verbose_name=_("申报件"), on_delete=models.CASCADE, related_name="supplements"
    )
    task = models.ForeignKey(
        ApprovalTask, verbose_name=_("审批任务"), on_delete=models.CASCADE, related_name="supplements"
    )
    material = models.ForeignKey(
        ItemMaterial, verbose_name=_("材料"), on_delete=models.PROTECT, related_name="+"
    )
    deadline = models.DateField(_("补齐期限"))
    status = models.CharField(
        _("状态"), max_length=10, choices=SupplementStatus.choices, default=SupplementStatus.PENDING
    )
    overdue_since = models.DateField(_("逾期起始日"), null=True, blank=True)
    supplied_at = models.DateTimeField(_("补齐时间"), null=True, blank=True)
    upload = models.ForeignKey(
        CaseMaterial,
        verbose_name=_("补齐的材料"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="supplements",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("容缺补齐事项")
        verbose_name_plural = _("容缺补齐事项")
        ordering = ["deadline", "pk"]
        indexes = [models.Index(fields=["status", "deadline"])]
        constraints = [
            models.UniqueConstraint(fields=["task", "material"], name="one_supplement_per_material")
        ]

    def __str__(self):
        return f"{self.case.code} · {self.material.name}"

    def get_absolute_url(self):
        return reverse("approvals:case_detail", args=[self.case_id]) + f"#supplement-{self.pk}"
