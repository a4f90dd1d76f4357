"""Factories and helpers for approvals tests: a small catalogue, PDF uploads, a submitted case."""

import datetime
import io
import zoneinfo

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from accounts.roles import Role
from approvals.choices import MaterialKind
from approvals.models import ApprovalItem, ApprovalStage, ItemMaterial
from approvals.services.intake import submit_case
from tests.factories import DepartmentFactory, ProjectFactory, UserFactory

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


def at(day, hour=10):
    """A moment on ``day`` in Asia/Shanghai (a datetime for the services' ``at=``)."""
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=SHANGHAI)


def pdf(name="材料.pdf", size=200):
    body = b"%PDF-1.4\n" + b"0" * max(size - 20, 0) + b"\n%%EOF\n"
    return SimpleUploadedFile(name, body, content_type="application/pdf")


def png(name="扫描件.png"):
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "white").save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def fake(name="伪装.pdf"):
    """A file named like a PDF that is not one."""
    return SimpleUploadedFile(name, b"MZ\x90\x00 not a pdf at all", content_type="application/pdf")


class StageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ApprovalStage

    code = factory.Sequence(lambda n: f"T{n}")
    number = 1
    name = factory.Sequence(lambda n: f"测试阶段{n}")
    time_limit = 20


class ItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ApprovalItem

    stage = factory.SubFactory(StageFactory)
    code = factory.Sequence(lambda n: f"T-ITEM-{n:03d}")
    name = factory.Sequence(lambda n: f"测试审批事项{n:03d}")
    department = factory.SubFactory(DepartmentFactory)
    statutory_limit = 20
    promised_limit = 5


class MaterialFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ItemMaterial

    item = factory.SubFactory(ItemFactory)
    name = factory.Sequence(lambda n: f"测试材料{n:03d}")
    kind = MaterialKind.MAIN


def item_with_materials(stage, department, promised_limit=5, name=None):
    """An item with one main material and one secondary material that may come later."""
    item = ItemFactory(
        stage=stage, department=department, promised_limit=promised_limit, **({"name": name} if name else {})
    )
    main = MaterialFactory(item=item, name=f"{item.name}申请书", kind=MaterialKind.MAIN)
    later = MaterialFactory(
        item=item, name=f"{item.name}附件", kind=MaterialKind.SECONDARY, may_supply_later=True
    )
    return item, main, later


class Scene:
    """Two departments, a stage with two items, a project with its commissioner, and the people."""

    def __init__(self):
        self.stage = StageFactory()
        self.dept_a = DepartmentFactory(name="测试自然资源局")
        self.dept_b = DepartmentFactory(name="测试生态环境局")
        self.item_a, self.main_a, self.later_a = item_with_materials(self.stage, self.dept_a, 5, "用地预审")
        self.item_b, self.main_b, self.later_b = item_with_materials(self.stage, self.dept_b, 15, "环评审批")
        self.office = UserFactory(roles=[Role.KEY_OFFICE])
        self.commissioner = UserFactory(roles=[Role.SERVICE_COMMISSIONER])
        self.project = ProjectFactory(service_commissioner=self.commissioner)
        self.staff_a = UserFactory(roles=[Role.DEPARTMENT_STAFF], unit=self.dept_a)
        self.staff_b = UserFactory(roles=[Role.DEPARTMENT_STAFF], unit=self.dept_b)

    def submit(self, user=None, *, uploads=None, items=None, when=None, **kwargs):
        """Submit a case with all materials unless ``uploads`` says otherwise."""
        items = items if items is not None else [self.item_a, self.item_b]
        if uploads is None:
            uploads = {m.pk: pdf() for item in items for m in item.materials.all()}
        kwargs.setdefault("applicant_name", self.project.owner_enterprise)
        return submit_case(
            user or self.commissioner,
            project=self.project,
            stage=self.stage,
            items=items,
            uploads=uploads,
            at=at(when or datetime.date(2026, 3, 2)),
            **kwargs,
        )

    def submit_deficient(self, **kwargs):
        """Main materials complete; item A's secondary one missing, on a signed promise."""
        uploads = {self.main_a.pk: pdf(), self.main_b.pk: pdf(), self.later_b.pk: pdf()}
        kwargs.setdefault("promise_signed_by", "王法人")
        kwargs.setdefault("promise_letter", pdf("承诺书.pdf"))
        return self.submit(uploads=uploads, **kwargs)
