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
from alur.core.tenancy import TenantContext, commit_buffer, flush_buffers

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


def event_fields(
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
) -> None:
    """Append one event in the caller's transaction. Inside tenant_transaction the event is
    written at its end, just before commit, with the rest of the transaction's events: the
    office's chain head is locked only for that write, not from the first audited change on
    (it commits or rolls back with the change all the same)."""
    at = (at or now()).astimezone(dt.UTC)
    actor = _actor(ctx)
    label = actor_label or ("system" if actor is None else "")
    before, after = plain(before), plain(after)
    eid = str(entity_id) if entity_id is not None else None
    fields = event_fields(at, actor, label, action, entity, eid, case_id, before, after)
    event = (ctx.tenant_id, at, actor, case_id, fields)
    pending = commit_buffer(conn, "audit", _append)
    if pending is None:
        await _append(conn, [event])
    else:
        pending.append(event)


async def _append(conn: Conn, events: list[Any]) -> None:
    """One head lock per office for the whole batch, one insert, one head update."""
    by_tenant: dict[uuid.UUID, list[Any]] = {}
    for event in events:
        by_tenant.setdefault(event[0], []).append(event)
    for tenant_id, batch in by_tenant.items():
        head = await conn.fetchrow(
            "insert into audit_heads (tenant_id, seq, hash) values ($1, 0, $2)"
            " on conflict (tenant_id) do update set seq = audit_heads.seq returning seq, hash",
            tenant_id,
            GENESIS,
        )
        seq, prev = int(head["seq"]), str(head["hash"])
        rows = []
        for _, at, actor, case_id, fields in batch:
            seq += 1
            digest = event_hash(tenant_id, seq, prev, fields)
            rows.append(
                (
                    tenant_id,
                    seq,
                    at,
                    actor,
                    fields["actor_label"],
                    fields["action"],
                    fields["entity"],
                    fields["entity_id"],
                    case_id,
                    None if fields["before"] is None else json.dumps(fields["before"]),
                    None if fields["after"] is None else json.dumps(fields["after"]),
                    prev,
                    digest,
                )
            )
            prev = digest
        await conn.executemany(
            "insert into audit_events (tenant_id, seq, at, actor_id, actor_label, action,"
            " entity, entity_id, case_id, before, after, prev_hash, hash) values ($1, $2, $3,"
            " $4, $5, $6, $7, $8, $9, $10::jsonb, $11::jsonb, $12, $13)",
            rows,
        )
        await conn.execute(
            "update audit_heads set seq = $2, hash = $3 where tenant_id = $1", tenant_id, seq, prev
        )


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


async def _events(conn: Conn, after: int, batch: int = 2000) -> AsyncIterator[Any]:
    last = after
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
    """Walk the chain from the start; report the first link that does not hold.

    Events committed while the walk runs move the head on: the walk then goes on from where
    it stopped until it meets the head, so a busy office is not reported broken, while a
    head behind the events (or before them) still is."""
    await flush_buffers(conn)
    expected_prev, expected_seq, checked = GENESIS, 1, 0
    for _ in range(10):
        async for row in _events(conn, checked):
            seq = int(row["seq"])
            if seq != expected_seq:
                return ChainReport(checked, False, expected_seq, f"event {expected_seq} is missing")
            if row["prev_hash"] != expected_prev:
                return ChainReport(checked, False, seq, "prev_hash does not match the event before")
            fields = event_fields(
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
        head = await conn.fetchrow(
            "select seq, hash from audit_heads where tenant_id = $1", tenant_id
        )
        if head is None or int(head["seq"]) <= checked:
            break  # else: events were committed since the walk began; walk on to them
    if head is not None and (int(head["seq"]) != checked or head["hash"] != expected_prev):
        return ChainReport(checked, False, checked + 1, "the chain ends before its recorded head")
    return ChainReport(checked, True)
