"""The journeys of `make load` (python -m load runs them; see docs/load.md).

Three kinds of people use the platform at once:

* task-force staff (专班成员) log in, open 我的项目, open a project and file this period's
  progress report (保存草稿), then keep editing that draft. Each virtual user claims one
  project for itself, so two of them never edit the same report: a 409 or a
  "period already filed" message would then be a real finding, not a collision we made;
* the office (市重点办) opens the dashboard, the project list with filters, the issue ledger,
  the approval statistics and the reports needing attention; a leader opens the cockpit;
* department staff (部门经办人) open their inbox and act on an approval task (start review,
  approve) or, with no task left, record progress (办理进展) on one of their ledger issues.
  A task or issue is claimed by one virtual user at a time, for the same reason.

Every request is named "journey · step"; the runner groups the figures by journey. A response
counts as failed when its status is not the expected one or the page is not the one the step
expects (e.g. a login that comes back to the login form).
"""

import itertools
import os
import random
import re

from locust import HttpUser, between, events, task

from load.html import form_posting_to, forms, links

PASSWORD = os.environ.get("LOAD_PASSWORD", "Liuyang@2026")
STAFF = ["taskforce", "taskforce2", "tf_land", "tf_env", "tf_dev", "tf_build"]
DEPARTMENTS = [
    "dept",
    "dept_nr",
    "dept_env",
    "dept_housing",
    "dept_water",
    "dept_defense",
    "dept_urban",
    "dept_power",
]
OFFICE_LISTS = [
    ("项目列表（在建·红灯）", "/projects/?stage=construction&light=red"),
    ("项目列表（产业·按投资）", "/projects/?project_type=industrial&sort=-total_investment"),
    ("项目列表（前期·黄灯）", "/projects/?stage=preparation&light=yellow&light=red"),
    ("问题台账（在办）", "/issues/ledger/?status=assigned&status=in_progress"),
    ("问题台账（逾期）", "/issues/ledger/?overdue=true"),
]

_staff_names = itertools.cycle(STAFF)
_department_names = itertools.cycle(DEPARTMENTS)
#: project pk → the virtual user filing for it; task / issue pks being acted on right now
_project_owner = {}
_busy = set()

#: response times per journey (ms), written by the runner's --samples file at the end
SAMPLES = {}


@events.request.add_listener
def _record(request_type, name, response_time, exception, **kwargs):
    journey = name.split(" · ", 1)[0]
    SAMPLES.setdefault(journey, []).append((response_time, exception is not None))


@events.quitting.add_listener
def _dump(environment, **kwargs):
    path = os.environ.get("LOAD_SAMPLES")
    if path:
        import json

        with open(path, "w", encoding="utf-8") as handle:
            json.dump(SAMPLES, handle)


class Journey(HttpUser):
    abstract = True
    wait_time = between(1, 3)
    journey = ""
    username = ""

    def step(self, label, method, url, expect=200, page=None, **kwargs):
        """One request; fails unless the final status is ``expect`` and the final URL matches ``page``."""
        name = f"{self.journey} · {label}"
        with self.client.request(method, url, name=name, catch_response=True, **kwargs) as response:
            if response.status_code != expect:
                snippet = re.sub(r"\s+", " ", response.text[:300]) or repr(getattr(response, "error", ""))
                response.failure(
                    f"HTTP {response.status_code} (expected {expect}) at {response.url}: {snippet}"
                )
            elif page and not re.search(page, response.url or ""):
                response.failure(f"landed on {response.url}, expected {page}")
            else:
                response.success()
            return response

    def login(self):
        page = self.step("登录页", "GET", "/login/")
        form = form_posting_to(page.text, r"/login/")
        if form is None:
            return False
        data = form.data(username=self.username, password=PASSWORD)
        response = self.step("登录", "POST", "/login/", data=data, page=r"^(?!.*/login/)")
        return response.ok and "/login/" not in response.url

    def on_start(self):
        self.login()


class StaffUser(Journey):
    """专班成员: 我的项目 → a project → file this period's progress (draft), then edit the draft."""

    weight = 4
    journey = "专班填报"

    def on_start(self):
        self.username = next(_staff_names)
        self.project = None
        self.filing_url = None
        super().on_start()

    def claim(self, offers):
        for pk, period in offers:
            if _project_owner.get(pk) in (None, id(self)):
                _project_owner[pk] = id(self)
                return pk, f"/projects/{pk}/reports/new/?period={period}"
        return None, None

    @task
    def file_report(self):
        mine = self.step("我的项目", "GET", "/projects/mine/")
        if not mine.ok:
            return
        if self.project is None:
            offers = links(mine.text, r"/projects/(\d+)/reports/new/\?period=([\d-]+)")
            self.project, self.filing_url = self.claim(offers)
        if self.project is None:
            # every project of this account is someone else's to file: look, do not file
            projects = links(mine.text, r"/projects/(\d+)/")
            if projects:
                self.step("项目详情", "GET", f"/projects/{random.choice(projects)}/")
            return
        self.step("项目详情", "GET", f"/projects/{self.project}/")
        page = self.step("填报表单", "GET", self.filing_url, page=r"/reports/(new/|\d+/edit/)")
        if not page.ok:
            return
        form = next((f for f in forms(page.text) if f.attrs.get("id") == "report-form"), None)
        if form is None:
            page.failure("no report form on the page")
            return
        data = form.data(
            construction=f"{random.randint(10, 900)}.{random.randint(0, 99):02d}",
            installation=str(random.randint(0, 200)),
            equipment="0",
            other="",
            physical_progress=f"主体结构施工至第 {random.randint(2, 30)} 层（压测）",
            percent_complete=f"{random.randint(5, 95)}",
            problems="",
            action="draft",
        )
        self.step("保存草稿", "POST", page.url, data=data, page=r"/projects/reports/\d+/$")
        self.step("报表列表", "GET", f"/projects/{self.project}/reports/")


class OfficeUser(Journey):
    """市重点办: the dashboard, filtered lists, the approval statistics, reports needing attention."""

    weight = 2
    journey = "重点办看板"
    username = "office"

    @task(3)
    def dashboard(self):
        self.step("看板", "GET", "/dashboard/")
        label, url = random.choice(OFFICE_LISTS)
        self.step(label, "GET", url)

    @task(1)
    def statistics(self):
        self.step("审批统计", "GET", "/approvals/statistics/")
        self.step("填报关注", "GET", "/projects/reports/attention/")

    @task(1)
    def project(self):
        listing = self.step("项目列表", "GET", "/projects/")
        projects = links(listing.text, r"/projects/(\d+)/")
        if projects:
            self.step("项目详情", "GET", f"/projects/{random.choice(projects)}/")


class LeaderUser(Journey):
    """市级领导: the cockpit and the project list."""

    weight = 1
    journey = "领导驾驶舱"
    username = "leader"

    @task
    def cockpit(self):
        self.step("驾驶舱", "GET", "/dashboard/leader/")
        self.step("项目列表", "GET", "/projects/?stage=construction")


class DepartmentUser(Journey):
    """部门经办人: the inbox, then act on one task, or record progress on an issue."""

    weight = 3
    journey = "部门办理"

    def on_start(self):
        self.username = next(_department_names)
        super().on_start()

    @task
    def work(self):
        inbox = self.step("收件箱", "GET", "/approvals/inbox/")
        if inbox.ok and self.act_on_task(inbox):
            return
        self.reply_to_issue()

    def act_on_task(self, inbox):
        rows = re.split(r'<tr data-task="', inbox.text)[1:]
        for row in rows:
            pk = int(row.split('"', 1)[0])
            if ("task", pk) in _busy:
                continue
            start = form_posting_to(row, rf"/approvals/tasks/{pk}/start/$")
            approve = form_posting_to(row, rf"/approvals/tasks/{pk}/approve/$")
            if start is None and (approve is None or 'data-badge="waiting"' in row):
                continue
            _busy.add(("task", pk))
            try:
                # the task page first, as a person would, then the action with the version it shows
                case = (
                    self.step("审批事项", "GET", f"/approvals/cases/{_case_of(row)}/")
                    if _case_of(row)
                    else None
                )
                if case is not None and not case.ok:
                    return True
                if start is not None:
                    data = start.data()
                    self.step("开始审查", "POST", start.action, data=data, page=r"/approvals/inbox/")
                else:
                    data = approve.data(
                        document_number=f"浏压测〔2026〕{pk}号", note="材料齐全，准予许可（压测）"
                    )
                    self.step("准予许可", "POST", approve.action, data=data, page=r"/approvals/inbox/")
            finally:
                _busy.discard(("task", pk))
            return True
        return False

    def reply_to_issue(self):
        listing = self.step("问题台账", "GET", "/issues/ledger/?status=assigned&status=in_progress")
        if not listing.ok:
            return
        issues = [int(pk) for pk in links(listing.text, r"/issues/ledger/(\d+)/")]
        random.shuffle(issues)
        for pk in issues[:4]:
            if ("issue", pk) in _busy:
                continue
            _busy.add(("issue", pk))
            try:
                page = self.step("问题详情", "GET", f"/issues/ledger/{pk}/")
                form = form_posting_to(page.text, rf"/issues/ledger/{pk}/update/$") if page.ok else None
                if form is None:
                    continue  # another unit's issue: readable, not ours to handle
                data = form.data(text=f"已与项目单位对接，正在办理（压测 {random.randint(1, 9999)}）")
                self.step("记录进展", "POST", form.action, data=data, page=rf"/issues/ledger/{pk}/$")
                return
            finally:
                _busy.discard(("issue", pk))


def _case_of(row):
    match = re.search(r'href="/approvals/cases/(\d+)/"', row)
    return match.group(1) if match else None
