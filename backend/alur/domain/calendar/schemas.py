"""What the calendar API takes and returns."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Annotated, Any, Literal

import msgspec

Reason = Annotated[str, msgspec.Meta(min_length=5, max_length=500)]
Name = Annotated[str, msgspec.Meta(min_length=2, max_length=200)]
NationalKind = Literal["libur_nasional", "cuti_bersama"]


class DayOffOut(msgspec.Struct):
    date: dt.date
    name: str
    source: Literal["nasional", "kantor", "tenant.yaml"]
    id: uuid.UUID | None = None
    kind: Literal["libur_nasional", "cuti_bersama", "kantor"] = "kantor"
    estimated: bool = False
    """A national date not yet fixed (no SKB for the year, or awaiting the sidang isbat)."""


class RamadanOut(msgspec.Struct):
    start: dt.date
    end: dt.date
    estimated: bool
    office_hours: dict[str, list[list[str]]]


class CalendarOut(msgspec.Struct):
    time_zone: str
    office_hours: dict[str, list[list[str]]]
    at_risk_ratio: float
    special_hours: list[dict[str, object]]
    year: int
    days_off: list[DayOffOut]
    ramadan: RamadanOut | None
    """The national Ramadan hours of the year, when the office follows them."""


class DayOffCreate(msgspec.Struct, forbid_unknown_fields=True):
    date: dt.date
    name: Annotated[str, msgspec.Meta(min_length=2, max_length=200)]


class DueOut(msgspec.Struct):
    start: dt.datetime
    due: dt.datetime | None
    at_risk: dt.datetime | None
    working_minutes: float | None


# --- the national calendar (platform admin) ------------------------------------------------


class NationalDayOut(msgspec.Struct):
    date: dt.date
    kind: NationalKind
    name: str
    estimated: bool


class NationalChangeOut(msgspec.Struct):
    at: dt.datetime
    actor_label: str
    action: str
    date: dt.date | None
    reason: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None


class NationalYearOut(msgspec.Struct):
    year: int
    source: str
    skb: bool
    """The year's dates rest on a published SKB (otherwise all are estimates)."""
    corrected: bool
    """The platform admin has changed this year; it is held in the database."""
    days: list[NationalDayOut]
    ramadan: RamadanOut | None
    changes: list[NationalChangeOut]


class NationalDayCreate(msgspec.Struct, forbid_unknown_fields=True):
    date: dt.date
    kind: NationalKind
    name: Name
    reason: Reason
    estimated: bool = False


class NationalDayMove(msgspec.Struct, forbid_unknown_fields=True):
    date: dt.date
    new_date: dt.date
    reason: Reason
    name: Name | None = None


class NationalDayRef(msgspec.Struct, forbid_unknown_fields=True):
    """A national date to remove or confirm."""

    date: dt.date
    reason: Reason


class NationalRamadanSet(msgspec.Struct, forbid_unknown_fields=True):
    """The year's Ramadan (keyed by the year of its Idul Fitri); `estimated: false` confirms."""

    year: int
    start: dt.date
    end: dt.date
    reason: Reason
    estimated: bool = False
