"""The national calendar and the waktu units with concrete timestamps (issue #16): ASN
Ramadan hours in 2026 and 2027 in WIB (Lampung) and WITA (Kaltim), estimated dates, the
committed SKB table, and "tahun", "bulan", "minggu", "hari kalender", "1 x 24 jam"."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

import holidays
import yaml

from alur.domain.calendar.national import (
    SHIPPED,
    NationalCalendar,
    NationalDay,
    seed_year,
    table_years,
)
from alur.domain.calendar.working_time import SpecialHours, WorkingCalendar, parse_week

ROOT = Path(__file__).resolve().parents[2]
WITA, WIB = ZoneInfo("Asia/Makassar"), ZoneInfo("Asia/Jakarta")


def office(slug: str, **kwargs: object) -> WorkingCalendar:
    tenant = yaml.safe_load((ROOT / "tenants" / slug / "tenant.yaml").read_text())
    return WorkingCalendar(
        ZoneInfo(tenant["time_zone"]),
        parse_week(tenant["office_hours"]),
        **kwargs,  # type: ignore[arg-type]
    )


def at(zone: ZoneInfo, text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).replace(tzinfo=zone)


# --- Ramadan hours --------------------------------------------------------------------------


def test_the_issues_two_ramadan_examples_in_wita() -> None:
    """Friday 13 March 2026 15:30 is the Friday close in Ramadan (08:00-15:30): the two hours
    run Monday 08:00-10:00. Monday 2 March 14:00: one hour to the 15:00 close, one on Tuesday."""
    kaltim = office("kaltim")
    assert kaltim.add(at(WITA, "2026-03-13 15:30"), 2, "hour") == at(WITA, "2026-03-16 10:00")
    assert kaltim.add(at(WITA, "2026-03-02 14:00"), 2, "hour") == at(WITA, "2026-03-03 09:00")


def test_without_ramadan_hours_the_old_answers_come_back() -> None:
    """An office that opts out (`calendar.ramadan_hours: false`) keeps its week."""
    kaltim = office("kaltim", ramadan_hours=False)
    assert kaltim.add(at(WITA, "2026-03-13 15:30"), 2, "hour") == at(WITA, "2026-03-16 08:30")
    assert kaltim.add(at(WITA, "2026-03-02 14:00"), 2, "hour") == at(WITA, "2026-03-02 16:00")


def test_ramadan_2026_in_wib_and_the_same_moment_in_wita() -> None:
    """06:00 UTC on Monday 2 March 2026 is 13:00 in Bandar Lampung and 14:00 in Samarinda."""
    moment = dt.datetime(2026, 3, 2, 6, 0, tzinfo=dt.UTC)
    assert office("lampung").add(moment, 2, "hour") == at(WIB, "2026-03-02 15:00")
    assert office("kaltim").add(moment, 2, "hour") == at(WITA, "2026-03-03 09:00")
    lampung = office("lampung")
    # Thursday 14:30: 30 minutes to the 15:00 close, 30 on Friday from 08:00.
    assert lampung.add(at(WIB, "2026-03-12 14:30"), 1, "hour") == at(WIB, "2026-03-13 08:30")
    # The Ramadan Friday break is 11:30-12:30 (Monday-Thursday 12:00-12:30).
    assert lampung.add(at(WIB, "2026-03-13 11:00"), 60, "minute") == at(WIB, "2026-03-13 13:00")
    assert lampung.add(at(WIB, "2026-03-12 11:30"), 60, "minute") == at(WIB, "2026-03-12 13:00")


def test_ramadan_2026_starts_on_19_february() -> None:
    """Wednesday 18 February has normal hours (to 16:00); 1 Ramadan 1447 H, Thursday 19,
    opens at 08:00."""
    lampung = office("lampung")
    assert lampung.add(at(WIB, "2026-02-18 15:00"), 2, "hour") == at(WIB, "2026-02-19 09:00")


def test_ramadan_2027_in_wita_and_wib() -> None:
    """Ramadan 1448 H, 8 February - 9 March 2027 (estimated until the sidang isbat)."""
    kaltim, lampung = office("kaltim"), office("lampung")
    assert kaltim.add(at(WITA, "2027-02-08 14:00"), 2, "hour") == at(WITA, "2027-02-09 09:00")
    assert kaltim.add(at(WITA, "2027-02-12 11:00"), 1, "hour") == at(WITA, "2027-02-12 13:00")
    # Friday 5 March 14:00: 90 minutes to the 15:30 close; then Nyepi (8), cuti bersama (9),
    # Idul Fitri (10, 11), cuti bersama (12, 15): the rest on Tuesday 16 March, normal hours.
    assert lampung.add(at(WIB, "2027-03-05 14:00"), 3, "hour") == at(WIB, "2027-03-16 09:00")
    # A working day in Ramadan: the same clock time the next working day.
    assert lampung.add(at(WIB, "2027-02-18 14:30"), 1, "working_day") == at(WIB, "2027-02-19 14:30")
    # Thursday 4 February 15:30 (normal hours) + 1 hari: Friday 5 is cuti bersama Imlek, so
    # the next working day is Monday 8, first of Ramadan, closed at 15:30: Tuesday 08:00.
    assert lampung.add(at(WIB, "2027-02-04 15:30"), 1, "working_day") == at(WIB, "2027-02-09 08:00")


def test_an_offices_own_hours_beat_the_national_ramadan() -> None:
    """Special hours in tenant.yaml win; a six-day service unit keeps its Saturday."""
    base = office("kaltim")
    own = dataclasses.replace(
        base,
        special=(
            SpecialHours(
                "Ramadan layanan",
                dt.date(2026, 2, 19),
                dt.date(2026, 3, 20),
                parse_week({"monday": [["07:00", "17:00"]]}),
            ),
        ),
    )
    assert own.add(at(WITA, "2026-03-02 14:00"), 2, "hour") == at(WITA, "2026-03-02 16:00")
    six_days = dataclasses.replace(
        base, week={**base.week, **parse_week({"saturday": [["08:00", "12:00"]]})}
    )
    assert six_days.add(at(WITA, "2026-03-13 15:30"), 2, "hour") == at(WITA, "2026-03-14 10:00")


# --- the committed table, estimated dates ---------------------------------------------------


def test_the_committed_table_matches_the_holidays_package_for_its_years() -> None:
    """The SKB years 2025-2027: same dates, same kinds. A package upgrade that disagrees
    fails here, to be checked against the decree."""
    assert set(table_years()) >= {2025, 2026, 2027}
    for year in table_years():
        ours = {(d.day, d.kind) for d in seed_year(year).days.values()}
        theirs = {
            (day, kind)
            for category, kind in (("public", "libur_nasional"), ("government", "cuti_bersama"))
            for day in holidays.country_holidays("ID", years=year, categories=category)
        }
        assert ours == theirs, year


def test_estimated_dates_are_flagged() -> None:
    """2026 is all decreed; 2027 has the three dates the package marks "perkiraan"; 2028 has
    no SKB yet, so every date is an estimate, and its Ramadan too."""
    assert not [d for d in seed_year(2026).days.values() if d.estimated]
    assert sorted(d.day.isoformat() for d in seed_year(2027).days.values() if d.estimated) == [
        "2027-03-10",
        "2027-03-11",
        "2027-05-17",
    ]
    assert all("perkiraan" not in d.name for d in seed_year(2027).days.values())
    y2028 = seed_year(2028)
    assert not y2028.skb
    assert y2028.days
    assert all(d.estimated for d in y2028.days.values())
    assert y2028.ramadan is not None
    assert y2028.ramadan.estimated
    assert (y2028.ramadan.start, y2028.ramadan.end) == (dt.date(2028, 1, 28), dt.date(2028, 2, 26))
    r2026, r2027 = seed_year(2026).ramadan, seed_year(2027).ramadan
    assert r2026 is not None
    assert not r2026.estimated
    assert (r2026.start, r2026.end) == (dt.date(2026, 2, 19), dt.date(2026, 3, 20))
    assert r2027 is not None
    assert r2027.estimated


def test_a_corrected_national_year_moves_a_deadline() -> None:
    """The platform's stored year wins over the shipped one: moving Kenaikan Isa Almasih from
    Thursday 14 May 2026 to Tuesday 19 May moves a one-hour step's due time."""
    seed = seed_year(2026)
    moved = dict(seed.days)
    old = moved.pop(dt.date(2026, 5, 14))
    moved[dt.date(2026, 5, 19)] = NationalDay(dt.date(2026, 5, 19), old.kind, old.name, False)
    corrected = NationalCalendar({2026: dataclasses.replace(seed, days=moved)})
    start = at(WIB, "2026-05-13 15:30")
    assert office("lampung").add(start, 1, "hour") == at(WIB, "2026-05-18 08:00")
    assert office("lampung", national=corrected).add(start, 1, "hour") == at(
        WIB, "2026-05-14 08:00"
    )
    assert SHIPPED.day(dt.date(2026, 5, 14)) is not None


# --- the waktu units ------------------------------------------------------------------------


def test_tahun_is_the_same_date_next_year() -> None:
    """Not 264 working days (about five weeks later): 2 March 2026 10:00 + 1 tahun is Tuesday
    2 March 2027 10:00 (in Ramadan hours, open from 08:00). A year landing on a Saturday ends
    at the next opening; 29 February ends on 28 February."""
    kaltim = office("kaltim")
    assert kaltim.add(at(WITA, "2026-03-02 10:00"), 1, "year") == at(WITA, "2027-03-02 10:00")
    assert kaltim.add(at(WITA, "2026-08-14 10:00"), 1, "year") == at(WITA, "2027-08-16 07:30")
    assert kaltim.add(at(WITA, "2028-02-29 10:00"), 1, "year") == at(WITA, "2029-02-28 10:00")


def test_bulan_is_the_same_date_next_month() -> None:
    """The issue's example, the month-end clamp, and a triwulan."""
    kaltim = office("kaltim")
    assert kaltim.add(at(WITA, "2026-03-02 10:00"), 1, "month") == at(WITA, "2026-04-02 10:00")
    # 30 January + 1 bulan = Saturday 28 February: Monday 2 March opens 08:00 in Ramadan.
    assert kaltim.add(at(WITA, "2026-01-30 10:00"), 1, "month") == at(WITA, "2026-03-02 08:00")
    # 3 bulan: 2 June (1 June is Hari Lahir Pancasila, not in the way).
    assert kaltim.add(at(WITA, "2026-03-02 10:00"), 3, "month") == at(WITA, "2026-06-02 10:00")
    # Half a month from 2 March is half of March's 31 days: 17 March 22:00, then the Nyepi
    # and Idul Fitri days off: Wednesday 25 March, normal hours again.
    assert kaltim.add(at(WITA, "2026-03-02 10:00"), 0.5, "month") == at(WITA, "2026-03-25 07:30")


def test_minggu_and_hari_kalender_count_calendar_days() -> None:
    lampung = office("lampung")
    # Wed 13 May + 2 minggu = Wed 27 May, Idul Adha; 28 May is cuti bersama: Friday opening.
    assert lampung.add(at(WIB, "2026-05-13 10:00"), 2, "week") == at(WIB, "2026-05-29 07:30")
    assert lampung.add(at(WIB, "2026-11-24 10:00"), 3, "calendar_day") == at(
        WIB, "2026-11-27 10:00"
    )
    # A start outside office hours counts from the next opening: Saturday -> Monday 07:30.
    assert lampung.add(at(WIB, "2026-11-28 10:00"), 2, "calendar_day") == at(
        WIB, "2026-12-02 07:30"
    )


def test_one_x_24_jam_is_one_working_day() -> None:
    kaltim = office("kaltim")
    friday = at(WITA, "2026-11-27 15:00")
    assert kaltim.add(friday, 24, "calendar_hour") == at(WITA, "2026-11-30 15:00")
    assert kaltim.add(friday, 24, "calendar_hour") == kaltim.add(friday, 1, "working_day")
    assert kaltim.standard_minutes(24, "calendar_hour") == 450.0


def test_calendar_periods_are_not_additive() -> None:
    """Each end is moved into office time and months clamp, so 1 bulan then 1 bulan is not
    2 bulan: 30 January -> 28 February (Saturday) -> Monday 2 March 08:00 -> 2 April 08:00,
    while 2 bulan is 30 March 10:00."""
    kaltim = office("kaltim")
    start = at(WITA, "2026-01-30 10:00")
    once = kaltim.add(kaltim.add(start, 1, "month"), 1, "month")
    assert once == at(WITA, "2026-04-02 08:00")
    assert kaltim.add(start, 2, "month") == at(WITA, "2026-03-30 10:00")


def test_estimates_of_calendar_units_use_average_days() -> None:
    """A month is 365.25 / 12 calendar days of a seventh of the office week each."""
    kaltim = office("kaltim")
    assert kaltim.standard_minutes(1, "week") == 2250.0
    assert kaltim.standard_minutes(1, "month") == 2250 / 7 * 365.25 / 12
    assert kaltim.standard_minutes(1, "year") == 2250 / 7 * 365.25
