"""Approval cases for the demo (容缺受理 + 并联审批), replayed through ``approvals.services``.

Each case of ``approval_plans`` is submitted at the single window by its project's
service commissioner (the office when a project has none) on its fixed date, with
small generated PDF files for the materials; then every action happens on its day
through the same services the pages call: the departments' clerks (``people.py``,
one per department of the catalogue) take up, approve, refuse or send back their
own tasks; the commissioner supplies the promised materials and the corrections; the
sweep of overdue supplements runs on its day. Nothing is dated "now": the dates are
fixed, so the demo is the same on every machine (only the moment a history row was
written is the real one).

Natural key: a case's (project, stage). A case that exists is skipped whole, so a
second run writes nothing; a project or item the office has removed skips its case.
"""

import datetime
import zoneinfo
from collections import Counter

from django.core.files.uploadedfile import SimpleUploadedFile

from approvals.choices import MaterialKind
from approvals.models import (
    ApprovalCase,
    ApprovalItem,
    ApprovalStage,
    ApprovalTask,
    CaseMaterial,
    Supplement,
    TaskMove,
)
from approvals.services import handling
from approvals.services.intake import submit_case
from approvals.workdays import WorkCalendar
from projects.models import Project

from .approval_plans import DECISION_HOUR, HOURS, case_plans
from .material_pdf import material_pdf
from .people import APPROVAL_CLERKS

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
#: the rows a replay creates, counted for seed_demo's summary
MODELS = [ApprovalCase, ApprovalTask, TaskMove, CaseMaterial, Supplement]


def moment(day, hour, minute=0):
    """A moment on ``day`` in Asia/Shanghai (the services' ``at=``)."""
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=SHANGHAI)


def upload(project, material, corrected=False):
    """A material's file, named for its item and material, with the project in its text."""
    suffix = "-补正" if corrected else ""
    name = f"{material.item.code}-{material.sort_order:02d}{material.name}{suffix}.pdf"
    content = material_pdf(
        f"Project {project.code}",
        f"Item {material.item.code}, material {material.sort_order}" + (" (corrected)" if corrected else ""),
    )
    return SimpleUploadedFile(name, content, content_type="application/pdf")


class ApprovalLoader:
    def __init__(self, users):
        self.users = users
        self.office = users["office"]
        self.calendar = WorkCalendar.load()
        self.stages = {stage.code: stage for stage in ApprovalStage.objects.all()}
        self.items = {
            item.code: item
            for item in ApprovalItem.objects.select_related("department").prefetch_related("materials__item")
        }

    def clerk(self, item):
        return self.users.get(APPROVAL_CLERKS.get(item.department.name))

    def ready(self, plan):
        """The plan's project, stage and items if they are all there and nothing was submitted yet."""
        project = Project.objects.filter(code=plan.project).select_related("service_commissioner").first()
        stage = self.stages.get(plan.stage)
        items = [self.items.get(code) for code in plan.items]
        if project is None or stage is None or not all(item and item.is_active for item in items):
            return None
        if any(self.clerk(item) is None for item in items):
            return None
        if ApprovalCase.objects.filter(project=project, stage=stage).exists():
            return None
        return project, stage, items

    def submit(self, plan, project, stage, items):
        left_out = set(plan.left_out)
        uploads, deficient = {}, False
        for item in items:
            for material in item.materials.all():
                if (item.code, material.name) in left_out:
                    deficient |= material.may_supply_later
                else:
                    uploads[material.pk] = upload(project, material)
        promise = {}
        if deficient:
            promise = {
                "promise_signed_by": plan.legal_representative,
                "promise_letter": SimpleUploadedFile(
                    f"{project.code}-{stage.code}-容缺受理承诺书.pdf",
                    material_pdf(f"Project {project.code}", "Promise letter (cheng nuo shu), signed"),
                    content_type="application/pdf",
                ),
            }
        return submit_case(
            project.service_commissioner or self.office,
            project=project,
            stage=stage,
            items=items,
            uploads=uploads,
            applicant_name=project.owner_enterprise,
            legal_representative=plan.legal_representative,
            contact_person=plan.contact_person,
            contact_phone=plan.contact_phone,
            at=moment(plan.submitted, 9),
            **promise,
        )

    def act(self, case, event, at, day):
        """One event of the plan, through the service that does it."""
        if event.kind == "sweep_all":
            handling.sweep_supplements(today=day, at=at)
            return
        if event.kind == "sweep":
            handling.sweep_case(case.pk, today=day, at=at)
            return
        task = ApprovalTask.objects.select_related("case", "item__department").get(
            case=case, item__code=event.item
        )
        applicant = case.project.service_commissioner or self.office
        clerk = self.clerk(task.item)
        if event.kind == "start":
            handling.start_review(clerk, task, at=at)
        elif event.kind == "approve":
            handling.approve(clerk, task, document_number=document_number(task, day), at=at)
        elif event.kind == "reject":
            handling.reject(clerk, task, reason=event.note, at=at)
        elif event.kind == "return":
            handling.return_for_correction(clerk, task, reason=event.note, at=at)
        elif event.kind == "resubmit":
            material = task.item.materials.filter(kind=MaterialKind.MAIN).order_by("sort_order").first()
            corrected = {material.pk: upload(case.project, material, corrected=True)}
            handling.resubmit_correction(applicant, task, uploads=corrected, note=event.note, at=at)
        elif event.kind == "supply":
            supplement = Supplement.objects.select_related("case", "material__item").get(
                task=task, material__name=event.note
            )
            handling.supply(applicant, supplement, upload=upload(case.project, supplement.material), at=at)
        else:
            raise ValueError(f"unknown demo approval event {event.kind!r}")

    def replay(self, plan):
        ready = self.ready(plan)
        if ready is None:
            return
        case = self.submit(plan, *ready)
        if case.accepted_on is None:
            return
        timed = []
        for order, event in enumerate(plan.events):
            day = self.calendar.add(case.accepted_on, event.day)
            if day < plan.as_of:
                hour = HOURS.get(event.kind, DECISION_HOUR)
                timed.append((day, hour, order, event))
        for day, hour, order, event in sorted(timed, key=lambda row: row[:3]):
            self.act(case, event, moment(day, hour, order % 60), day)

    def load(self):
        before = {model: model.objects.count() for model in MODELS}
        for plan in case_plans():
            self.replay(plan)
        created = Counter({model: model.objects.count() - count for model, count in before.items()})
        return +created


#: the document-number prefix (批文/证照文号) of each catalogue item
PREFIXES = {
    "LY-S1-01": "浏发改投",
    "LY-S1-02": "浏发改审",
    "LY-S1-03": "浏发改核",
    "LY-S1-04": "浏发改备",
    "LY-S1-05": "用字第430181",
    "LY-S1-06": "地字第430181",
    "LY-S1-07": "浏发改能审",
    "LY-S1-08": "浏环审",
    "LY-S1-09": "浏水许",
    "LY-S2-01": "浏自然资规方",
    "LY-S2-02": "建字第430181",
    "LY-S2-03": "浏人防审",
    "LY-S2-04": "浏气雷审",
    "LY-S3-01": "浏施审",
    "LY-S3-02": "浏住建消审",
    "LY-S3-03": "施工许可430181",
    "LY-S3-04": "浏城管渣",
    "LY-PX-01": "浏供电接",
    "LY-S4-01": "浏自然资规核",
    "LY-S4-02": "浏住建消验",
    "LY-S4-03": "浏人防验",
    "LY-S4-04": "浏气雷验",
    "LY-S4-05": "浏住建竣备",
}


def document_number(task, day):
    """A plausible document number: the item's prefix, the year and the case's sequence."""
    prefix = PREFIXES.get(task.item.code, "浏审")
    sequence = task.case.code[-3:]
    if prefix[-6:].isdigit():
        return f"{prefix}{day:%Y%m%d}{sequence}"
    return f"{prefix}〔{day.year}〕{day:%m%d}{sequence}号"


def load_approvals(users):
    """The demo's approval cases; a Counter of the rows created, by model."""
    return ApprovalLoader(users).load()
