"""The national calendar: libur nasional, cuti bersama and the ASN Ramadan hours, per year.

Where a year comes from (first that applies):
1. the platform admin's corrections, stored in the database (a year once corrected is held
   there whole: `NationalCalendar.overrides`);
2. the committed table `national_calendar.yaml` for the years whose SKB 3 Menteri is known;
3. the `holidays` package. A date it labels "perkiraan" is estimated, and in a year after the
   last one in the table every date is estimated: no SKB has fixed it yet. Ramadan is then
   estimated as the 30 days before its Idul Fitri.

Pure and synchronous; the seed of a year is computed once per process.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import holidays
import yaml

from alur.domain.calendar.hours import Week, parse_week

Kind = Literal["libur_nasional", "cuti_bersama"]
KINDS: tuple[Kind, ...] = ("libur_nasional", "cuti_bersama")
CATEGORY_KIND: dict[str, Kind] = {"public": "libur_nasional", "government": "cuti_bersama"}
"""tenant.yaml's `holiday_categories` (the holidays package's names) to our kinds."""

TABLE = Path(__file__).with_name("national_calendar.yaml")
_ESTIMATE_MARK = " (perkiraan)"
_RAMADAN_DAYS = 30


@dataclass(frozen=True)
class NationalDay:
    day: dt.date
    kind: Kind
    name: str
    estimated: bool


@dataclass(frozen=True)
class Ramadan:
    """The days the ASN Ramadan hours replace the office week (1 Ramadan to the day before
    1 Syawal), keyed by the year of its Idul Fitri; it may start in December before."""

    start: dt.date
    end: dt.date
    estimated: bool
    hours: Mapping[str, Sequence[Sequence[str]]]

    @functools.cached_property
    def week(self) -> Week:
        return parse_week(self.hours)


@dataclass(frozen=True)
class NationalYear:
    year: int
    source: str
    """What the dates rest on: the SKB, the holidays package, or the platform's corrections."""
    skb: bool
    days: Mapping[dt.date, NationalDay]
    ramadan: Ramadan | None


@functools.cache
def _table() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(TABLE.read_text(encoding="utf-8"))
    return data


def ramadan_hours() -> Mapping[str, Sequence[Sequence[str]]]:
    """The ASN Ramadan week (Menteri PANRB circulars), the same for every year."""
    hours: Mapping[str, Sequence[Sequence[str]]] = _table()["ramadan_hours"]
    return hours


def table_years() -> tuple[int, ...]:
    return tuple(sorted(int(y) for y in _table()["years"]))


@functools.lru_cache(maxsize=64)
def seed_year(year: int) -> NationalYear:
    """The year as shipped: the committed table if it has the year, else the package."""
    entry = _table()["years"].get(year)
    if entry is not None:
        days = {}
        for row in entry["days"]:
            day, kind, name = row[0], row[1], row[2]
            estimated = len(row) > 3 and row[3] == "estimated"
            days[day] = NationalDay(day, kind, name, estimated)
        r = entry.get("ramadan")
        ramadan = (
            Ramadan(r["start"], r["end"], bool(r.get("estimated", False)), ramadan_hours())
            if r
            else None
        )
        return NationalYear(year, str(entry["source"]), True, days, ramadan)
    return _from_package(year)


def _from_package(year: int) -> NationalYear:
    after_table = year > max(table_years())
    days: dict[dt.date, NationalDay] = {}
    for category, kind in CATEGORY_KIND.items():
        found = holidays.country_holidays("ID", years=year, categories=category, language="id")
        for day, label in found.items():
            name = str(label)
            estimated = after_table or _ESTIMATE_MARK in name
            days[day] = NationalDay(day, kind, name.replace(_ESTIMATE_MARK, ""), estimated)
    eid = min((d.day for d in days.values() if d.name == "Hari Raya Idul Fitri"), default=None)
    ramadan = (
        Ramadan(
            eid - dt.timedelta(days=_RAMADAN_DAYS),
            eid - dt.timedelta(days=1),
            True,
            ramadan_hours(),
        )
        if eid
        else None
    )
    source = "paket holidays (perkiraan, SKB belum terbit)" if after_table else "paket holidays"
    return NationalYear(year, source, False, dict(sorted(days.items())), ramadan)


@dataclass(frozen=True)
class NationalCalendar:
    """Every year: the platform's stored years over the shipped seed."""

    overrides: Mapping[int, NationalYear] = field(default_factory=dict)

    def year(self, year: int) -> NationalYear:
        return self.overrides.get(year) or seed_year(year)

    def day(self, day: dt.date) -> NationalDay | None:
        return self.year(day.year).days.get(day)

    def ramadan_on(self, day: dt.date) -> Ramadan | None:
        """The Ramadan containing `day`: this year's, or next year's starting in December."""
        for year in (day.year, day.year + 1):
            r = self.year(year).ramadan
            if r is not None and r.start <= day <= r.end:
                return r
        return None


SHIPPED = NationalCalendar()
"""The calendar as shipped, with no platform corrections (pure tests, tools)."""
