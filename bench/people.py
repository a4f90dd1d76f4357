"""The institutions and people of the synthetic Liuyang: units, industries, users with roles.

Created once per run with bulk_create; the projects (``bench.city``) refer to them.
"""

import random
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import transaction

from accounts.choices import UnitKind
from accounts.models import Unit, User
from accounts.roles import Role
from projects.models import Industry

from . import names


@dataclass
class People:
    office: User
    task_force_staff: User
    task_force_member: User
    #: the approval clerk the department inbox is read as (``bench.approvals.prepare``)
    department_staff: User | None = None
    #: a city leader (市领导) who leads task forces, for the leader's cockpit (/dashboard/leader/)
    leader: User | None = None


def person(rng):
    """A Chinese name: surname and one or two given characters."""
    return rng.choice(names.SURNAMES) + "".join(rng.choice(names.GIVEN) for _ in range(rng.choice((1, 2))))


def phone(rng):
    return f"1{rng.choice('3589')}{rng.randrange(10**9):09d}"


@transaction.atomic
def build_people():
    """Units, industries and users with their roles. Returns the users the pages are read as."""
    rng = random.Random("liuyang-bench-people")
    units = [
        Unit(name="中共浏阳市委 浏阳市人民政府", short_name="市领导", kind=UnitKind.LEADERSHIP),
        Unit(name="浏阳市重点项目建设事务中心", short_name="市重点办", kind=UnitKind.KEY_OFFICE),
    ]
    units += [
        Unit(name=name, short_name=short, kind=UnitKind.DEPARTMENT, sort_order=index)
        for index, (name, short) in enumerate(names.DEPARTMENTS)
    ]
    units += [
        Unit(
            name=f"浏阳市{name}", short_name=name, kind=UnitKind.TOWN, code=f"430181{code}", sort_order=index
        )
        for index, (name, code, _weight) in enumerate(names.TOWNS)
    ]
    units += [
        Unit(name=name, kind=UnitKind.ENTERPRISE, code=f"91430181MA4{index:07d}")
        for index, name in enumerate(sorted({_enterprise(rng) for _ in range(40)}))
    ]
    Unit.objects.bulk_create(units)
    Industry.objects.bulk_create(
        Industry(name=name, sort_order=index) for index, (name, _type, _weight) in enumerate(names.INDUSTRIES)
    )

    leadership, office_unit = units[0], units[1]
    departments = [u for u in units if u.kind == UnitKind.DEPARTMENT]
    towns = [u for u in units if u.kind == UnitKind.TOWN]
    password = make_password(None)
    users = []  # (user, role)

    def add(username, role, unit, title):
        user = User(
            username=username,
            password=password,
            full_name=person(rng),
            unit=unit,
            title=title,
            phone=phone(rng),
        )
        users.append((user, role))
        return user

    office = add("bench_office", Role.KEY_OFFICE, office_unit, "项目科科长")
    for n in range(1, 6):
        add(f"office{n:02d}", Role.KEY_OFFICE, office_unit, "科员")
    leaders = [
        add(f"leader{n:02d}", Role.CITY_LEADER, leadership, "副市长" if n <= 6 else "市委常委")
        for n in range(1, 13)
    ]
    for dept in departments:
        for n in range(1, 3):
            add(f"dept{dept.sort_order:02d}_{n}", Role.DEPARTMENT_STAFF, dept, "经办人")
    for n in range(1, 41):
        add(f"commissioner{n:02d}", Role.SERVICE_COMMISSIONER, rng.choice(departments), "服务专员")
    staff = add("bench_taskforce", Role.TASK_FORCE_STAFF, rng.choice(towns), "专班联络员")
    for n in range(1, 150):
        add(f"taskforce{n:03d}", Role.TASK_FORCE_STAFF, rng.choice(departments + towns), "专班成员")
    for n in range(1, 11):
        add(f"investment{n:02d}", Role.INVESTMENT_TEAM, rng.choice(departments), "招商专员")
    member = add("bench_member", Role.TASK_FORCE_STAFF, rng.choice(departments), "专班联络员")
    User.objects.bulk_create(user for user, _role in users)

    groups = {g.name: g for g in Group.objects.filter(name__in=Role.values)}
    missing = set(Role.values) - set(groups)
    if missing:
        raise RuntimeError(f"role groups missing after migrate: {sorted(missing)}")
    Membership = User.groups.through
    Membership.objects.bulk_create(
        Membership(user_id=user.pk, group_id=groups[role].pk) for user, role in users
    )
    return People(office=office, task_force_staff=staff, task_force_member=member, leader=leaders[0])


def _enterprise(rng):
    return (
        f"湖南{rng.choice(names.ENTERPRISE_WORDS)}{rng.choice(names.ENTERPRISE_TRADES)}"
        f"{rng.choice(names.ENTERPRISE_FORMS)}"
    )
