"""The working-day calendar (工作日历): the one place that adds and counts working days.

A day is a working day if the office's override for it says so; otherwise,
for the years the chinese-calendar package knows, if the package says so
(statutory holidays off, 调休 make-up Saturdays and Sundays on); otherwise
Monday to Friday. Every deadline and elapsed figure on the platform comes
from here.

Conventions, the ones a window clerk uses: the day of acceptance is day 0.
``add(start, n)`` is the n-th working day after ``start`` (n = 0: ``start``
itself if it is a working day, else the next one). ``between(start, end)``
counts the working days after ``start`` up to and including ``end``, so
``between(start, add(start, n)) == n`` for n ≥ 1.
"""

import datetime

import chinese_calendar

ONE_DAY = datetime.timedelta(days=1)


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
                cached = day.weekday() < 5
            self._cache[day] = cached
        return cached

    def holiday_name(self, day):
        """The holiday's English name from the package, for the days it knows; else None."""
        if day in self.overrides or day.year not in self._known:
            return None
        on_holiday, name = chinese_calendar.get_holiday_detail(day)
        return name if on_holiday else None

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


def calendar():
    """The platform's working-day calendar, overrides included."""
    return WorkCalendar.load()


def add_working_days(start, n):
    return calendar().add(start, n)


def working_days_between(start, end):
    return calendar().between(start, end)
