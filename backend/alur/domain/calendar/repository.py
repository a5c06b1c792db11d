"""Queries for the working calendar; every function runs on a tenant-scoped connection."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from typing import Any

from alur.core.dbtypes import Conn


async def tenant_calendar_row(conn: Conn, tenant_id: uuid.UUID) -> dict[str, Any]:
    row = await conn.fetchrow(
        "select time_zone, office_hours, calendar from tenants where id = $1", tenant_id
    )
    if row is None:
        raise LookupError(f"tenant {tenant_id} is not registered")
    return {
        "time_zone": row["time_zone"],
        "office_hours": json.loads(row["office_hours"]),
        "calendar": json.loads(row["calendar"]),
    }


async def office_days_off(conn: Conn) -> list[dict[str, Any]]:
    rows = await conn.fetch("select id, day, name from calendar_days_off order by day")
    return [dict(r) for r in rows]


async def insert_day_off(
    conn: Conn, tenant_id: uuid.UUID, day: dt.date, name: str, user: uuid.UUID | None
) -> uuid.UUID | None:
    value = await conn.fetchval(
        "insert into calendar_days_off (tenant_id, day, name, created_by) values ($1, $2, $3, $4)"
        " on conflict (tenant_id, day) do nothing returning id",
        tenant_id,
        day,
        name,
        user,
    )
    return uuid.UUID(str(value)) if value else None


async def delete_day_off(conn: Conn, day_off_id: uuid.UUID) -> dict[str, Any] | None:
    row = await conn.fetchrow(
        "delete from calendar_days_off where id = $1 returning id, day, name", day_off_id
    )
    return dict(row) if row else None
