"""Days off an office declares on top of the national calendar, and the national calendar's
years the platform admin has corrected, with the append-only log of those corrections."""

from __future__ import annotations

from piccolo.columns import JSONB, UUID, BigInt, Boolean, Date, Integer, Text, Timestamptz, Varchar
from piccolo.table import Table

from alur.core.tables import created_at_column, id_column, updated_at_column


class DayOff(Table, tablename="calendar_days_off"):
    id = id_column()
    tenant_id = UUID(null=False)
    day = Date()
    name = Varchar(length=200)
    created_by = UUID(null=True, default=None)
    created_at = created_at_column()


class NationalYear(Table, tablename="national_years"):
    """A year held in the database (copied from the shipped seed at its first correction)."""

    year = Integer(primary_key=True)
    source = Varchar(length=300)
    skb = Boolean()
    ramadan_start = Date(null=True, default=None)
    ramadan_end = Date(null=True, default=None)
    ramadan_estimated = Boolean()
    ramadan_hours = JSONB(null=True)
    created_at = created_at_column()


class NationalDay(Table, tablename="national_days"):
    day = Date(primary_key=True)
    year = Integer()
    kind = Varchar(length=20)
    name = Varchar(length=200)
    estimated = Boolean()
    updated_at = updated_at_column()


class NationalChange(Table, tablename="national_calendar_changes"):
    """Who changed the national calendar, when, why, and what it was before and after."""

    seq = BigInt(primary_key=True)
    at = Timestamptz()
    actor_id = UUID(null=True, default=None)
    actor_label = Varchar(length=300)
    action = Varchar(length=40)
    year = Integer()
    day = Date(null=True, default=None)
    reason = Text()
    before = JSONB(null=True)
    after = JSONB(null=True)
