"""Office hours as data: a week maps a weekday to its spans of office time."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
Span = tuple[dt.time, dt.time]
Week = Mapping[int, tuple[Span, ...]]


def parse_week(office_hours: Mapping[str, Sequence[Sequence[str]]]) -> dict[int, tuple[Span, ...]]:
    week: dict[int, tuple[Span, ...]] = {}
    for name, spans in office_hours.items():
        week[WEEKDAYS.index(name)] = tuple(
            sorted((dt.time.fromisoformat(a), dt.time.fromisoformat(b)) for a, b in spans)
        )
    return week
