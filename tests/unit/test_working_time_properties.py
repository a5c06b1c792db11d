"""Properties of working time over 2025-2028 (Ramadan hours, libur nasional, cuti bersama,
estimated years), for a WIB and a WITA office:

- adding a then b equals adding a + b, for office time (detik, menit, jam) from any start,
  and for working days (hari, "n x 24 jam") from a start whose clock time is office time on
  every working day — 08:00-11:30 and 13:00-15:00 are, in normal and Ramadan weeks; from
  other clock times a landing in a break or after a shorter day's close moves the clock
  (working_time.py says why; calendar periods are not additive at all, see
  test_national_calendar.py);
- a due time is never outside office hours, whatever the unit and start.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from alur.domain.calendar.working_time import WorkingCalendar, parse_week

ROOT = Path(__file__).resolve().parents[2]
FIRST, LAST = dt.date(2025, 1, 1), dt.date(2028, 12, 31)
UNITS = (
    "second",
    "minute",
    "hour",
    "working_day",
    "calendar_hour",
    "calendar_day",
    "week",
    "month",
    "year",
)


def _office(slug: str) -> WorkingCalendar:
    tenant = yaml.safe_load((ROOT / "tenants" / slug / "tenant.yaml").read_text())
    return WorkingCalendar(ZoneInfo(tenant["time_zone"]), parse_week(tenant["office_hours"]))


OFFICES = {slug: _office(slug) for slug in ("kaltim", "lampung")}
offices = st.sampled_from(sorted(OFFICES)).map(OFFICES.__getitem__)


@st.composite
def moments(draw: st.DrawFn, cal: WorkingCalendar) -> dt.datetime:
    """Any minute of 2025-2028 in the office's zone."""
    day = draw(st.dates(FIRST, LAST))
    minute = draw(st.integers(0, 24 * 60 - 1))
    return dt.datetime.combine(day, dt.time(minute // 60, minute % 60), cal.zone)


@st.composite
def working_starts(draw: st.DrawFn, cal: WorkingCalendar) -> dt.datetime:
    """A working day at a clock time that is office time on every working day."""
    day = draw(st.dates(FIRST, LAST).filter(lambda d: bool(cal.spans_on(d))))
    minute = draw(st.sampled_from([*range(8 * 60, 11 * 60 + 30), *range(13 * 60, 15 * 60)]))
    return dt.datetime.combine(day, dt.time(minute // 60, minute % 60), cal.zone)


@settings(max_examples=300, deadline=None)
@given(data=st.data(), cal=offices, unit=st.sampled_from(["second", "minute", "hour"]))
def test_office_time_is_additive(data: st.DataObject, cal: WorkingCalendar, unit: str) -> None:
    start = data.draw(moments(cal))
    top = {"second": 200_000, "minute": 3_000, "hour": 60}[unit]
    a, b = data.draw(st.integers(0, top)), data.draw(st.integers(0, top))
    assert cal.add(cal.add(start, a, unit), b, unit) == cal.add(start, a + b, unit)


@settings(max_examples=300, deadline=None)
@given(data=st.data(), cal=offices, unit=st.sampled_from(["working_day", "calendar_hour"]))
def test_working_days_are_additive_from_a_clock_time_open_every_day(
    data: st.DataObject, cal: WorkingCalendar, unit: str
) -> None:
    start = data.draw(working_starts(cal))
    per = 24 if unit == "calendar_hour" else 1  # "n x 24 jam" is n working days
    a, b = data.draw(st.integers(0, 40)), data.draw(st.integers(0, 40))
    assert cal.add(cal.add(start, a * per, unit), b * per, unit) == cal.add(
        start, (a + b) * per, unit
    )


@settings(max_examples=500, deadline=None)
@given(
    data=st.data(),
    cal=offices,
    unit=st.sampled_from(UNITS),
    amount=st.one_of(
        st.integers(0, 30), st.floats(0, 30, allow_nan=False).map(lambda x: round(x, 2))
    ),
)
def test_a_due_time_is_never_outside_office_hours(
    data: st.DataObject, cal: WorkingCalendar, unit: str, amount: float
) -> None:
    start = data.draw(moments(cal))
    if unit == "year":
        amount = min(amount, 2)
    if unit == "calendar_hour":
        amount *= 24
    due = cal.add(start, amount, unit)
    assert cal.in_office_hours(due), (start, amount, unit, due)
    assert due >= cal.next_office_moment(start)


def test_the_property_would_catch_a_due_time_at_night() -> None:
    cal = OFFICES["kaltim"]
    assert not cal.in_office_hours(dt.datetime(2026, 11, 26, 20, 0, tzinfo=cal.zone))
    assert cal.in_office_hours(dt.datetime(2026, 11, 26, 16, 0, tzinfo=cal.zone)), "closing"
    with pytest.raises(ValueError, match="negative"):
        cal.add(dt.datetime(2026, 11, 26, 9, 0, tzinfo=cal.zone), -1, "hour")
