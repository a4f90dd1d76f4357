"""Reporting periods: months by default, Monday–Sunday weeks where the office sets it."""

import calendar
import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from approvals.workdays import WorkCalendar

from ..choices import ReportFrequency


def period_for(frequency, day):
    """(start, end) of the period of ``frequency`` that contains ``day``."""
    if frequency == ReportFrequency.WEEKLY:
        start = day - datetime.timedelta(days=day.weekday())
        return start, start + datetime.timedelta(days=6)
    last = calendar.monthrange(day.year, day.month)[1]
    return day.replace(day=1), day.replace(day=last)


def check_period_start(frequency, start):
    if period_for(frequency, start)[0] != start:
        if frequency == ReportFrequency.WEEKLY:
            raise ValidationError({"period_start": _("周报的期间应从周一开始。")})
        raise ValidationError({"period_start": _("月报的期间应从当月 1 日开始。")})


def due_date(frequency, period_start):
    """When a period's report is due.

    Monthly: day ``PROGRESS_MONTHLY_DUE_DAY`` of the next month (default the 5th);
    weekly: the period's Friday (DOMAIN-PRACTICE: weekly reports on Friday). A due
    day that is not a working day (a weekend, a holiday) moves to the next working
    day on the statutory calendar (approvals.workdays).
    """
    return WorkCalendar.cached().next_working_day(_nominal_due_date(frequency, period_start))


def _nominal_due_date(frequency, period_start):
    if frequency == ReportFrequency.WEEKLY:
        return period_start + datetime.timedelta(days=getattr(settings, "PROGRESS_WEEKLY_DUE_WEEKDAY", 4))
    year, month = (
        (period_start.year + 1, 1)
        if period_start.month == 12
        else (period_start.year, period_start.month + 1)
    )
    day = getattr(settings, "PROGRESS_MONTHLY_DUE_DAY", 5)
    return datetime.date(year, month, min(day, calendar.monthrange(year, month)[1]))


def current_period(frequency, today):
    """The period being reported now: the one containing today."""
    return period_for(frequency, today)


def previous_period(frequency, period_start):
    return period_for(frequency, period_start - datetime.timedelta(days=1))
