"""The task forces' work for the demo: work plans, monthly reports with site photos, dispatch meetings.

Everything goes through ``projects.services``, as the task forces and the office
would do it in the browser: each project's liaison applies the template and fills
in the nodes, files and submits every month's report (the office accepts it, or
returns one with its comment), adds the photos, records the meetings and their
action items. History records carry the services' reasons (套用模板, 提交进度, 采纳,
退回 …) or "演示数据初始化" where a service gives none.

Only the projects of the demo (by code) that are lit (前期, 在建) get this work; the
figures, dates and texts come from ``progress.py``, ``workplan.py`` and ``dispatch.py``.

Natural keys decide what exists: a project's work plan exists once it has any node;
a report is its (project, frequency, period start); a meeting its (task force, date).
A second run therefore writes nothing.
"""

from collections import Counter

from django.core.files.uploadedfile import SimpleUploadedFile
from simple_history.utils import update_change_reason

from projects.choices import ProjectStage, ReportFrequency
from projects.models import (
    ActionItem,
    DispatchMeeting,
    Milestone,
    MilestoneTemplate,
    ProgressReport,
    Project,
    ReportPhoto,
)
from projects.services import meetings, photos, reports, workplans

from . import dispatch, progress
from .pool import base_name
from .site_photos import site_photo
from .task_forces import LIAISON
from .workplan import NODE_OWNERS, node_states, planned_dates

REASON = "演示数据初始化"
LIT = (ProjectStage.PREPARATION, ProjectStage.CONSTRUCTION)
#: what the spending model reads from the project as it is in the database
PROJECT_FIELDS = [
    "code",
    "name",
    "stage",
    "project_type",
    "total_investment",
    "annual_plan_investment",
    "planned_start",
    "planned_completion",
    "actual_start",
]
PHOTO_CAPTIONS = ["{month}月现场全景", "{month}月主体施工近景"]


def unit_of(member):
    return member.unit or member.user.unit


class WorkLoader:
    def __init__(self, users):
        self.office = users["office"]
        self.created = Counter()

    # -- the work plan ----------------------------------------------------------------------

    def work_plan(self, project, spec, members, liaison):
        if project.milestones.exists():
            return
        template = MilestoneTemplate.objects.filter(project_type=project.project_type, is_active=True).first()
        if template is None:
            return
        created = workplans.apply_template(project, template, actor=liaison.user)
        self.created[Milestone] += len(created)
        items = [(i.name, i.phase, i.offset_days) for i in template.items.order_by("sort_order", "pk")]
        planned = planned_dates(spec, items)
        states = node_states(spec, planned, {name: phase for name, phase, _offset in items})
        for milestone in created:
            started, done, note = states[milestone.name]
            owner = members.get(NODE_OWNERS.get(milestone.name), liaison)
            fields = {"owner": owner.user, "planned_date": planned[milestone.name]}
            if owner is not liaison:
                fields["owner_unit"] = unit_of(owner)
            saved = workplans.save_milestone(
                actor=liaison.user,
                milestone=milestone,
                started_on=started,
                actual_date=done,
                note=note,
                **fields,
            )
            update_change_reason(saved, REASON)

    # -- monthly reports and their photos ------------------------------------------------------

    def reports(self, project, spec, liaison):
        if project.report_frequency != ReportFrequency.MONTHLY:
            return
        existing = set(
            project.reports.filter(frequency=ReportFrequency.MONTHLY).values_list("period_start", flat=True)
        )
        rows = progress.reports(spec)
        returned = dict(progress.profile(spec).returned)
        for index, (month, fields) in enumerate(rows):
            if month in existing:
                continue
            report = reports.save_report(
                project=project, actor=liaison.user, period_start=month, submit=True, **fields
            )
            self.created[ProgressReport] += 1
            latest = index == len(rows) - 1
            if month in returned:
                reports.return_report(report, actor=self.office, comment=returned[month])
            elif not latest:
                reports.accept(report, actor=self.office)
            elif base_name(project.name) in progress.SEED_WORKS:
                self.photos(project, report, liaison)

    def photos(self, project, report, liaison):
        month = report.period_start
        for view, caption in enumerate(PHOTO_CAPTIONS):
            content = site_photo(project.code, report.percent_complete, view)
            upload = SimpleUploadedFile(f"{project.code}-{month:%Y%m}-{view + 1}.jpg", content, "image/jpeg")
            photos.add_photo(report, upload, actor=liaison.user, caption=caption.format(month=month.month))
            self.created[ReportPhoto] += 1

    # -- dispatch meetings -----------------------------------------------------------------------

    def meetings(self, project, spec, task_force, members, liaison):
        plan = dispatch.meetings_for(spec)
        days = dispatch.meeting_days(task_force.meeting_frequency, task_force.meeting_weekday, len(plan))
        attendees = [task_force.leader, *(m.user for m in members.values()), project.service_commissioner]
        attendees = list(dict.fromkeys(a for a in attendees if a is not None))
        held = set(task_force.meetings.values_list("held_on", flat=True))
        for index, (day, record) in enumerate(zip(days, plan, strict=True)):
            if day in held:
                continue
            meeting = meetings.save_meeting(
                actor=liaison.user,
                task_force=task_force,
                attendees=attendees,
                held_on=day,
                location=dispatch.LOCATIONS[index % len(dispatch.LOCATIONS)],
                chair=task_force.leader,
                minutes=record.minutes,
                decisions=record.decisions,
            )
            update_change_reason(meeting, REASON)
            self.created[DispatchMeeting] += 1
            for item in record.items:
                owner = members.get(item.owner, liaison)
                due, done = dispatch.item_dates(day, item)
                action = meetings.save_action_item(
                    actor=liaison.user,
                    meeting=meeting,
                    title=item.title,
                    owner=owner.user,
                    owner_unit=unit_of(owner),
                    due_date=due,
                    done_on=done,
                )
                update_change_reason(action, REASON)
                self.created[ActionItem] += 1

    # -- all of it ---------------------------------------------------------------------------------

    def load(self, codes):
        projects = (
            Project.objects.filter(code__in=codes, stage__in=LIT, task_force__isnull=False)
            .select_related("task_force__leader", "service_commissioner")
            .order_by("code")
        )
        for project in projects:
            task_force = project.task_force
            members = {
                m.user.username: m
                for m in task_force.members.select_related("user__unit", "unit").order_by("pk")
            }
            liaison = next((m for m in members.values() if m.duty == LIAISON), None)
            if liaison is None:
                continue
            spec = {field: getattr(project, field) for field in PROJECT_FIELDS}
            self.work_plan(project, spec, members, liaison)
            self.reports(project, spec, liaison)
            self.meetings(project, spec, task_force, members, liaison)
        return self.created


def load_work(users, codes):
    """Work plans, reports and meetings of the demo's lit projects ``codes``; a Counter of created rows."""
    return WorkLoader(users).load(codes)
