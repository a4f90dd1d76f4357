"""What a dashboard shows: the year and the project filters, and the list URLs behind each figure.

Every link carries only parameters its list page accepts (the lists answer 400 to an unknown
filter), and the project filters only where that list can apply them — so the list behind a
number shows exactly the rows the number counts.
"""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.db.models import Q
from django.urls import reverse

from issues.choices import OPEN_ISSUE_STATUSES
from reserve.choices import EntryStatus

#: reserve entries counted in the pool's tiers (出库 ones are not)
POOL_STATUSES = (EntryStatus.IN_POOL, EntryStatus.PLANNED)


def _url(name, params=(), *args):
    path = reverse(name, args=args)
    query = urlencode([(k, v) for k, v in params if v not in (None, "")], doseq=True)
    return f"{path}?{query}" if query else path


@dataclass(frozen=True)
class Scope:
    today: object
    year: int
    project_type: str = ""
    industry: object = None
    town: object = None

    @classmethod
    def from_form(cls, form, today):
        data = form.cleaned_data if form.is_bound and form.is_valid() else {}
        return cls(
            today=today,
            year=data.get("year") or today.year,
            project_type=data.get("project_type") or "",
            industry=data.get("industry"),
            town=data.get("town"),
        )

    @property
    def is_current_year(self):
        return self.year == self.today.year

    @property
    def narrowed(self):
        """Whether a project filter is set (the issue and approval figures ignore them)."""
        return bool(self.project_type or self.industry or self.town)

    def project_q(self, path=""):
        """The project filters as a Q on ``path`` (e.g. "project__")."""
        q = Q()
        if self.project_type:
            q &= Q(**{f"{path}project_type": self.project_type})
        if self.industry:
            q &= Q(**{f"{path}industry": self.industry})
        if self.town:
            q &= Q(**{f"{path}town": self.town})
        return q

    def project_params(self):
        return [
            ("project_type", self.project_type),
            ("industry", self.industry.pk if self.industry else None),
            ("town", self.town.pk if self.town else None),
        ]

    def query(self):
        """This scope as the dashboard's own query string (for switching between the two pages)."""
        year = None if self.is_current_year else self.year
        return urlencode([(k, v) for k, v in [("year", year), *self.project_params()] if v not in (None, "")])

    # -- the lists behind the figures -------------------------------------------------------
    def projects(self, **extra):
        """The project list (重点项目) with the project filters and ``extra`` (stage, light, sort…)."""
        params = self.project_params()
        for key, value in extra.items():
            params += [(key, v) for v in value] if isinstance(value, (list, tuple)) else [(key, value)]
        return _url("projects:project_list", params)

    def reserve_entries(self, tier):
        return _url(
            "reserve:entry_list",
            [("tier", tier), *[("status", s) for s in POOL_STATUSES], *self.project_params()],
        )

    def plan(self):
        """The year's annual plan (年度实施计划), filtered like the dashboard."""
        return _url("reserve:plan_detail", self.project_params(), self.year)

    def issues(self, *, level=None, unit=None, overdue=False):
        """The ledger (问题清单): open issues, or overdue ones, of a level or a unit."""
        params = [("level", level), ("responsible_unit", unit)]
        if overdue:
            params.append(("overdue", "true"))
        else:
            params += [("status", s) for s in OPEN_ISSUE_STATUSES]
        return _url("issues:issue_list", params)

    def tasks(self, *, department=None, overdue=False, open_=False):
        """The departments' approval tasks (部门收件箱) of cases accepted in the year."""
        params = [("department", department), ("year", self.year)]
        if overdue:
            params.append(("overdue", "true"))
        if open_:
            params.append(("open", "true"))
        return _url("approvals:inbox", params)

    def concluded_cases(self):
        """Cases concluded among those accepted in the year: what the compression is computed on."""
        return _url("approvals:case_list", [("year", self.year), ("status", "concluded")])

    def approval_statistics(self):
        """The statistics page for the year, or None: it offers only the years that have cases
        (and this year), so only this year is sure to be accepted."""
        return _url("approvals:statistics", [("year", self.year)]) if self.is_current_year else None

    def ranking(self, period):
        return _url("assessment:period_detail", [("project_type", self.project_type)], period.pk)
