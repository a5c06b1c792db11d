"""Queries for notifications, preferences and escalations (tenant-scoped connections)."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from typing import Any

from alur.core.dbtypes import Conn


async def recipients_info(conn: Conn, user_ids: list[uuid.UUID]) -> list[dict[str, Any]]:
    rows = await conn.fetch(
        "select u.id, u.email, coalesce(p.locale, 'id') as locale,"
        " coalesce(p.email_mode, 'each') as email_mode from users u"
        " left join notification_preferences p on p.user_id = u.id"
        " where u.id = any($1::uuid[]) and u.active",
        user_ids,
    )
    return [dict(r) for r in rows]


async def insert_many(
    conn: Conn, tenant_id: uuid.UUID, rows: list[dict[str, Any]]
) -> list[tuple[uuid.UUID, str]]:
    """Notifications in one statement; a dedupe key already there is skipped. Returns the
    new ones' (id, email_status), in the order given."""
    if not rows:
        return []
    found = await conn.fetch(
        "insert into notifications (tenant_id, user_id, kind, title, body, link, case_id,"
        " task_id, dedupe_key, created_at, email_status) select $1, n.* from unnest($2::uuid[],"
        " $3::text[], $4::text[], $5::text[], $6::text[], $7::uuid[], $8::uuid[], $9::text[],"
        " $10::timestamptz[], $11::text[]) as n(user_id, kind, title, body, link, case_id,"
        " task_id, dedupe_key, created_at, email_status)"
        " on conflict (tenant_id, dedupe_key) do nothing returning id, email_status, dedupe_key",
        tenant_id,
        *([row[c] for row in rows] for c in _INSERT_COLS),
    )
    order = {row["dedupe_key"]: n for n, row in enumerate(rows)}
    ranked = sorted(found, key=lambda r: order[r["dedupe_key"]])
    return [(r["id"], r["email_status"]) for r in ranked]


_INSERT_COLS = (
    "user_id",
    "kind",
    "title",
    "body",
    "link",
    "case_id",
    "task_id",
    "dedupe_key",
    "created_at",
    "email_status",
)

_COLS = "id, kind, title, body, link, case_id, task_id, created_at, read_at, email_status"


async def page(
    conn: Conn, user_id: uuid.UUID, *, unread_only: bool, limit: int, offset: int
) -> tuple[list[dict[str, Any]], int, int]:
    where = "where user_id = $1 and (not $2::bool or read_at is null)"
    rows = await conn.fetch(
        f"select {_COLS} from notifications {where} order by created_at desc, id"
        f" limit {int(limit)} offset {int(offset)}",
        user_id,
        unread_only,
    )
    total = await conn.fetchval(f"select count(*) from notifications {where}", user_id, unread_only)
    unread = await conn.fetchval(
        "select count(*) from notifications where user_id = $1 and read_at is null", user_id
    )
    return [dict(r) for r in rows], int(total), int(unread)


async def mark_read(
    conn: Conn, user_id: uuid.UUID, ids: list[uuid.UUID] | None, at: dt.datetime
) -> int:
    status = await conn.execute(
        "update notifications set read_at = $3 where user_id = $1 and read_at is null"
        " and ($2::uuid[] is null or id = any($2::uuid[]))",
        user_id,
        ids,
        at,
    )
    return int(status.split()[-1])


async def preferences(conn: Conn, user_id: uuid.UUID) -> dict[str, Any]:
    row = await conn.fetchrow(
        "select locale, email_mode from notification_preferences where user_id = $1", user_id
    )
    return dict(row) if row else {"locale": "id", "email_mode": "each"}


async def save_preferences(
    conn: Conn, tenant_id: uuid.UUID, user_id: uuid.UUID, locale: str, mode: str
) -> None:
    await conn.execute(
        "insert into notification_preferences (tenant_id, user_id, locale, email_mode)"
        " values ($1, $2, $3, $4) on conflict (tenant_id, user_id) do update"
        " set locale = excluded.locale, email_mode = excluded.email_mode, updated_at = now()",
        tenant_id,
        user_id,
        locale,
        mode,
    )


async def escalation_settings(conn: Conn, tenant_id: uuid.UUID) -> dict[str, Any]:
    """tenant.yaml's escalation block, overridden by what the tenant admin saved."""
    row = await conn.fetchrow(
        "select t.settings -> 'escalation' as base, o.escalation as own from tenants t"
        " left join office_settings o on o.tenant_id = t.id where t.id = $1",
        tenant_id,
    )
    merged: dict[str, Any] = {
        "enabled": True,
        "remind_at_risk": True,
        "further_allowance": "step",
        "max_levels": 6,
    }
    for part in (row["base"], row["own"]) if row else ():
        if part:
            merged |= json.loads(part)
    return merged
