"""Appending to and verifying each tenant's audit hash chain.

An event's hash covers its content and the previous event's hash, so changing, removing or
reordering any row breaks every link after it. Appends are ordered by the row lock on the
tenant's `audit_heads` row, taken inside the business transaction: the event commits or
rolls back with the change it describes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import msgspec

from alur.core.clock import now
from alur.core.dbtypes import Conn
from alur.core.tenancy import TenantContext

GENESIS = "0" * 64


def plain(value: Any) -> Any:
    """JSON as PostgreSQL's jsonb will give it back (so the hash survives the round trip);
    msgspec structs become dicts."""
    if value is None:
        return None
    return (
        json.loads(msgspec.json.encode(value))
        if isinstance(value, msgspec.Struct)
        else (json.loads(json.dumps(value, default=str)))
    )


def _canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def event_hash(tenant_id: uuid.UUID, seq: int, prev_hash: str, fields: dict[str, Any]) -> str:
    body = {"tenant": str(tenant_id), "seq": seq, "prev": prev_hash, **fields}
    return hashlib.sha256(_canonical(body).encode()).hexdigest()


def _fields(
    at: dt.datetime,
    actor_id: uuid.UUID | None,
    actor_label: str,
    action: str,
    entity: str,
    entity_id: str | None,
    case_id: uuid.UUID | None,
    before: Any,
    after: Any,
) -> dict[str, Any]:
    return {
        "at": at.astimezone(dt.UTC).isoformat(),
        "actor": str(actor_id) if actor_id else None,
        "actor_label": actor_label,
        "action": action,
        "entity": entity,
        "entity_id": entity_id,
        "case": str(case_id) if case_id else None,
        "before": before,
        "after": after,
    }


async def record(
    conn: Conn,
    ctx: TenantContext,
    action: str,
    entity: str,
    entity_id: uuid.UUID | str | None,
    *,
    before: Any = None,
    after: Any = None,
    case_id: uuid.UUID | None = None,
    actor_label: str = "",
    at: dt.datetime | None = None,
) -> int:
    """Append one event in the caller's transaction; returns its sequence number."""
    at = (at or now()).astimezone(dt.UTC)
    actor = _actor(ctx)
    label = actor_label or ("system" if actor is None else "")
    before, after = plain(before), plain(after)
    eid = str(entity_id) if entity_id is not None else None
    head = await conn.fetchrow(
        "insert into audit_heads (tenant_id, seq, hash) values ($1, 0, $2)"
        " on conflict (tenant_id) do update set seq = audit_heads.seq returning seq, hash",
        ctx.tenant_id,
        GENESIS,
    )
    seq = int(head["seq"]) + 1
    fields = _fields(at, actor, label, action, entity, eid, case_id, before, after)
    digest = event_hash(ctx.tenant_id, seq, head["hash"], fields)
    await conn.execute(
        "with e as (insert into audit_events (tenant_id, seq, at, actor_id, actor_label, action,"
        " entity, entity_id, case_id, before, after, prev_hash, hash) values ($1, $2, $3, $4,"
        " $5, $6, $7, $8, $9, $10::jsonb, $11::jsonb, $12, $13))"
        " update audit_heads set seq = $2, hash = $13 where tenant_id = $1",
        ctx.tenant_id,
        seq,
        at,
        actor,
        label,
        action,
        entity,
        eid,
        case_id,
        None if before is None else json.dumps(before),
        None if after is None else json.dumps(after),
        head["hash"],
        digest,
    )
    return seq


def _actor(ctx: TenantContext) -> uuid.UUID | None:
    try:
        return uuid.UUID(ctx.user_id) if ctx.user_id else None
    except ValueError:
        return None


@dataclass(frozen=True)
class ChainReport:
    checked: int
    intact: bool
    first_broken_seq: int | None = None
    reason: str | None = None


async def _events(conn: Conn, batch: int = 2000) -> AsyncIterator[Any]:
    last = 0
    while True:
        rows = await conn.fetch(
            "select * from audit_events where seq > $1 order by seq limit $2", last, batch
        )
        if not rows:
            return
        for row in rows:
            yield row
        last = rows[-1]["seq"]


async def verify(conn: Conn, tenant_id: uuid.UUID) -> ChainReport:
    """Walk the chain from the start; report the first link that does not hold."""
    expected_prev, expected_seq, checked = GENESIS, 1, 0
    async for row in _events(conn):
        seq = int(row["seq"])
        if seq != expected_seq:
            return ChainReport(checked, False, expected_seq, f"event {expected_seq} is missing")
        if row["prev_hash"] != expected_prev:
            return ChainReport(checked, False, seq, "prev_hash does not match the event before")
        fields = _fields(
            row["at"],
            row["actor_id"],
            row["actor_label"],
            row["action"],
            row["entity"],
            row["entity_id"],
            row["case_id"],
            None if row["before"] is None else json.loads(row["before"]),
            None if row["after"] is None else json.loads(row["after"]),
        )
        if event_hash(tenant_id, seq, row["prev_hash"], fields) != row["hash"]:
            return ChainReport(checked, False, seq, "content does not match its hash")
        expected_prev, expected_seq, checked = row["hash"], seq + 1, checked + 1
    head = await conn.fetchrow("select seq, hash from audit_heads where tenant_id = $1", tenant_id)
    if head is not None and (int(head["seq"]) != checked or head["hash"] != expected_prev):
        return ChainReport(checked, False, checked + 1, "the chain ends before its recorded head")
    return ChainReport(checked, True)
