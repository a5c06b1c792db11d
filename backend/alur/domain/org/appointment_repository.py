"""Queries for appointment requests and the reach they are measured against."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from alur.core.dbtypes import Conn
from alur.domain.org.schemas import AppointmentRequestOut

_SELECT = """
select r.id, r.position_id, p.title as position_title, r.user_id, u.name as user_name,
  u.nip as user_nip, r.kind, r.starts_on, r.ends_on, r.reason, r.status, r.requested_by,
  rb.name as requested_by_name, r.requested_at, r.decided_by, r.decided_at, r.note,
  r.holder_id
from appointment_requests r
join org_positions p on p.id = r.position_id
join users u on u.id = r.user_id
left join users rb on rb.id = r.requested_by
"""


async def posts_held(conn: Conn, user_id: uuid.UUID, today: dt.date) -> list[dict[str, Any]]:
    """The posts the user holds today (id, kind, unit), definitive or acting."""
    rows = await conn.fetch(
        "select p.id, p.kind, p.unit_id from position_holders h"
        " join org_positions p on p.id = h.position_id join users u on u.id = h.user_id"
        " where h.user_id = $1 and u.active and p.active"
        " and (h.starts_on is null or h.starts_on <= $2)"
        " and (h.ends_on is null or h.ends_on >= $2)",
        user_id,
        today,
    )
    return [dict(r) for r in rows]


async def position_kind(conn: Conn, position_id: uuid.UUID) -> str | None:
    value = await conn.fetchval("select kind from org_positions where id = $1", position_id)
    return str(value) if value is not None else None


async def position_unit(conn: Conn, position_id: uuid.UUID) -> uuid.UUID | None:
    value = await conn.fetchval("select unit_id from org_positions where id = $1", position_id)
    return uuid.UUID(str(value)) if value is not None else None


async def insert_request(conn: Conn, tenant_id: uuid.UUID, values: dict[str, Any]) -> uuid.UUID:
    return uuid.UUID(
        str(
            await conn.fetchval(
                "insert into appointment_requests (tenant_id, position_id, user_id, kind,"
                " starts_on, ends_on, reason, requested_by) values ($1, $2, $3, $4, $5, $6,"
                " $7, $8) returning id",
                tenant_id,
                values["position_id"],
                values["user_id"],
                values["kind"],
                values["starts_on"],
                values["ends_on"],
                values["reason"],
                values["requested_by"],
            )
        )
    )


async def get_request(
    conn: Conn, request_id: uuid.UUID, *, lock: bool = False
) -> AppointmentRequestOut | None:
    suffix = " for update of r" if lock else ""
    row = await conn.fetchrow(f"{_SELECT} where r.id = $1{suffix}", request_id)
    return AppointmentRequestOut(**dict(row)) if row else None


async def list_requests(
    conn: Conn, status: str, position_id: uuid.UUID | None, limit: int
) -> list[AppointmentRequestOut]:
    rows = await conn.fetch(
        f"{_SELECT} where ($1 = '' or r.status = $1)"
        " and ($2::uuid is null or r.position_id = $2)"
        " order by r.requested_at desc limit $3",
        status,
        position_id,
        limit,
    )
    return [AppointmentRequestOut(**dict(r)) for r in rows]


async def decide(
    conn: Conn,
    request_id: uuid.UUID,
    status: str,
    decided_by: uuid.UUID,
    note: str,
    holder_id: uuid.UUID | None,
) -> None:
    await conn.execute(
        "update appointment_requests set status = $2, decided_by = $3, decided_at = now(),"
        " note = $4, holder_id = $5 where id = $1",
        request_id,
        status,
        decided_by,
        note,
        holder_id,
    )
