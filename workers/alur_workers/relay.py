"""The outbox relay: sends committed, due jobs to Dramatiq. Several relays may run at once
(rows are locked with SKIP LOCKED); a job is marked sent (committed) before its message goes
out, so a crash in between only delays it by a lease, and a message sent twice is absorbed by
the job's claim step."""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import threading
import time
import uuid
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

import asyncpg
import dramatiq
from dramatiq.brokers.redis import RedisBroker
from dramatiq.common import current_millis

from alur.core.clock import now
from alur.core.settings import get_settings
from alur.core.tenancy import TenantContext
from alur.domain.jobs import outbox
from alur_workers.tenancy import OPTION

log = logging.getLogger("alur.relay")


async def relay_once(conn: asyncpg.Connection, broker: dramatiq.Broker, limit: int = 200) -> int:
    """Sends up to `limit` due jobs: marks them sent and commits, then puts their messages on
    Redis. In that order, a message never reaches a worker before its row says `sent` (a
    claim that came first would see the row still `pending` and skip it, and the job would
    wait a whole lease to be sent again). A crash between the commit and the messages, or
    Redis refusing them, leaves jobs `sent` without a message: when Redis refuses, they go
    back to `pending` at once; after a crash the lease sends them again (at least once)."""
    lease = dt.timedelta(seconds=get_settings().jobs.lease_seconds)
    async with conn.transaction():
        # Bookkeeping: its commit need not wait for the disk (lost in a crash of PostgreSQL,
        # the jobs are pending again and sent again, which their claims absorb).
        await conn.execute(
            f"select set_config('{outbox.RELAY_SETTING}', 'on', true),"
            " set_config('synchronous_commit', 'off', true)"
        )
        due = await outbox.due_for_relay(conn, lease, limit)
        if due:
            await outbox.mark_sent(conn, [job["id"] for job in due])
    messages: list[dramatiq.Message[Any]] = [
        dramatiq.Message(
            queue_name=job["queue"],
            actor_name=job["actor"],
            args=(str(job["id"]),),
            kwargs={},
            options={OPTION: {"id": str(job["tenant_id"]), "slug": job["slug"]}},
        )
        for job in due
    ]
    try:
        enqueue_all(broker, messages)
    except Exception:
        async with conn.transaction():
            await conn.execute(f"select set_config('{outbox.RELAY_SETTING}', 'on', true)")
            await outbox.unsend(conn, [job["id"] for job in due])
        raise
    return len(due)


def enqueue_all(broker: dramatiq.Broker, messages: list[dramatiq.Message[Any]]) -> None:
    """`broker.enqueue` for each message. On Redis in one round trip: a pipeline of the
    broker's own enqueue script, with its middleware hooks around each message, as
    `RedisBroker.enqueue` (Dramatiq 2.2, pinned) does one round trip at a time; one by one,
    the relay spent most of its time waiting for Redis. If it fails, any of them may have
    gone (a message twice is absorbed by the claim)."""
    if not isinstance(broker, RedisBroker):
        for message in messages:
            broker.enqueue(message)
        return
    pipe = broker.client.pipeline(transaction=False)
    dispatch = broker.scripts["dispatch"]
    ready = []
    for original in messages:
        message = original.copy(options={"redis_message_id": str(uuid.uuid4())})
        broker.emit_before("enqueue", message, None)
        dispatch(
            keys=[broker.namespace],
            args=[
                "enqueue",
                current_millis(),
                message.queue_name,
                broker.broker_id,
                broker.heartbeat_timeout,
                broker.dead_message_ttl,
                broker._should_do_maintenance("enqueue"),
                broker._max_unpack_size(),  # type: ignore[no-untyped-call]
                message.options["redis_message_id"],
                message.encode(),
            ],
            client=pipe,
        )
        ready.append(message)
    pipe.execute()
    for message in ready:
        broker.emit_after("enqueue", message, None)


SWEEP_SECONDS = 30
PURGE_SECONDS = 3600


async def purge_once(conn: asyncpg.Connection) -> int:
    """Deletes done jobs past their retention, in batches; returns how many went. Without it
    every job ever run would stay in the table."""
    before = now() - dt.timedelta(days=get_settings().jobs.retention_days)
    total = 0
    while True:
        async with conn.transaction():
            await conn.execute(f"select set_config('{outbox.RELAY_SETTING}', 'on', true)")
            gone = await outbox.purge_finished(conn, before)
        total += gone
        if gone < 5000:
            return total


DIGEST_AFTER = dt.time(16, 30)  # office closing, local time

# One query per tick, across offices: which have an escalation stage due (its moment passed
# and it is still planned, i.e. not fired), and which have notifications waiting for the daily
# digest. The two functions (notifications' migrations) return office ids only, so the app role
# still sees no other office's rows; both read an index holding exactly that work.
_DUE_OFFICES = (
    "with sweep as (select escalation_due_offices($1) as id),"
    " digest as (select digest_waiting_offices() as id)"
    " select t.id, t.slug, t.time_zone, t.id in (select id from sweep) as sweep,"
    " t.id in (select id from digest) as digest from tenants t"
    " where t.status = 'active' and t.id in (select id from sweep union select id from digest)"
)


@dataclass
class Tick:
    """What one periodic round enqueued (jobs already there under the same key not counted)."""

    offices: int = 0  # offices with something due
    sweeps: int = 0
    digests: int = 0


@dataclass
class Periodic:
    """A scheduler's memory between rounds: the day each office's digests were last planned,
    so an office whose digests keep waiting after closing is not asked again every round."""

    planned: dict[uuid.UUID, str] = field(default_factory=dict)


async def enqueue_periodic(conn: asyncpg.Connection, state: Periodic | None = None) -> Tick:
    """Periodic work where work is due, not per office: an escalation sweep (every 30 s at
    most) for each office with a stage due that its delayed `escalation.check` job has not
    handled (late, lost or failed), and once a day after closing time the digest planning
    for each office with notifications waiting for it. Idempotency keys make several
    schedulers harmless."""
    state = state or Periodic()
    moment = now()
    bucket = int(moment.timestamp()) // SWEEP_SECONDS
    tick = Tick()
    for t in await conn.fetch(_DUE_OFFICES, moment):
        ctx = TenantContext(tenant_id=t["id"], tenant_slug=t["slug"])
        local = moment.astimezone(ZoneInfo(t["time_zone"]))
        day = local.date().isoformat()
        plan_digests = bool(
            t["digest"] and local.time() >= DIGEST_AFTER and state.planned.get(t["id"]) != day
        )
        if not (t["sweep"] or plan_digests):
            continue
        tick.offices += 1
        async with conn.transaction():
            await conn.execute("select set_config('app.tenant_id', $1, true)", str(t["id"]))
            if t["sweep"] and await outbox.enqueue(
                conn, ctx, "escalation.sweep", {}, key=f"sweep:{bucket}", queue="notifications"
            ):
                tick.sweeps += 1
            if plan_digests and await outbox.enqueue(
                conn,
                ctx,
                "notifications.plan_digests",
                {"day": day},
                key=f"plan_digests:{day}",
                queue="notifications",
            ):
                tick.digests += 1
        if plan_digests:
            state.planned[t["id"]] = day
    return tick


async def relay_forever(broker: dramatiq.Broker, stop: threading.Event) -> None:
    settings = get_settings()
    conn: asyncpg.Connection | None = None
    last_periodic = 0.0
    last_purge = 0.0
    periodic = Periodic()
    while not stop.is_set():
        try:
            if conn is None or conn.is_closed():
                conn = await asyncpg.connect(settings.db.app_url)
            if time.monotonic() - last_periodic >= SWEEP_SECONDS:
                await enqueue_periodic(conn, periodic)
                last_periodic = time.monotonic()
            if time.monotonic() - last_purge >= PURGE_SECONDS:
                if purged := await purge_once(conn):
                    log.info("deleted %d done job(s) past retention", purged)
                last_purge = time.monotonic()
            sent = await relay_once(conn, broker)
            if sent:
                log.info("relayed %d job(s)", sent)
                continue  # there may be more
        except Exception as exc:  # Redis or PostgreSQL away: keep trying, lose nothing
            log.warning("relay: %s: %s", type(exc).__name__, exc)
            if conn is not None:
                await conn.close(timeout=1)
                conn = None
        await asyncio.sleep(settings.jobs.relay_interval_seconds)
    if conn is not None:
        await conn.close()


def start_relay(broker: dramatiq.Broker, stop: threading.Event) -> threading.Thread:
    thread = threading.Thread(
        target=lambda: asyncio.run(relay_forever(broker, stop)), name="outbox-relay", daemon=True
    )
    thread.start()
    return thread
