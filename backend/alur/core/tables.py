"""Columns every table shares."""

from __future__ import annotations

from piccolo.columns import UUID, Timestamptz
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.columns.defaults.uuid import UUID4


def id_column() -> UUID:
    return UUID(primary_key=True, default=UUID4())


def created_at_column() -> Timestamptz:
    return Timestamptz(default=TimestamptzNow())


def updated_at_column() -> Timestamptz:
    return Timestamptz(default=TimestamptzNow())
