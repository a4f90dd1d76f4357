"""Who may keep the catalogue, the working-day overrides and the dishonesty list through the API.

The office keeps them; every role reads them (the dishonesty list: the office, city
leaders and service commissioners only); a user without a role gets 403 and an
anonymous caller 401. One permission matrix per endpoint: a refused write changes
nothing, an allowed one saves what was sent with one history record. Cases, tasks and
supplements (row scopes and actions) are in test_api_case_permissions.
"""

import itertools

from django.urls import reverse

from accounts.roles import Role
from approvals.choices import MaterialKind
from approvals.models import ApprovalItem, ApprovalStage, DishonestApplicant, ItemMaterial, WorkdayOverride
from tests.factories import DepartmentFactory
from tests.matrix import (
    ANONYMOUS,
    ANONYMOUS_ACCESS,
    FULL,
    NO_ACCESS,
    NO_ROLE,
    READ_ONLY,
    SUPERUSER,
    PermissionMatrix,
)

from .factories import ItemFactory, MaterialFactory, StageFactory

_numbers = itertools.count(1)
OTHER_ROLES = [role for role in Role.values if role != Role.KEY_OFFICE]


def table(manager, others=READ_ONLY, **overrides):
    """The office and superusers ``manager``; the other roles ``others``."""
    return {
        Role.KEY_OFFICE: manager,
        SUPERUSER: manager,
        **dict.fromkeys(OTHER_ROLES, others),
        NO_ROLE: NO_ACCESS,
        ANONYMOUS: ANONYMOUS_ACCESS,
        **overrides,
    }


# -- the office-kept records: one matrix per endpoint ---------------------------------------


class ApiMatrix(PermissionMatrix):
    """API endpoints only (the pages have their own tests); no row scopes: the office writes
    everything, the other roles nothing."""

    test_page = test_page_scope_escape = test_api_scope_escape = None

    def link_to_scope(self, obj, user, role):
        pass


class TestStageApiMatrix(ApiMatrix):
    model = ApprovalStage
    api_list_url = staticmethod(lambda: reverse("api:approval-stage-list"))
    api_detail_url = staticmethod(lambda obj: reverse("api:approval-stage-detail", args=[obj.pk]))
    expected = table(FULL)

    def make_object(self):
        return StageFactory()

    def create_api_data(self, user):
        return {"code": f"NEW{next(_numbers)}", "number": 2, "name": "工程建设许可", "time_limit": 15}

    def update_api_data(self, user, stage):
        return {
            "code": f"UPD{next(_numbers)}",
            "number": 3,
            "name": "施工许可",
            "time_limit": 12,
            "lead_unit": DepartmentFactory().pk,
            "sort_order": 3,
        }

    def partial_api_data(self, user, stage):
        return {"time_limit": 10}


class TestItemApiMatrix(ApiMatrix):
    model = ApprovalItem
    api_list_url = staticmethod(lambda: reverse("api:approval-item-list"))
    api_detail_url = staticmethod(lambda obj: reverse("api:approval-item-detail", args=[obj.pk]))
    expected = table(FULL)

    def make_object(self):
        return ItemFactory()

    def create_api_data(self, user):
        return {
            "stage": StageFactory().pk,
            "code": f"LY-NEW-{next(_numbers)}",
            "name": "建设工程规划许可证",
            "department": DepartmentFactory().pk,
            "statutory_limit": 20,
            "statutory_note": "20个工作日",
            "promised_limit": 5,
            "promise_system": True,
        }

    def update_api_data(self, user, item):
        return {
            "stage": item.stage_id,
            "code": f"LY-UPD-{next(_numbers)}",
            "name": "建设工程规划许可证（改）",
            "department": DepartmentFactory().pk,
            "statutory_limit": None,
            "statutory_note": "",
            "promised_limit": 7,
            "promise_system": False,
            "is_milestone": True,
            "is_active": False,
            "sort_order": 4,
        }

    def partial_api_data(self, user, item):
        return {"promised_limit": 3}


class TestItemMaterialApiMatrix(ApiMatrix):
    model = ItemMaterial
    api_list_url = staticmethod(lambda: reverse("api:item-material-list"))
    api_detail_url = staticmethod(lambda obj: reverse("api:item-material-detail", args=[obj.pk]))
    expected = table(FULL)

    def make_object(self):
        return MaterialFactory()

    def create_api_data(self, user):
        return {
            "item": ItemFactory().pk,
            "name": "不动产权证书",
            "kind": MaterialKind.SECONDARY,
            "may_supply_later": True,
            "is_official_document": True,
        }

    def update_api_data(self, user, material):
        return {
            "item": material.item_id,
            "name": "建设工程规划许可证",
            "kind": MaterialKind.MAIN,
            "may_supply_later": False,
            "is_official_document": True,
            "sort_order": 2,
        }

    def partial_api_data(self, user, material):
        return {"name": "项目选址论证报告"}


class TestWorkdayOverrideApiMatrix(ApiMatrix):
    model = WorkdayOverride
    api_list_url = staticmethod(lambda: reverse("api:workday-override-list"))
    api_detail_url = staticmethod(lambda obj: reverse("api:workday-override-detail", args=[obj.pk]))
    expected = table(FULL)

    @staticmethod
    def free_day():
        return f"{2040 + next(_numbers)}-01-02"

    def make_object(self):
        return WorkdayOverride.objects.create(date=self.free_day(), is_working_day=False, name="春节")

    def create_api_data(self, user):
        return {"date": self.free_day(), "is_working_day": True, "name": "春节调休上班", "note": "国办发明电"}

    def update_api_data(self, user, override):
        return {"date": self.free_day(), "is_working_day": True, "name": "国庆节调休上班", "note": "改"}

    def partial_api_data(self, user, override):
        return {"note": "依据国务院办公厅通知"}


class TestDishonestApplicantApiMatrix(ApiMatrix):
    """Read by the office, city leaders and service commissioners only."""

    model = DishonestApplicant
    api_list_url = staticmethod(lambda: reverse("api:dishonest-applicant-list"))
    api_detail_url = staticmethod(lambda obj: reverse("api:dishonest-applicant-detail", args=[obj.pk]))
    expected = table(
        FULL,
        others=NO_ACCESS,
        **{Role.CITY_LEADER: READ_ONLY, Role.SERVICE_COMMISSIONER: READ_ONLY},
    )

    def make_object(self):
        return DishonestApplicant.objects.create(
            name="浏阳失信测试公司", reason="拖欠工资", listed_on="2025-01-01"
        )

    def create_api_data(self, user):
        return {
            "name": "浏阳新增失信公司",
            "credit_code": "91430181MA4L000001",
            "reason": "虚假承诺",
            "listed_on": "2026-01-05",
        }

    def update_api_data(self, user, applicant):
        return {
            "name": "浏阳改名失信公司",
            "credit_code": "",
            "reason": "未按承诺补齐材料",
            "listed_on": "2025-06-01",
            "lifted_on": "2026-06-01",
        }

    def partial_api_data(self, user, applicant):
        return {"lifted_on": "2026-09-30"}
