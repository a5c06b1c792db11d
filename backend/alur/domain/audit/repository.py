"""Reads of the audit trail (appends live in chain.py)."""

from __future__ import annotations

import json
import uuid
from typing import Any

from alur.core.dbtypes import Conn
from alur.core.tenancy import flush_buffers
from alur.domain.audit.schemas import AuditEventOut

_COLS = (
    "e.seq, e.at, e.actor_id, e.actor_label, u.name as actor_name, e.action, e.entity,"
    " e.entity_id, e.case_id, e.before, e.after, e.hash"
)
_FROM = "from audit_events e left join users u on u.id = e.actor_id"


def event_out(row: Any) -> AuditEventOut:
    values = dict(row)
    for key in ("before", "after"):
        values[key] = None if values[key] is None else json.loads(values[key])
    return AuditEventOut(**values)


async def list_events(
    conn: Conn, *, entity: str, entity_id: str, limit: int, offset: int
) -> tuple[list[AuditEventOut], int]:
    await flush_buffers(conn)  # this transaction's own events too
    where = "where ($1::text = '' or e.entity = $1) and ($2::text = '' or e.entity_id = $2)"
    rows = await conn.fetch(
        f"select {_COLS} {_FROM} {where} order by e.seq desc limit $3 offset $4",
        entity,
        entity_id,
        limit,
        offset,
    )
    total = await conn.fetchval(f"select count(*) {_FROM} {where}", entity, entity_id)
    return [event_out(r) for r in rows], int(total)


async def case_events(conn: Conn, case_id: uuid.UUID) -> list[AuditEventOut]:
    await flush_buffers(conn)  # this transaction's own events too
    rows = await conn.fetch(f"select {_COLS} {_FROM} where e.case_id = $1 order by e.seq", case_id)
    return [event_out(r) for r in rows]
