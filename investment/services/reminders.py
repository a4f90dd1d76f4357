"""Overdue lead reminders (招商线索逾期提醒): the daily nudge for a next step past its date.

An open lead (线索, 接洽, 考察, 谈判) whose next step's date (``next_step_due``) has passed
is overdue (``leads.overdue``). Its owner and its team's leader are reminded once per lead
and due date (the notification key): the daily task may run any number of times, and a
lead given a new date that passes again is reminded again. A fixed number of queries,
whatever the number of leads.
"""

from django.urls import NoReverseMatch
from django.utils import timezone

from notifications.choices import NotificationKind
from notifications.services import notify_many

from ..models import InvestmentLead
from .leads import overdue


def reminder_key(lead_id, due):
    return f"lead:{lead_id}:due:{due}"


def overdue_leads(today):
    """Open leads past their next step's date on ``today``, oldest date first."""
    return list(
        overdue(InvestmentLead.objects.all(), today=today)
        .select_related("owner", "team__leader")
        .order_by("next_step_due", "pk")
    )


def _url(lead):
    try:
        return lead.get_absolute_url()
    except NoReverseMatch:  # a site built without the investment pages: the inbox still says it all
        return ""


def remind_overdue_leads(today=None):
    """Remind each overdue lead's owner and team leader once per due date; returns {"overdue", "notified"}."""
    today = today or timezone.localdate()
    late = overdue_leads(today)
    messages = [
        (
            [lead.owner, lead.team.leader],
            {
                "kind": NotificationKind.OVERDUE,
                "key": reminder_key(lead.pk, lead.next_step_due),
                "title": f"招商线索逾期：{lead.company}",
                "body": (
                    f"{lead.project_name}｜{lead.team.name}｜{lead.get_stage_display()}阶段，"
                    f"下一步“{lead.next_step}”应于 {lead.next_step_due} 前完成，"
                    f"已逾期 {(today - lead.next_step_due).days} 天。"
                ),
                "url": _url(lead),
            },
        )
        for lead in late
    ]
    return {"overdue": len(late), "notified": notify_many(messages) if messages else 0}
