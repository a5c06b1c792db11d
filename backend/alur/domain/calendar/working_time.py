"""Working time: office hours per weekday, Indonesian holidays and cuti bersama, an office's
own days off and special hours (Ramadan). Pure and synchronous, so deadlines are testable
with concrete timestamps.

Rules (docs/running-sops.md, "Working time and deadlines"):
- minutes and hours count office minutes, skipping breaks, nights, weekends and days off;
- days count working days: the same office-clock time on the n-th working day after the
  (normalised) start, moved forward to the next office minute if that falls in a break;
- a week is `days_per_week` working days, a month `days_per_month`, a year 12 months;
- a start outside office hours counts from the next office minute.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

import holidays

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
Span = tuple[dt.time, dt.time]
Week = Mapping[int, tuple[Span, ...]]
_HORIZON_DAYS = 3 * 366  # no deadline is searched further than this


def parse_week(office_hours: Mapping[str, Sequence[Sequence[str]]]) -> dict[int, tuple[Span, ...]]:
    week: dict[int, tuple[Span, ...]] = {}
    for name, spans in office_hours.items():
        week[WEEKDAYS.index(name)] = tuple(
            sorted((dt.time.fromisoformat(a), dt.time.fromisoformat(b)) for a, b in spans)
        )
    return week


@functools.lru_cache(maxsize=64)
def national_days_off(year: int, categories: tuple[str, ...]) -> dict[dt.date, str]:
    """Libur nasional ('public') and cuti bersama ('government') from the holidays package."""
    found = holidays.country_holidays("ID", years=year, categories=categories, language="id")
    return {day: str(name) for day, name in found.items()}


@dataclass(frozen=True)
class SpecialHours:
    """Hours that replace the normal week for a date range, e.g. Ramadan."""

    name: str
    start: dt.date
    end: dt.date
    week: Week


@dataclass(frozen=True)
class WorkingCalendar:
    zone: ZoneInfo
    week: Week
    extra_days_off: Mapping[dt.date, str] = field(default_factory=dict)
    special: tuple[SpecialHours, ...] = ()
    holiday_categories: tuple[str, ...] = ("public", "government")
    days_per_month: int = 22
    at_risk_ratio: float = 0.75

    # --- what a day looks like ---------------------------------------------------------

    def day_off_reason(self, day: dt.date) -> str | None:
        if day in self.extra_days_off:
            return self.extra_days_off[day]
        return national_days_off(day.year, self.holiday_categories).get(day)

    def spans_on(self, day: dt.date) -> tuple[Span, ...]:
        if self.day_off_reason(day) is not None:
            return ()
        for period in self.special:
            if period.start <= day <= period.end:
                return tuple(period.week.get(day.weekday(), ()))
        return tuple(self.week.get(day.weekday(), ()))

    @property
    def days_per_week(self) -> int:
        return sum(1 for spans in self.week.values() if spans) or 5

    @property
    def minutes_per_day(self) -> float:
        """The average office day, used to size fractional days and expected totals."""
        total = sum(_span_minutes(s) for spans in self.week.values() for s in spans)
        return total / self.days_per_week if total else 450.0

    def _local_spans(self, day: dt.date) -> list[tuple[dt.datetime, dt.datetime]]:
        return [
            (
                dt.datetime.combine(day, a, self.zone),
                dt.datetime.combine(day, b, self.zone),
            )
            for a, b in self.spans_on(day)
        ]

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
                if b <= local:
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
        """`start` plus a waktu amount in one of the importer's units.

        Seconds, minutes and hours are office time; days, weeks, months and years working
        days. The calendar units ("14 hari kalender", "1 x 24 jam") are elapsed time from
        `start` itself, wherever that lands: nights, weekends and days off count too."""
        if unit == "second":
            return self.add_minutes(start, amount / 60)
        if unit == "minute":
            return self.add_minutes(start, amount)
        if unit == "hour":
            return self.add_minutes(start, amount * 60)
        if unit in ("calendar_hour", "calendar_day"):
            days = amount if unit == "calendar_day" else amount / 24
            if days > _HORIZON_DAYS:
                raise ValueError("beyond three years")
            if unit == "calendar_day":  # the same clock time n days later
                return start.astimezone(self.zone) + dt.timedelta(days=days)
            return (start.astimezone(dt.UTC) + dt.timedelta(days=days)).astimezone(self.zone)
        per_unit = {
            "working_day": 1,
            "week": self.days_per_week,
            "month": self.days_per_month,
            "year": 12 * self.days_per_month,
        }
        if unit not in per_unit:
            raise ValueError(f"unknown waktu unit {unit!r}")
        return self.add_working_days(start, amount * per_unit[unit])

    def standard_minutes(self, amount: float, unit: str) -> float:
        """A waktu as office minutes, for expected totals and comparisons. A calendar day is
        the office time of an average day of the week (a week's minutes / 7)."""
        calendar_day = self.minutes_per_day * self.days_per_week / 7
        factor = {
            "second": 1 / 60,
            "minute": 1.0,
            "hour": 60.0,
            "calendar_hour": calendar_day / 24,
            "working_day": self.minutes_per_day,
            "calendar_day": calendar_day,
            "week": self.minutes_per_day * self.days_per_week,
            "month": self.minutes_per_day * self.days_per_month,
            "year": self.minutes_per_day * self.days_per_month * 12,
        }[unit]
        return amount * factor

    def at_risk_from(self, start: dt.datetime, due: dt.datetime) -> dt.datetime:
        """When `at_risk_ratio` of the allowance between start and due is used up."""
        allowance = self.working_minutes(self.next_office_moment(start), due)
        return self.add_minutes(start, allowance * self.at_risk_ratio)

    def days_off_in(self, year: int) -> list[tuple[dt.date, str, str]]:
        """(date, name, source) of every day off in a year, for the calendar view."""
        found = [
            (d, n, "nasional") for d, n in national_days_off(year, self.holiday_categories).items()
        ]
        found += [(d, n, "kantor") for d, n in self.extra_days_off.items() if d.year == year]
        return sorted(found)


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
