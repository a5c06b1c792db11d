"""What the calendar API takes and returns."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Annotated, Literal

import msgspec


class DayOffOut(msgspec.Struct):
    date: dt.date
    name: str
    source: Literal["nasional", "kantor", "tenant.yaml"]
    id: uuid.UUID | None = None


class CalendarOut(msgspec.Struct):
    time_zone: str
    office_hours: dict[str, list[list[str]]]
    at_risk_ratio: float
    days_per_month: int
    special_hours: list[dict[str, object]]
    year: int
    days_off: list[DayOffOut]


class DayOffCreate(msgspec.Struct, forbid_unknown_fields=True):
    date: dt.date
    name: Annotated[str, msgspec.Meta(min_length=2, max_length=200)]


class DueOut(msgspec.Struct):
    start: dt.datetime
    due: dt.datetime | None
    at_risk: dt.datetime | None
    working_minutes: float | None
