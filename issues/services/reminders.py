"""Progress-report reminders (进度填报提醒): the daily nudge for a late report.

A project being prepared or built (前期, 在建) whose report for the previous
period is not handed in (none, or only a draft) after its due date
(``projects.services.periods.due_date``: the 5th of the next month, or the
week's Friday, moved to the next working day) is late. Its task-force members
and its service commissioner are reminded once per project and period (the
notification key), however often the daily task runs. A fixed number of
queries, whatever the number of projects.
"""

from django.utils import timezone

from notifications.choices import NotificationKind
from notifications.services import notify_many
from projects.models import TaskForceMember
from projects.selectors import attention_projects, late_q


def reminder_key(project_id, period_start):
    return f"report:{project_id}:{period_start}"


def late_projects(today):
    """Lit projects whose previous period's report is late, annotated with ``prev_start`` and
    ``prev_due`` (see projects.selectors.attention_projects)."""
    return list(
        attention_projects(today).filter(late_q("prev", today)).select_related("service_commissioner")
    )


def remind_missing_reports(today=None):
    """Remind each late project's people once per period; returns {"late": n, "notified": n}."""
    today = today or timezone.localdate()
    projects = late_projects(today)
    if not projects:
        return {"late": 0, "notified": 0}
    people = {}
    for member in TaskForceMember.objects.filter(task_force__project__in=projects).select_related(
        "user", "task_force"
    ):
        people.setdefault(member.task_force.project_id, []).append(member.user)
    messages = []
    for project in projects:
        frequency = project.get_report_frequency_display()
        messages.append(
            (
                [*people.get(project.pk, []), project.service_commissioner],
                {
                    "kind": NotificationKind.REPORT_REMINDER,
                    "key": reminder_key(project.pk, project.prev_start),
                    "title": f"进度未按时填报：{project.name}",
                    "body": (
                        f"{project.code}｜{frequency}填报，{project.prev_start} 起的一期应于 "
                        f"{project.prev_due} 前提交，至今未提交。"
                    ),
                    "url": project.get_absolute_url(),
                },
            )
        )
    return {"late": len(projects), "notified": notify_many(messages)}
