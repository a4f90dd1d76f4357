"""The working-day calendar (工作日历): the one place that adds and counts working days.

A day is a working day if the office's override for it says so; otherwise,
for the years the chinese-calendar package knows, if the package says so
(statutory holidays off, 调休 make-up Saturdays and Sundays on); otherwise
Monday to Friday. Every deadline and elapsed figure on the platform comes
from here.

For a year neither knows, the fixed-date statutory holidays (元旦 1 January,
劳动节 1–2 May, 国庆节 1–3 October) are still days off; the lunar ones
(春节, 端午, 中秋) and 清明 need the office's overrides.

Conventions, the ones a window clerk uses: the day of acceptance is day 0.
``add(start, n)`` is the n-th working day after ``start`` (n = 0: ``start``
itself if it is a working day, else the next one). ``between(start, end)``
counts the working days after ``start`` up to and including ``end``, so
``between(start, add(start, n)) == n`` for n ≥ 1.
"""

import datetime
import time

import chinese_calendar
from django.utils.translation import gettext_lazy as _

ONE_DAY = datetime.timedelta(days=1)
#: chinese-calendar names its holidays in English
HOLIDAY_NAMES = {
    "New Year's Day": _("元旦"),
    "Spring Festival": _("春节"),
    "Tomb-sweeping Day": _("清明节"),
    "Labour Day": _("劳动节"),
    "Dragon Boat Festival": _("端午节"),
    "National Day": _("国庆节"),
    "Mid-autumn Festival": _("中秋节"),
    "Anti-Fascist 70th Day": _("抗战胜利70周年纪念日"),
}
#: statutory holidays on fixed dates (全国年节及纪念日放假办法), used for years the package does not know
FIXED_HOLIDAYS = {(1, 1), (5, 1), (5, 2), (10, 1), (10, 2), (10, 3)}
#: how long a process keeps the overrides it read (saving an override forgets them at once)
MEMO_SECONDS = 300
_memo = {"calendar": None, "at": 0.0}


def package_years():
    """The years chinese-calendar has the State Council's notice for."""
    years = {day.year for day in chinese_calendar.holidays}
    return range(min(years), max(years) + 1)


class WorkCalendar:
    def __init__(self, overrides=None):
        #: {date: is_working_day} set by the office
        self.overrides = dict(overrides or {})
        self._known = package_years()
        self._cache = {}

    @classmethod
    def load(cls):
        """The calendar with the office's overrides read from the database (one query)."""
        from .models import WorkdayOverride

        return cls(WorkdayOverride.objects.values_list("date", "is_working_day"))

    @classmethod
    def cached(cls):
        """The calendar as this process last read it (at most MEMO_SECONDS old), for read-only pages.

        Write paths use ``load()``, which always reads the overrides afresh.
        """
        now = time.monotonic()
        if _memo["calendar"] is None or now - _memo["at"] > MEMO_SECONDS:
            _memo["calendar"], _memo["at"] = cls.load(), now
        return _memo["calendar"]

    def knows(self, year):
        """Whether the statutory calendar of ``year`` is known (package or office overrides)."""
        return year in self._known or any(day.year == year for day in self.overrides)

    def is_working_day(self, day):
        cached = self._cache.get(day)
        if cached is None:
            if day in self.overrides:
                cached = self.overrides[day]
            elif day.year in self._known:
                cached = chinese_calendar.is_workday(day)
            else:
                cached = day.weekday() < 5 and (day.month, day.day) not in FIXED_HOLIDAYS
            self._cache[day] = cached
        return cached

    def holiday_name(self, day):
        """The holiday's name (春节, 国庆节 …, translated) for the days the package knows; else None."""
        if day in self.overrides or day.year not in self._known:
            return None
        on_holiday, name = chinese_calendar.get_holiday_detail(day)
        return HOLIDAY_NAMES.get(name, name) if on_holiday and name else None

    def next_working_day(self, day):
        while not self.is_working_day(day):
            day += ONE_DAY
        return day

    def add(self, start, n):
        """The n-th working day after ``start`` (n ≥ 0)."""
        if n < 0:
            raise ValueError("n must be ≥ 0")
        day = start
        if n == 0:
            return self.next_working_day(day)
        while n:
            day += ONE_DAY
            if self.is_working_day(day):
                n -= 1
        return day

    def between(self, start, end):
        """Working days after ``start`` up to and including ``end`` (0 if end ≤ start)."""
        count = 0
        day = start
        while day < end:
            day += ONE_DAY
            if self.is_working_day(day):
                count += 1
        return count

    def working_days(self, start, end):
        """The working days from ``start`` to ``end``, both included, in order."""
        day, days = start, []
        while day <= end:
            if self.is_working_day(day):
                days.append(day)
            day += ONE_DAY
        return days


def forget():
    """Drop this process's remembered overrides (after the office changed them)."""
    _memo["calendar"] = None


def calendar():
    """The platform's working-day calendar, overrides included."""
    return WorkCalendar.load()


def add_working_days(start, n):
    return calendar().add(start, n)


def working_days_between(start, end):
    return calendar().between(start, end)
