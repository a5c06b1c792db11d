"""Writing jobs into the outbox, and the state machine the relay and the workers drive.

A job is written in the same transaction as the change that causes it, so it exists exactly
when the change does. The relay (alur_workers.relay) sends due jobs to Dramatiq after commit;
a worker runs a job only after `claim` claims it, and `finish`/`fail` record the outcome.

    pending --relay--> sent --claim--> running --finish--> done
                                          \\--fail--> pending (run_at + backoff) | dead
    sent/running older than the lease --relay--> sent again (a lost message or killed worker)
    dead --platform admin retry--> pending

Every delivery counts as an attempt, including one whose worker was killed, so a job that
keeps killing its worker also ends dead instead of looping.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from dataclasses import dataclass
from typing import Any

from alur.core.clock import now
from alur.core.dbtypes import Conn
from alur.core.settings import get_settings
from alur.core.tenancy import TenantContext


def max_attempts() -> int:
    return get_settings().jobs.max_attempts


RELAY_SETTING = "app.outbox_relay"


def backoff(attempts: int) -> dt.timedelta:
    """The base wait (1 s), doubled per attempt, capped at 5 minutes."""
    base = get_settings().jobs.backoff_seconds
    return dt.timedelta(seconds=min(base * 2 ** max(attempts - 1, 0), 300))


async def enqueue(
    conn: Conn,
    ctx: TenantContext,
    actor: str,
    args: dict[str, Any],
    *,
    key: str,
    queue: str = "default",
    run_at: dt.datetime | None = None,
) -> uuid.UUID | None:
    """Record a job in the caller's transaction; the same key twice is one job (returns None
    the second time)."""
    created_by: uuid.UUID | None
    try:
        created_by = uuid.UUID(ctx.user_id) if ctx.user_id else None
    except ValueError:
        created_by = None
    value = await conn.fetchval(
        "insert into outbox_jobs (tenant_id, actor, queue, args, idempotency_key, run_at,"
        " created_by) values ($1, $2, $3, $4::jsonb, $5, $6, $7)"
        " on conflict (tenant_id, idempotency_key) do nothing returning id",
        ctx.tenant_id,
        actor,
        queue,
        json.dumps(args, default=str),
        key,
        run_at or now(),
        created_by,
    )
    return uuid.UUID(str(value)) if value else None


@dataclass(frozen=True)
class NewJob:
    """One job for `enqueue_many` (the arguments of `enqueue`)."""

    actor: str
    args: dict[str, Any]
    key: str
    queue: str = "default"
    run_at: dt.datetime | None = None


async def enqueue_many(conn: Conn, ctx: TenantContext, jobs: list[NewJob]) -> int:
    """`enqueue` for many jobs in one statement; keys already there are skipped as by
    `enqueue`. Returns how many were new."""
    if not jobs:
        return 0
    created_by: uuid.UUID | None
    try:
        created_by = uuid.UUID(ctx.user_id) if ctx.user_id else None
    except ValueError:
        created_by = None
    moment = now()
    status = await conn.execute(
        "insert into outbox_jobs (tenant_id, actor, queue, args, idempotency_key, run_at,"
        " created_by) select $1, j.actor, j.queue, j.args::jsonb, j.key, j.run_at, $7"
        " from unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::timestamptz[])"
        " as j(actor, queue, args, key, run_at)"
        " on conflict (tenant_id, idempotency_key) do nothing",
        ctx.tenant_id,
        [j.actor for j in jobs],
        [j.queue for j in jobs],
        [json.dumps(j.args, default=str) for j in jobs],
        [j.key for j in jobs],
        [j.run_at or moment for j in jobs],
        created_by,
    )
    return int(str(status).rsplit(" ", 1)[-1])


@dataclass(frozen=True)
class Claimed:
    job_id: uuid.UUID
    actor: str
    args: dict[str, Any]
    attempts: int


async def claim(
    conn: Conn, ctx: TenantContext, job_id: uuid.UUID, lease: dt.timedelta
) -> Claimed | None:
    """Claim a delivered job for this run, in one statement that is its own transaction
    (`outbox_claim`, committed before the work, without waiting for the WAL flush): call it
    outside any transaction. None when the job is done, dead, waiting for a retry (a stale
    duplicate message), or running elsewhere within its lease. The relay commits 'sent' before
    it puts the message on the broker, so a first delivery always finds the row 'sent'."""
    moment = now()
    row = await conn.fetchrow(
        "select claimed_actor, claimed_args, claimed_attempts from outbox_claim($1, $2, $3, $4)",
        job_id,
        ctx.tenant_id,
        moment,
        moment - lease,
    )
    if row is None:
        return None
    attempts = int(row["claimed_attempts"])
    if attempts > max_attempts():
        async with conn.transaction():
            await conn.execute("select set_config('app.tenant_id', $1, true)", str(ctx.tenant_id))
            await conn.execute(
                "update outbox_jobs set status = 'dead', finished_at = $2, last_error ="
                " last_error || ' (abandoned after repeated deliveries)' where id = $1",
                job_id,
                moment,
            )
        return None
    return Claimed(job_id, row["claimed_actor"], json.loads(row["claimed_args"]), attempts)


class LeaseLostError(RuntimeError):
    """Another run claimed the job after this run's lease ran out; this run's work must not
    count (its transaction rolls back)."""


async def finish(conn: Conn, job_id: uuid.UUID, attempt: int, result: Any = None) -> None:
    """In the job's own work transaction: done with it, or not at all. Fenced by the
    attempt number the claim returned, so only the latest run can finish the job."""
    status = await conn.execute(
        "update outbox_jobs set status = 'done', finished_at = $2, progress = 100,"
        " result = $3::jsonb where id = $1 and status = 'running' and attempts = $4",
        job_id,
        now(),
        None if result is None else json.dumps(result, default=str),
        attempt,
    )
    if status.endswith(" 0"):
        raise LeaseLostError(f"job {job_id} was claimed again after attempt {attempt}")


async def fail(conn: Conn, job_id: uuid.UUID, attempt: int, error: str) -> str:
    """Back to pending after a backoff, or dead after max_attempts(); returns the new status
    ('superseded' when a later run owns the job now, which this leaves alone)."""
    moment = now()
    current = await conn.fetchrow(
        "select status, attempts from outbox_jobs where id = $1 for update", job_id
    )
    if current is None or current["status"] != "running" or current["attempts"] != attempt:
        return "superseded"
    attempts = attempt
    dead = attempts >= max_attempts()
    await conn.execute(
        "update outbox_jobs set status = $2::varchar, last_error = $3, run_at = $4,"
        " finished_at = case when $2::varchar = 'dead' then $5::timestamptz end where id = $1",
        job_id,
        "dead" if dead else "pending",
        error[:4000],
        moment + backoff(attempts),
        moment,
    )
    return "dead" if dead else "pending"


async def progress(conn: Conn, job_id: uuid.UUID, percent: int) -> None:
    await conn.execute(
        "update outbox_jobs set progress = $2 where id = $1", job_id, max(0, min(percent, 99))
    )


async def due_for_relay(conn: Conn, lease: dt.timedelta, limit: int = 200) -> list[dict[str, Any]]:
    """Due pending jobs, and sent/running ones whose lease ran out, locked so that several
    relays never send the same job at once. Call inside a transaction with RELAY_SETTING on."""
    moment = now()
    rows = await conn.fetch(
        "select j.id, j.tenant_id, t.slug, j.actor, j.queue from outbox_jobs j"
        # A suspended office's jobs wait, except the archive of its data.
        " join tenants t on t.id = j.tenant_id"
        " and (t.status = 'active' or j.actor = 'exports.office_archive')"
        " where (j.status = 'pending' and j.run_at <= $1)"
        " or (j.status = 'sent' and j.sent_at < $2)"
        " or (j.status = 'running' and j.started_at < $2)"
        " order by j.run_at limit $3 for update of j skip locked",
        moment,
        moment - lease,
        limit,
    )
    return [dict(r) for r in rows]


async def purge_finished(conn: Conn, before: dt.datetime, limit: int = 5000) -> int:
    """Deletes up to `limit` done jobs that finished before `before` (every office's: call
    inside a transaction with RELAY_SETTING on). Dead jobs stay for the platform admin. Rows
    another scheduler is deleting are skipped, so two schedulers never deadlock on a purge."""
    result = await conn.execute(
        "delete from outbox_jobs where id in (select id from outbox_jobs where status = 'done'"
        " and finished_at < $1 limit $2 for update skip locked)",
        before,
        limit,
    )
    return int(str(result).rsplit(" ", 1)[-1])


async def mark_sent(conn: Conn, ids: list[uuid.UUID]) -> None:
    await conn.execute(
        "update outbox_jobs set status = 'sent', sent_at = $2, sends = sends + 1"
        " where id = any($1::uuid[])",
        ids,
        now(),
    )


async def unsend(conn: Conn, ids: list[uuid.UUID]) -> None:
    """Jobs marked sent whose messages the broker refused: pending again, for the next relay
    round (one a worker claimed meanwhile is left alone). RELAY_SETTING on."""
    await conn.execute(
        "update outbox_jobs set status = 'pending', sent_at = null"
        " where id = any($1::uuid[]) and status = 'sent'",
        ids,
    )
