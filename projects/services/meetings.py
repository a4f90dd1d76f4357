"""Weekly dispatch meetings (调度会) and their action items."""

import datetime

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from liuyang.exceptions import ConflictError
from liuyang.policies import policy_for

from ..choices import MeetingFrequency
from ..models import ActionItem, DispatchMeeting
from .common import require

MEETING_FIELDS = ("held_on", "location", "chair", "minutes", "decisions")
ACTION_FIELDS = ("title", "owner", "owner_unit", "due_date", "done_on", "note")


_UNKNOWN = object()


def next_meeting_date(task_force, today, last_held_on=_UNKNOWN):
    """The next scheduled meeting day on or after ``today``, from the task force's rhythm.

    Pass ``last_held_on`` when it is already known (lists read it with one query).
    """
    last = last_held_on
    if last is _UNKNOWN:
        last = task_force.meetings.order_by("-held_on").values_list("held_on", flat=True).first()
    step = {
        MeetingFrequency.WEEKLY: relativedelta(weeks=1),
        MeetingFrequency.BIWEEKLY: relativedelta(weeks=2),
        MeetingFrequency.MONTHLY: relativedelta(months=1),
    }[task_force.meeting_frequency]
    candidate = (last + step) if last else today
    if candidate < today:
        candidate = today
    return candidate + datetime.timedelta(days=(task_force.meeting_weekday - candidate.weekday()) % 7)


@transaction.atomic
def save_meeting(*, actor, task_force=None, meeting=None, attendees=None, expected_version=None, **fields):
    unknown = set(fields) - set(MEETING_FIELDS)
    if unknown:
        raise TypeError(f"not a meeting field: {', '.join(sorted(unknown))}")
    policy = policy_for(DispatchMeeting)
    if meeting is None:
        require(
            policy.can_add(actor) and policy_for(task_force.project).can_change(actor, task_force.project)
        )
        meeting = DispatchMeeting(task_force=task_force, created_by=actor)
    else:
        require(policy.can_change(actor, meeting))
        meeting = DispatchMeeting.objects.select_for_update().get(pk=meeting.pk)
        if expected_version is not None and int(expected_version) != meeting.version:
            raise ConflictError()
    for name, value in fields.items():
        setattr(meeting, name, value)
    meeting.full_clean()
    meeting.save()
    if attendees is not None:
        meeting.attendees.set(attendees)
    return meeting


@transaction.atomic
def save_action_item(*, actor, meeting=None, item=None, expected_version=None, **fields):
    unknown = set(fields) - set(ACTION_FIELDS)
    if unknown:
        raise TypeError(f"not an action item field: {', '.join(sorted(unknown))}")
    policy = policy_for(ActionItem)
    if item is None:
        require(policy.can_add(actor) and policy_for(DispatchMeeting).can_change(actor, meeting))
        item = ActionItem(meeting=meeting)
    else:
        require(policy.can_change(actor, item))
        item = ActionItem.objects.select_for_update().get(pk=item.pk)
        if expected_version is not None and int(expected_version) != item.version:
            raise ConflictError()
    for name, value in fields.items():
        setattr(item, name, value)
    if item.done_on and item.done_on < item.meeting.held_on:
        raise ValidationError({"done_on": _("完成日期不能早于会议日期。")})
    item.full_clean()
    item.save()
    return item
