"""Queries for the national calendar's stored years and their corrections log. Platform-wide
tables (no tenant_id, no RLS): readable inside any office's transaction."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from typing import Any

from alur.core.dbtypes import Conn
from alur.domain.calendar.national import NationalDay, NationalYear, Ramadan


async def stored_years(conn: Conn) -> dict[int, NationalYear]:
    """Every corrected year, whole. Few rows: only years the platform admin has touched."""
    years = await conn.fetch("select * from national_years")
    if not years:
        return {}
    days: dict[int, dict[dt.date, NationalDay]] = {r["year"]: {} for r in years}
    for d in await conn.fetch("select day, year, kind, name, estimated from national_days"):
        days[d["year"]][d["day"]] = NationalDay(d["day"], d["kind"], d["name"], d["estimated"])
    out = {}
    for r in years:
        ramadan = (
            Ramadan(
                r["ramadan_start"],
                r["ramadan_end"],
                r["ramadan_estimated"],
                json.loads(r["ramadan_hours"]),
            )
            if r["ramadan_start"]
            else None
        )
        out[r["year"]] = NationalYear(
            r["year"], r["source"], r["skb"], dict(sorted(days[r["year"]].items())), ramadan
        )
    return out


async def lock_year(conn: Conn, year: int) -> bool:
    """Serialise corrections of one year; True when the year is already stored."""
    await conn.execute("select pg_advisory_xact_lock(hashtext('alur.national'), $1)", year)
    return bool(await conn.fetchval("select 1 from national_years where year = $1", year))


async def store_year(conn: Conn, seed: NationalYear) -> None:
    """Copy a shipped year into the database, so its corrections have a whole year to edit."""
    r = seed.ramadan
    await conn.execute(
        "insert into national_years (year, source, skb, ramadan_start, ramadan_end,"
        " ramadan_estimated, ramadan_hours) values ($1, $2, $3, $4, $5, $6, $7::jsonb)"
        " on conflict (year) do nothing",
        seed.year,
        seed.source,
        seed.skb,
        r.start if r else None,
        r.end if r else None,
        r.estimated if r else True,
        json.dumps(r.hours) if r else None,
    )
    await conn.executemany(
        "insert into national_days (day, year, kind, name, estimated) values ($1, $2, $3, $4, $5)"
        " on conflict (day) do nothing",
        [(d.day, seed.year, d.kind, d.name, d.estimated) for d in seed.days.values()],
    )


async def insert_day(conn: Conn, day: NationalDay) -> bool:
    status = await conn.execute(
        "insert into national_days (day, year, kind, name, estimated) values ($1, $2, $3, $4, $5)"
        " on conflict (day) do nothing",
        day.day,
        day.day.year,
        day.kind,
        day.name,
        day.estimated,
    )
    return str(status).endswith(" 1")


async def delete_day(conn: Conn, day: dt.date) -> None:
    await conn.execute("delete from national_days where day = $1", day)


async def update_day(conn: Conn, day: dt.date, new: NationalDay) -> None:
    await conn.execute(
        "update national_days set day = $2, kind = $3, name = $4, estimated = $5,"
        " updated_at = now() where day = $1",
        day,
        new.day,
        new.kind,
        new.name,
        new.estimated,
    )


async def update_ramadan(conn: Conn, year: int, ramadan: Ramadan) -> None:
    await conn.execute(
        "update national_years set ramadan_start = $2, ramadan_end = $3, ramadan_estimated = $4,"
        " ramadan_hours = $5::jsonb where year = $1",
        year,
        ramadan.start,
        ramadan.end,
        ramadan.estimated,
        json.dumps(ramadan.hours),
    )


async def set_source(conn: Conn, year: int, source: str) -> None:
    await conn.execute("update national_years set source = $2 where year = $1", year, source)


async def log_change(
    conn: Conn,
    *,
    actor_id: uuid.UUID | None,
    actor_label: str,
    action: str,
    year: int,
    day: dt.date | None,
    reason: str,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
) -> None:
    await conn.execute(
        "insert into national_calendar_changes (actor_id, actor_label, action, year, day, reason,"
        " before, after) values ($1, $2, $3, $4, $5, $6, $7::jsonb, $8::jsonb)",
        actor_id,
        actor_label,
        action,
        year,
        day,
        reason,
        None if before is None else json.dumps(before),
        None if after is None else json.dumps(after),
    )


async def changes(conn: Conn, year: int) -> list[dict[str, Any]]:
    rows = await conn.fetch(
        "select at, actor_label, action, day, reason, before, after"
        " from national_calendar_changes where year = $1 order by seq desc",
        year,
    )
    return [
        {
            **dict(r),
            "before": None if r["before"] is None else json.loads(r["before"]),
            "after": None if r["after"] is None else json.loads(r["after"]),
        }
        for r in rows
    ]
