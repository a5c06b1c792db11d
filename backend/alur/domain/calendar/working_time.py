"""Working time: an office's hours per weekday, the national calendar (libur nasional, cuti
bersama, ASN Ramadan hours), the office's own days off and special hours. Pure and
synchronous, so deadlines are testable with concrete timestamps.

What a waktu unit means (the one definition; docs/running-sops.md repeats it for readers).
The clock starts at the activation, or at the next office minute if that is outside office
hours; the due time is always inside office hours (a span's closing minute counts).

- `second`, `minute`, `hour` (detik, menit, jam): office time. Breaks, nights, weekends and
  days off are skipped. "24 jam" and "1 x 24 jam kerja" are 24 office hours.
- `working_day` (hari, hari kerja): the same office-clock time on the n-th working day after
  the start; if that is not office time there (a break, a shorter day) the next office minute.
- `calendar_hour` ("n x 24 jam"): n working days. The books write it for "by this time
  tomorrow"; counted as elapsed hours, a step started on Friday afternoon would fall due at
  Monday's opening with no office time left to do it, and "2 x 24 jam" on a Thursday would
  be due before "2 hari". The books write "hari kalender" when they mean calendar days.
- `calendar_day` (hari kalender): the same clock time n calendar days later, weekends and
  days off counted; the next office minute if that is not office time (a period ending on a
  day off ends on the next working day, as in administrative law).
- `week`, `month`, `year` (minggu, bulan, tahun): calendar periods, like `calendar_day`:
  7 days; the same date n months later (the month's last day if it is shorter: 31 January +
  1 bulan = 28 February); the same date n years later. "1 bulan" from 2 March 10:00 ends
  2 April 10:00, or at the next office minute after it. A fraction is that share of the next
  period (0.5 bulan from 2 March = 2 March + half of March's 31 days).

`a then b == a + b` holds for the office-time units for any start, and for working days
when the start's clock time is office time on each landing day (it can drift otherwise:
Thursday 11:45 + 1 hari lands in Friday's prayer break, so continues from 13:00). It does
not hold for the calendar periods: each end is moved into office time, and months clamp.

Ramadan: on the days of a national Ramadan the ASN Ramadan hours replace a weekday the office
works, unless the office has its own special hours for that day or opts out
(`calendar.ramadan_hours: false` in tenant.yaml).

Expected totals (`standard_minutes`) use averages: a working day is the normal week's
average office day, a calendar day a seventh of the office week, a month 365.25/12 calendar
days and a year 365.25.
"""

from __future__ import annotations

import calendar
import datetime as dt
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal
from zoneinfo import ZoneInfo

from alur.domain.calendar.hours import WEEKDAYS, Span, Week, parse_week
from alur.domain.calendar.national import (
    CATEGORY_KIND,
    SHIPPED,
    Kind,
    NationalCalendar,
    Ramadan,
)

__all__ = ["WEEKDAYS", "DayOff", "SpecialHours", "WorkingCalendar", "parse_week", "sla_state"]

_HORIZON_DAYS = 3 * 366  # no deadline is searched further than this
_DAYS_PER_YEAR = 365.25
OFFICE_TIME_UNITS = ("second", "minute", "hour")
_TO_MINUTES = {"second": 1 / 60, "minute": 1.0, "hour": 60.0}


@dataclass(frozen=True)
class SpecialHours:
    """Hours an office sets for a date range, replacing its week (and Ramadan's hours)."""

    name: str
    start: dt.date
    end: dt.date
    week: Week


@dataclass(frozen=True)
class DayOff:
    day: dt.date
    name: str
    source: Literal["nasional", "kantor"]
    kind: Kind | Literal["kantor"]
    estimated: bool = False


@dataclass(frozen=True)
class WorkingCalendar:
    zone: ZoneInfo
    week: Week
    extra_days_off: Mapping[dt.date, str] = field(default_factory=dict)
    special: tuple[SpecialHours, ...] = ()
    holiday_categories: tuple[str, ...] = ("public", "government")
    national: NationalCalendar = SHIPPED
    ramadan_hours: bool = True
    at_risk_ratio: float = 0.75

    # --- what a day looks like ---------------------------------------------------------

    @property
    def kinds(self) -> frozenset[str]:
        return frozenset(CATEGORY_KIND[c] for c in self.holiday_categories)

    def day_off_reason(self, day: dt.date) -> str | None:
        if day in self.extra_days_off:
            return self.extra_days_off[day]
        national = self.national.day(day)
        return national.name if national and national.kind in self.kinds else None

    def ramadan_on(self, day: dt.date) -> Ramadan | None:
        return self.national.ramadan_on(day) if self.ramadan_hours else None

    def spans_on(self, day: dt.date) -> tuple[Span, ...]:
        if self.day_off_reason(day) is not None:
            return ()
        for period in self.special:
            if period.start <= day <= period.end:
                return tuple(period.week.get(day.weekday(), ()))
        normal = tuple(self.week.get(day.weekday(), ()))
        ramadan = self.ramadan_on(day) if normal else None
        return tuple(ramadan.week.get(day.weekday(), normal)) if ramadan else normal

    @property
    def days_per_week(self) -> int:
        return sum(1 for spans in self.week.values() if spans) or 5

    @property
    def minutes_per_day(self) -> float:
        """The average office day of the normal week, to size fractional days and totals."""
        total = sum(_span_minutes(s) for spans in self.week.values() for s in spans)
        return total / self.days_per_week if total else 450.0

    def _local_spans(self, day: dt.date) -> list[tuple[dt.datetime, dt.datetime]]:
        return [
            (dt.datetime.combine(day, a, self.zone), dt.datetime.combine(day, b, self.zone))
            for a, b in self.spans_on(day)
        ]

    def in_office_hours(self, moment: dt.datetime) -> bool:
        """Inside a span of office time, its closing minute included (a due time may be it)."""
        local = moment.astimezone(self.zone)
        return any(a <= local <= b for a, b in self._local_spans(local.date()))

    # --- arithmetic ----------------------------------------------------------------------

    def next_office_moment(self, moment: dt.datetime) -> dt.datetime:
        local = moment.astimezone(self.zone)
        day = local.date()
        for _ in range(_HORIZON_DAYS):
            for a, b in self._local_spans(day):
                if local < b:
                    return max(a, local)
            day += dt.timedelta(days=1)
        raise ValueError("no office hours within three years")

    def add_minutes(self, start: dt.datetime, minutes: float) -> dt.datetime:
        remaining = dt.timedelta(minutes=minutes)
        local = start.astimezone(self.zone)
        day = local.date()
        for _ in range(_HORIZON_DAYS):
            for a, b in self._local_spans(day):
                if b < local:  # a closing minute is still office time: nothing left is due then
                    continue
                begin = max(a, local)
                if begin + remaining <= b:
                    return begin + remaining
                remaining -= b - begin
            day += dt.timedelta(days=1)
        raise ValueError("no office hours within three years")

    def add_working_days(self, start: dt.datetime, days: float) -> dt.datetime:
        whole = math.floor(days)
        begin = self.next_office_moment(start)
        day, clock = begin.date(), begin.timetz().replace(tzinfo=None)
        counted = 0
        for _ in range(_HORIZON_DAYS):
            if counted == whole:
                break
            day += dt.timedelta(days=1)
            if self.spans_on(day):
                counted += 1
        else:
            raise ValueError("no working days within three years")
        landed = self.next_office_moment(dt.datetime.combine(day, clock, self.zone))
        fraction = days - whole
        return self.add_minutes(landed, fraction * self.minutes_per_day) if fraction else landed

    def add_calendar(self, start: dt.datetime, amount: float, unit: str) -> dt.datetime:
        """A calendar period (days, weeks, months, years) from the start's office moment,
        ended at the next office moment."""
        begin = self.next_office_moment(start)
        whole, fraction = divmod(amount, 1)
        if unit in ("calendar_day", "week"):
            end = begin + dt.timedelta(days=amount * (7 if unit == "week" else 1))
        else:
            months = int(whole) * (12 if unit == "year" else 1)
            step = 12 if unit == "year" else 1
            end = _add_months(begin, months)
            if fraction:
                end += (_add_months(begin, months + step) - end) * fraction
        if end - begin > dt.timedelta(days=_HORIZON_DAYS):
            raise ValueError("beyond three years")
        return self.next_office_moment(end)

    def working_minutes(self, start: dt.datetime, end: dt.datetime) -> float:
        if end <= start:
            return 0.0
        a_local, b_local = start.astimezone(self.zone), end.astimezone(self.zone)
        total = dt.timedelta()
        day = a_local.date()
        while day <= b_local.date():
            for a, b in self._local_spans(day):
                lo, hi = max(a, a_local), min(b, b_local)
                if hi > lo:
                    total += hi - lo
            day += dt.timedelta(days=1)
        return total.total_seconds() / 60

    def add(self, start: dt.datetime, amount: float, unit: str) -> dt.datetime:
        """`start` plus a waktu amount in one of the importer's units (module docstring)."""
        if amount < 0:
            raise ValueError("a waktu is never negative")
        if unit in _TO_MINUTES:
            return self.add_minutes(start, amount * _TO_MINUTES[unit])
        if unit == "working_day":
            return self.add_working_days(start, amount)
        if unit == "calendar_hour":  # "n x 24 jam": n working days
            return self.add_working_days(start, amount / 24)
        if unit in ("calendar_day", "week", "month", "year"):
            return self.add_calendar(start, amount, unit)
        raise ValueError(f"unknown waktu unit {unit!r}")

    def standard_minutes(self, amount: float, unit: str) -> float:
        """A waktu as office minutes, for expected totals and comparisons (averages)."""
        calendar_day = self.minutes_per_day * self.days_per_week / 7
        factor = {
            **_TO_MINUTES,
            "working_day": self.minutes_per_day,
            "calendar_hour": self.minutes_per_day / 24,
            "calendar_day": calendar_day,
            "week": calendar_day * 7,
            "month": calendar_day * _DAYS_PER_YEAR / 12,
            "year": calendar_day * _DAYS_PER_YEAR,
        }[unit]
        return amount * factor

    def at_risk_from(self, start: dt.datetime, due: dt.datetime) -> dt.datetime:
        """When `at_risk_ratio` of the allowance between start and due is used up."""
        allowance = self.working_minutes(self.next_office_moment(start), due)
        return self.add_minutes(start, allowance * self.at_risk_ratio)

    def days_off_in(self, year: int) -> list[DayOff]:
        """Every day off in a year that this office keeps, for the calendar view."""
        found = [
            DayOff(d.day, d.name, "nasional", d.kind, d.estimated)
            for d in self.national.year(year).days.values()
            if d.kind in self.kinds and d.day not in self.extra_days_off
        ]
        found += [
            DayOff(d, n, "kantor", "kantor")
            for d, n in self.extra_days_off.items()
            if d.year == year
        ]
        return sorted(found, key=lambda d: (d.day, d.name))


def national_days_off(year: int, categories: tuple[str, ...]) -> dict[dt.date, str]:
    """The shipped national days off of the given holiday categories (no corrections)."""
    kinds = {CATEGORY_KIND[c] for c in categories}
    return {d.day: d.name for d in SHIPPED.year(year).days.values() if d.kind in kinds}


def _add_months(moment: dt.datetime, months: int) -> dt.datetime:
    year, month = divmod(moment.month - 1 + months, 12)
    year += moment.year
    day = min(moment.day, calendar.monthrange(year, month + 1)[1])
    return moment.replace(year=year, month=month + 1, day=day)


def _span_minutes(span: Span) -> float:
    a, b = span
    return (dt.datetime.combine(dt.date.min, b) - dt.datetime.combine(dt.date.min, a)).seconds / 60


def sla_state(
    moment: dt.datetime, at_risk_at: dt.datetime | None, due_at: dt.datetime | None
) -> str:
    if due_at is None:
        return "no_standard"
    if moment >= due_at:
        return "overdue"
    if at_risk_at is not None and moment >= at_risk_at:
        return "at_risk"
    return "on_track"
