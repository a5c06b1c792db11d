"""Working-time arithmetic with concrete timestamps, on the offices' real tenant.yaml hours
and the holidays package's 2026 Indonesian calendar (libur nasional + cuti bersama)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import yaml

from alur.domain.calendar.working_time import (
    SpecialHours,
    WorkingCalendar,
    national_days_off,
    parse_week,
    sla_state,
)
from alur.domain.cases.flow import deadline
from alur.domain.catalogue.importer.model import Waktu
from alur.domain.catalogue.importer.waktu import parse_waktu

ROOT = Path(__file__).resolve().parents[2]
WITA, WIB = ZoneInfo("Asia/Makassar"), ZoneInfo("Asia/Jakarta")


def office(slug: str) -> WorkingCalendar:
    tenant = yaml.safe_load((ROOT / "tenants" / slug / "tenant.yaml").read_text())
    return WorkingCalendar(ZoneInfo(tenant["time_zone"]), parse_week(tenant["office_hours"]))


def at(zone: ZoneInfo, text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).replace(tzinfo=zone)


def test_2026_holidays_and_cuti_bersama_are_the_government_decree() -> None:
    """SKB 3 Menteri for 2026: the days the package must have right for our deadlines."""
    days = national_days_off(2026, ("public", "government"))
    for day in (
        "2026-01-01",
        "2026-02-17",
        "2026-03-19",
        "2026-03-21",
        "2026-05-14",
        "2026-05-27",
        "2026-08-17",
        "2026-12-25",
    ):
        assert dt.date.fromisoformat(day) in days, day
    cuti_bersama = national_days_off(2026, ("government",))
    assert sorted(d.isoformat() for d in cuti_bersama) == [
        "2026-02-16",
        "2026-03-18",
        "2026-03-20",
        "2026-03-23",
        "2026-03-24",
        "2026-05-15",
        "2026-05-28",
        "2026-12-24",
    ]


def test_two_hour_step_started_thursday_1500_wita_ends_friday_0830() -> None:
    cal = office("kaltim")
    assert cal.add(at(WITA, "2026-11-26 15:00"), 2, "hour") == at(WITA, "2026-11-27 08:30")


def test_one_to_two_day_step_before_a_national_holiday_skips_it_and_cuti_bersama() -> None:
    """Wed 13 May 2026; Thu 14 is Kenaikan Isa Almasih, Fri 15 cuti bersama: two working
    days later is Tuesday 19 May, same clock time."""
    cal = office("lampung")
    waktu = Waktu(raw="1-2 hari", category="numeric", min=1, max=2, unit="working_day")
    step_deadline = deadline(cal, _step(waktu), at(WIB, "2026-05-13 10:00"))
    assert step_deadline.due_at == at(WIB, "2026-05-19 10:00")
    assert step_deadline.standard_minutes == 900.0  # two average office days of 450 minutes


def test_step_spanning_cuti_bersama_imlek() -> None:
    """Fri 13 Feb 15:00 + 3 hours: 90 minutes on Friday, Mon 16 Feb cuti bersama, Tue 17
    Imlek, so the rest falls on Wednesday 18 Feb."""
    cal = office("kaltim")
    assert cal.add(at(WITA, "2026-02-13 15:00"), 3, "hour") == at(WITA, "2026-02-18 09:00")


def test_friday_afternoon_start_runs_into_monday() -> None:
    cal = office("kaltim")
    assert cal.add(at(WITA, "2026-11-27 16:00"), 1, "hour") == at(WITA, "2026-11-30 08:00")
    # Friday prayer break 11:30-13:00 is not office time either.
    assert cal.add(at(WITA, "2026-11-27 11:00"), 60, "minute") == at(WITA, "2026-11-27 13:30")


def test_same_wall_clock_moment_in_wita_and_wib() -> None:
    """07:00 UTC is 15:00 in Samarinda and 14:00 in Bandar Lampung: a two-hour step is due
    the next morning in Kaltim but the same afternoon in Lampung."""
    moment = dt.datetime(2026, 11, 26, 7, 0, tzinfo=dt.UTC)
    assert office("kaltim").add(moment, 2, "hour") == at(WITA, "2026-11-27 08:30")
    assert office("lampung").add(moment, 2, "hour") == at(WIB, "2026-11-26 16:00")


def test_start_outside_office_hours_counts_from_the_next_office_minute() -> None:
    cal = office("kaltim")
    assert cal.add(at(WITA, "2026-11-28 10:00"), 30, "minute") == at(WITA, "2026-11-30 08:00")
    assert cal.add(at(WITA, "2026-11-24 06:00"), 30, "minute") == at(WITA, "2026-11-24 08:00")
    assert cal.add(at(WITA, "2026-11-24 12:30"), 10, "minute") == at(WITA, "2026-11-24 13:10")
    assert cal.add(at(WITA, "2026-11-24 20:00"), 1, "working_day") == at(
        WITA, "2026-11-26 07:30"
    ), "normalised to Wed 07:30, then one working day"


def test_weeks_and_months_are_calendar_periods() -> None:
    """Issue #16: a week is 7 calendar days and a month the same date a month later, not 5
    and 22 working days: Wed 13 May 2026 + 1 minggu is Wed 20 May although Thu 14 and Fri 15
    are days off (5 working days would end Thursday 21)."""
    cal = office("lampung")
    start = at(WIB, "2026-11-02 09:00")  # Monday
    assert cal.add(start, 1, "week") == at(WIB, "2026-11-09 09:00")
    assert cal.add(start, 1, "month") == at(WIB, "2026-12-02 09:00")
    assert cal.add(at(WIB, "2026-05-13 10:00"), 1, "week") == at(WIB, "2026-05-20 10:00")


def test_office_declared_days_off_and_ramadan_hours() -> None:
    base = office("kaltim")
    extra = WorkingCalendar(
        base.zone, base.week, extra_days_off={dt.date(2026, 11, 27): "HUT Provinsi (uji)"}
    )
    assert extra.add(at(WITA, "2026-11-26 15:00"), 2, "hour") == at(WITA, "2026-11-30 08:30")
    ramadan = WorkingCalendar(
        base.zone,
        base.week,
        special=(
            SpecialHours(
                "Ramadan (uji)",
                dt.date(2027, 2, 8),
                dt.date(2027, 3, 9),
                parse_week({d: [["08:00", "15:00"]] for d in ("monday", "tuesday")}),
            ),
        ),
    )
    # Mon 8 Feb 2027 14:00 + 2h: 1h Monday (ends 15:00), Tuesday from 08:00.
    assert ramadan.add(at(WITA, "2027-02-08 14:00"), 2, "hour") == at(WITA, "2027-02-09 09:00")


def test_at_risk_threshold_and_sla_states() -> None:
    cal = office("kaltim")
    start, due = at(WITA, "2026-11-26 15:00"), at(WITA, "2026-11-27 08:30")
    risk = cal.at_risk_from(start, due)
    assert risk == at(WITA, "2026-11-27 08:00"), "75% of 120 office minutes"
    assert sla_state(at(WITA, "2026-11-26 15:30"), risk, due) == "on_track"
    assert sla_state(at(WITA, "2026-11-27 08:10"), risk, due) == "at_risk"
    assert sla_state(at(WITA, "2026-11-27 08:30"), risk, due) == "overdue"
    assert sla_state(start, None, None) == "no_standard"
    assert cal.working_minutes(start, due) == 120.0


def test_seconds_are_office_time() -> None:
    """Thu 26 Nov 15:59:45 + 30 s: 15 s before the 16:00 close, the rest on Friday."""
    cal = office("kaltim")
    assert cal.add(at(WITA, "2026-11-26 15:59:45"), 30, "second") == at(WITA, "2026-11-27 07:30:15")
    assert cal.standard_minutes(30, "second") == 0.5


def test_calendar_days_end_in_office_time_and_n_x_24_jam_is_working_days() -> None:
    """Issue #16 decides: "hari kalender" is the same clock time n calendar days later, moved
    to the next office minute when that is not office time; "n x 24 jam" is n working days
    (the old meaning, elapsed hours, put a Friday-afternoon step due on Saturday)."""
    cal = office("kaltim")
    friday = at(WITA, "2026-11-27 15:00")
    assert cal.add(at(WITA, "2026-11-26 10:00"), 1, "calendar_day") == at(WITA, "2026-11-27 10:00")
    assert cal.add(friday, 1, "calendar_day") == at(WITA, "2026-11-30 07:30"), "Saturday"
    assert cal.add(friday, 48, "calendar_hour") == at(WITA, "2026-12-01 15:00")
    # 14 calendar days from 18 Dec end on New Year's Day: the next working day's opening.
    assert cal.add(at(WITA, "2026-12-18 10:00"), 14, "calendar_day") == at(WITA, "2027-01-04 07:30")
    step_deadline = deadline(cal, _step(parse_waktu("2 x 24 jam")), friday)
    assert step_deadline.due_at == at(WITA, "2026-12-01 15:00")
    # Expected totals: "n x 24 jam" counts as n average office days, a calendar day as a
    # seventh of the office week.
    assert step_deadline.standard_minutes == 900.0
    assert cal.standard_minutes(14, "calendar_day") == pytest.approx(14 * 2250 / 7)
    with pytest.raises(ValueError, match="three years"):
        cal.add(friday, 2000, "calendar_day")


@pytest.mark.parametrize(
    "waktu",
    [
        Waktu(raw="", category="blank"),
        Waktu(raw="Sesuai jadwal", category="scheduled"),
        Waktu(raw="tergantung", category="conditional"),
        Waktu(raw="1 T.A", category="budget_year"),
    ],
)
def test_non_numeric_waktu_gives_no_due_time(waktu: Waktu) -> None:
    result = deadline(office("kaltim"), _step(waktu), at(WITA, "2026-11-24 09:00"))
    assert result.due_at is None
    assert result.at_risk_at is None


def _step(waktu: Waktu):  # type: ignore[no-untyped-def]
    from alur.domain.catalogue.importer.model import Step

    return Step(
        position=1,
        number="1",
        activity="uji",
        performer="staf",
        kelengkapan=None,
        waktu=waktu,
        output=None,
        keterangan=None,
        kind="process",
        decision=None,
        marks={},
        source_line=1,
        provenance={},
    )
