"""Load the demo data: create what is missing, change nothing that exists.

Natural keys decide what exists: a unit's name, an industry's name, a user's
username, a project's code, a task force's project, a member's (task force,
user). Every object is validated with ``full_clean()`` and saved one by one
through its model, so each gets a history record with the reason
"演示数据初始化". The reserve pool, its evaluation round and the annual plan go
through ``reserve.services`` instead (``reserve.py``), so their moves carry the
office's reasons; the approvals, the ledger, the assessment rounds and the investment leads are
replayed through their services too (``approvals.py``, ``ledger.py``, ``assessment.py``,
``investment.py``); so do the task forces' work plans, monthly reports, photos and
meetings, through ``projects.services`` (``work.py``). A second run therefore writes
no row at all.
"""

from collections import Counter

from django.contrib.auth.models import Group
from django.db import transaction

from accounts.choices import UnitKind
from accounts.models import Unit, User
from accounts.roles import AdminRole, Role
from projects.models import Industry, Project, TaskForce, TaskForceMember

from .approvals import load_approvals
from .assessment import load_assessment
from .investment import load_investment
from .ledger import load_ledger
from .people import DEMO_PASSWORD, USERS
from .projects import INDUSTRIES, SEED_PROJECTS
from .reserve import load_pool
from .synthetic import synthetic_projects
from .task_forces import task_force_spec
from .units import unit_specs
from .work import load_work

REASON = "演示数据初始化"

# Keys of a project spec that are not Project fields or need resolving.
_RESOLVED = {"industry", "town", "responsible_unit", "service_commissioner", "leader"}


def project_specs():
    """The seed's projects followed by the synthetic fill."""
    return SEED_PROJECTS + synthetic_projects()


class DemoLoader:
    def __init__(self):
        self.created = Counter()

    def _save(self, obj):
        obj.full_clean()
        obj._change_reason = REASON
        obj.save()
        self.created[type(obj)] += 1
        return obj

    def units(self):
        by_name = {}
        for spec in unit_specs():
            spec = dict(spec)
            parent = spec.pop("parent", None)
            unit = Unit.objects.filter(name=spec["name"]).first()
            if unit is None:
                unit = self._save(Unit(parent=by_name.get(parent), **spec))
            elif unit.parent_id is None and parent in by_name:
                # Migration approvals/0002 creates the catalogue's departments on a fresh
                # database, by full name only, before the city exists: place them under it
                # and fill in what it left blank, once.
                unit.parent = by_name[parent]
                for name in ("short_name", "sort_order"):
                    if spec.get(name) and not getattr(unit, name):
                        setattr(unit, name, spec[name])
                unit.full_clean()
                unit._change_reason = REASON
                unit.save(update_fields=["parent", "short_name", "sort_order"])
            by_name[unit.name] = unit
        return by_name

    def industries(self):
        by_name = {}
        for order, name in enumerate(INDUSTRIES, start=1):
            industry = Industry.objects.filter(name=name).first()
            if industry is None:
                industry = self._save(Industry(name=name, sort_order=order))
            by_name[name] = industry
        return by_name

    def users(self, units):
        groups = {group.name: group for group in Group.objects.all()}
        by_username = {}
        for spec in USERS:
            spec = dict(spec)
            roles = spec.pop("roles")
            unit = units[spec.pop("unit")]
            user = User.objects.filter(username=spec["username"]).first()
            if user is None:
                user = User(unit=unit, **spec)
                user.set_password(DEMO_PASSWORD)
                self._save(user)
                # Roles only on creation: an office that took a role away keeps it away.
                user.groups.add(*(groups[role] for role in roles))
            by_username[user.username] = user
        return by_username

    def projects(self, units, industries, users):
        towns = {name: unit for name, unit in units.items() if unit.kind == UnitKind.TOWN}
        for spec in project_specs():
            project = Project.objects.filter(code=spec["code"]).first()
            if project is None:
                fields = {key: value for key, value in spec.items() if key not in _RESOLVED}
                commissioner = spec.get("service_commissioner")
                project = self._save(
                    Project(
                        industry=industries[spec["industry"]],
                        town=towns[spec["town"]],
                        responsible_unit=units[spec["responsible_unit"]],
                        service_commissioner=users[commissioner] if commissioner else None,
                        **fields,
                    )
                )
            self.task_force(project, task_force_spec(spec), users)

    def task_force(self, project, spec, users):
        if spec is None:
            return
        task_force = TaskForce.objects.filter(project=project).first()
        if task_force is None:
            task_force = self._save(
                TaskForce(
                    project=project,
                    name=spec["name"],
                    leader=users[spec["leader"]],
                    meeting_frequency=spec["meeting_frequency"],
                    meeting_weekday=spec["meeting_weekday"],
                )
            )
        for username, duty in spec["members"]:
            user = users[username]
            if not TaskForceMember.objects.filter(task_force=task_force, user=user).exists():
                self._save(TaskForceMember(task_force=task_force, user=user, duty=duty, unit=user.unit))

    def load(self):
        with transaction.atomic():
            units = self.units()
            industries = self.industries()
            users = self.users(units)
            self.projects(units, industries, users)
            self.created.update(load_pool(users))
            self.created.update(load_work(users, [spec["code"] for spec in project_specs()]))
            self.created.update(load_approvals(users))
            self.created.update(load_ledger(users))
            self.created.update(load_assessment(users))
            self.created.update(load_investment(users))
        return self.created


def load_demo():
    """Create the missing demo data in one transaction; return a Counter of created rows by model."""
    return DemoLoader().load()


def demo_logins():
    """(username, password, role label, full name, unit) of every demo user, for printing."""
    labels = {**dict(Role.choices), **dict(AdminRole.choices)}
    rows = []
    for spec in USERS:
        roles = "、".join(str(labels[role]) for role in spec["roles"])
        role = "超级管理员" if spec.get("is_superuser") else roles
        rows.append((spec["username"], DEMO_PASSWORD, role, spec["full_name"], spec["unit"]))
    return rows
