"""Cases (申报件), their tasks (审批任务), supplements (容缺补齐) and the tasks' timelines.

Read-only: intake (``services.intake.submit_case``) creates cases, tasks and
supplements; the task and supplement actions (``services.handling``) move them.
A status shown inside another object (a case's tasks, a task's supplements, a
move's from/to) is the same value as the object's own ``status``.
"""

from django.utils import timezone
from rest_framework import serializers

from ...choices import OPEN_TASK_STATUSES, OUTSTANDING_SUPPLEMENT_STATUSES
from ...models import ApprovalCase, ApprovalTask, CaseMaterial, Supplement, TaskMove
from .catalogue import name_of


def today_of(serializer):
    return serializer.context.get("today") or timezone.localdate()


def status_of(help_text, **kwargs):
    """A status inside another object: the value (its enum is on the object's own endpoint)."""
    return serializers.CharField(read_only=True, help_text=help_text, **kwargs)


class CaseMaterialSerializer(serializers.ModelSerializer):
    """A file uploaded for a required material (at intake, as a supplement or a correction)."""

    material_name = name_of("material.name")
    item = serializers.IntegerField(source="material.item_id", read_only=True)
    uploaded_by_name = name_of("uploaded_by.display_name")

    class Meta:
        model = CaseMaterial
        fields = [
            "id",
            "material",
            "material_name",
            "item",
            "original_name",
            "size",
            "uploaded_by",
            "uploaded_by_name",
            "uploaded_at",
        ]
        read_only_fields = fields


class SupplementLineSerializer(serializers.ModelSerializer):
    """A material accepted on promise, as listed inside its case or task."""

    material_name = name_of("material.name")
    item_name = name_of("material.item.name")
    status = status_of(
        "待补齐 pending、已补齐 supplied、逾期未补 overdue、逾期退件 lapsed、无需补齐 cancelled"
    )
    status_display = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = Supplement
        fields = [
            "id",
            "task",
            "material",
            "material_name",
            "item_name",
            "deadline",
            "status",
            "status_display",
            "supplied_at",
        ]
        read_only_fields = fields


class CaseTaskSerializer(serializers.ModelSerializer):
    """A task as listed inside its case."""

    item_name = name_of("item.name")
    department_name = name_of("department.name")
    status = status_of("同 /api/approval-tasks/ 的 status")
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    is_overdue = serializers.SerializerMethodField()

    class Meta:
        model = ApprovalTask
        fields = [
            "id",
            "item",
            "item_name",
            "department",
            "department_name",
            "status",
            "status_display",
            "promised_limit",
            "due_date",
            "concluded_on",
            "elapsed_days",
            "is_overdue",
            "version",
        ]
        read_only_fields = fields

    def get_is_overdue(self, task) -> bool:
        return task.is_overdue(today_of(self))


class MissingMaterialSerializer(serializers.Serializer):
    """A material missing at intake."""

    item_id = serializers.IntegerField()
    item = serializers.CharField(help_text="事项名称")
    material_id = serializers.IntegerField()
    material = serializers.CharField(help_text="材料名称")
    kind = serializers.CharField(help_text="main 主要材料 / secondary 次要材料")
    may_supply_later = serializers.BooleanField(help_text="可容缺后补")


class CaseItemSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField()


class ApprovalCaseSerializer(serializers.ModelSerializer):
    """A case submitted once at the single window (一网通办), with intake's decision.

    ``intake_outcome``: 受理 accepted, 容缺受理 deficient (on a signed promise; see
    ``supplements`` and the notice at ``notice/``), 不予受理 not_accepted (``missing``
    lists what is missing, ``refusal_reason`` says why). An accepted case has one task
    per item, all at once (并联审批); ``result`` is given once when every task has an
    answer (统一反馈). ``compression`` is the share of the serial time (items one after
    another, ``serial_days``) saved by handling them in parallel (``elapsed_days``).
    ``tasks`` lists the tasks the reader may see (a department sees its own).
    """

    url = serializers.HyperlinkedIdentityField(view_name="api:approval-case-detail")
    project_code = name_of("project.code")
    project_name = name_of("project.name")
    stage_name = name_of("stage.name")
    items = CaseItemSerializer(many=True, read_only=True)
    submitted_by_name = name_of("submitted_by.display_name")
    intake_outcome_display = serializers.CharField(source="get_intake_outcome_display", read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    result_display = serializers.CharField(source="get_result_display", read_only=True)
    missing = MissingMaterialSerializer(many=True, read_only=True)
    has_promise_letter = serializers.SerializerMethodField(help_text="已上传容缺受理承诺书")
    compression = serializers.DecimalField(
        max_digits=5,
        decimal_places=1,
        read_only=True,
        allow_null=True,
        help_text="压缩率（%）：1 − 实际用时 / 串联办理合计时限；办结后才有",
    )
    tasks_total = serializers.SerializerMethodField()
    tasks_open = serializers.SerializerMethodField()
    tasks_overdue = serializers.SerializerMethodField()
    tasks = CaseTaskSerializer(source="visible_tasks", many=True, read_only=True)
    supplements = SupplementLineSerializer(many=True, read_only=True)
    materials = CaseMaterialSerializer(many=True, read_only=True)

    class Meta:
        model = ApprovalCase
        fields = [
            "id",
            "url",
            "code",
            "project",
            "project_code",
            "project_name",
            "stage",
            "stage_name",
            "items",
            "applicant_name",
            "applicant_credit_code",
            "legal_representative",
            "contact_person",
            "contact_phone",
            "submitted_by",
            "submitted_by_name",
            "submitted_at",
            "intake_outcome",
            "intake_outcome_display",
            "status",
            "status_display",
            "accepted_on",
            "missing",
            "refusal_reason",
            "promise_signed_by",
            "promise_signed_on",
            "has_promise_letter",
            "notice_number",
            "result",
            "result_display",
            "concluded_on",
            "result_note",
            "elapsed_days",
            "serial_days",
            "compression",
            "tasks_total",
            "tasks_open",
            "tasks_overdue",
            "tasks",
            "supplements",
            "materials",
            "version",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    def get_has_promise_letter(self, case) -> bool:
        return bool(case.promise_letter)

    def get_tasks_total(self, case) -> int:
        return len(case.visible_tasks)

    def get_tasks_open(self, case) -> int:
        return sum(task.status in OPEN_TASK_STATUSES for task in case.visible_tasks)

    def get_tasks_overdue(self, case) -> int:
        today = today_of(self)
        return sum(task.is_overdue(today) for task in case.visible_tasks if task.is_open)


class ApprovalTaskSerializer(serializers.ModelSerializer):
    """One item of an accepted case at its department (并联审批).

    ``due_date`` is the promised limit in working days from acceptance, moved back by the
    working days the task spent suspended or back with the applicant (``paused_days``).
    Approving is refused while one of its ``supplements`` is outstanding. Send the
    ``version`` you read with an action to be told (409) when someone moved it since.
    """

    url = serializers.HyperlinkedIdentityField(view_name="api:approval-task-detail")
    case_code = name_of("case.code")
    project = serializers.IntegerField(source="case.project_id", read_only=True)
    project_name = name_of("case.project.name")
    stage = serializers.IntegerField(source="case.stage_id", read_only=True)
    stage_name = name_of("case.stage.name")
    accepted_on = serializers.DateField(source="case.accepted_on", read_only=True)
    item_code = name_of("item.code")
    item_name = name_of("item.name")
    department_name = name_of("department.name")
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    is_overdue = serializers.SerializerMethodField(help_text="在办且已过办理期限，或办结晚于期限")
    outstanding_supplements = serializers.SerializerMethodField(help_text="尚未补齐的容缺材料数")
    supplements = SupplementLineSerializer(many=True, read_only=True)

    class Meta:
        model = ApprovalTask
        fields = [
            "id",
            "url",
            "case",
            "case_code",
            "project",
            "project_name",
            "stage",
            "stage_name",
            "accepted_on",
            "item",
            "item_code",
            "item_name",
            "department",
            "department_name",
            "status",
            "status_display",
            "promised_limit",
            "assigned_at",
            "started_at",
            "due_date",
            "paused_days",
            "paused_since",
            "concluded_at",
            "concluded_on",
            "elapsed_days",
            "document_number",
            "decision_note",
            "is_overdue",
            "outstanding_supplements",
            "supplements",
            "version",
        ]
        read_only_fields = fields

    def get_is_overdue(self, task) -> bool:
        return task.is_overdue(today_of(self))

    def get_outstanding_supplements(self, task) -> int:
        return sum(s.status in OUTSTANDING_SUPPLEMENT_STATUSES for s in task.supplements.all())


class TaskMoveSerializer(serializers.ModelSerializer):
    """One move of a task (the case's timeline): who, when, from which status to which."""

    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    from_status = status_of("原状态（分发时为空）")
    from_status_display = serializers.CharField(source="get_from_status_display", read_only=True)
    to_status = status_of("新状态")
    to_status_display = serializers.CharField(source="get_to_status_display", read_only=True)
    actor_name = name_of("actor.display_name", help_text="系统自动处理时为空")

    class Meta:
        model = TaskMove
        fields = [
            "id",
            "kind",
            "kind_display",
            "from_status",
            "from_status_display",
            "to_status",
            "to_status_display",
            "actor",
            "actor_name",
            "at",
            "note",
        ]
        read_only_fields = fields


class SupplementSerializer(serializers.ModelSerializer):
    """A secondary material accepted on promise (容缺), due by ``deadline``. Past it the item is
    suspended; supplied within the grace period it resumes, otherwise the case is returned.
    Supply it at ``supply/`` (multipart field ``file``)."""

    url = serializers.HyperlinkedIdentityField(view_name="api:approval-supplement-detail")
    case_code = name_of("case.code")
    project = serializers.IntegerField(source="case.project_id", read_only=True)
    project_name = name_of("case.project.name")
    item = serializers.IntegerField(source="task.item_id", read_only=True)
    item_name = name_of("task.item.name")
    department = serializers.IntegerField(source="task.department_id", read_only=True)
    department_name = name_of("task.department.name")
    material_name = name_of("material.name")
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    upload = CaseMaterialSerializer(read_only=True, allow_null=True)

    class Meta:
        model = Supplement
        fields = [
            "id",
            "url",
            "case",
            "case_code",
            "project",
            "project_name",
            "task",
            "item",
            "item_name",
            "department",
            "department_name",
            "material",
            "material_name",
            "deadline",
            "status",
            "status_display",
            "overdue_since",
            "supplied_at",
            "upload",
        ]
        read_only_fields = fields


class NoticeSupplementSerializer(serializers.Serializer):
    material = serializers.CharField(source="material.name")
    item = serializers.CharField(source="material.item.name")
    deadline = serializers.DateField()
    status = status_of("补齐状态")
    status_display = serializers.CharField(source="get_status_display")


class NoticeCaseSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    project_name = serializers.CharField(source="project.name")
    applicant_name = serializers.CharField()
    accepted_on = serializers.DateField()
    promise_signed_by = serializers.CharField()
    promise_signed_on = serializers.DateField()


class NoticeSerializer(serializers.Serializer):
    """The notice of acceptance with deficiencies (容缺受理通知书): the materials to supply,
    their deadlines, the form, and the consequence of lateness."""

    number = serializers.CharField(help_text="通知书文号")
    window = serializers.CharField(help_text="受理窗口")
    case = NoticeCaseSerializer()
    supplements = NoticeSupplementSerializer(many=True)
    form = serializers.CharField(help_text="补齐材料的形式")
    consequence = serializers.CharField(help_text="逾期未补齐的后果")
