"""The outbox relay: sends committed, due jobs to Dramatiq. Several relays may run at once
(rows are locked with SKIP LOCKED); a crash between sending and marking only means a job is
sent twice, which the job's claim step absorbs."""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import threading
import time
from zoneinfo import ZoneInfo

import asyncpg
import dramatiq

from alur.core.clock import now
from alur.core.settings import get_settings
from alur.core.tenancy import TenantContext
from alur.domain.jobs import outbox
from alur_workers.tenancy import OPTION

log = logging.getLogger("alur.relay")


async def relay_once(conn: asyncpg.Connection, broker: dramatiq.Broker, limit: int = 200) -> int:
    lease = dt.timedelta(seconds=get_settings().jobs.lease_seconds)
    async with conn.transaction():
        await conn.execute(f"select set_config('{outbox.RELAY_SETTING}', 'on', true)")
        due = await outbox.due_for_relay(conn, lease, limit)
        for job in due:
            broker.enqueue(
                dramatiq.Message(
                    queue_name=job["queue"],
                    actor_name=job["actor"],
                    args=(str(job["id"]),),
                    kwargs={},
                    options={OPTION: {"id": str(job["tenant_id"]), "slug": job["slug"]}},
                )
            )
        if due:
            await outbox.mark_sent(conn, [job["id"] for job in due])
    return len(due)


SWEEP_SECONDS = 30
PURGE_SECONDS = 3600


async def purge_once(conn: asyncpg.Connection) -> int:
    """Deletes done jobs past their retention, in batches; returns how many went. Without it
    the 30 s sweeps alone would add about 2,880 rows per office per day."""
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


async def enqueue_periodic(conn: asyncpg.Connection) -> None:
    """Per office: the escalation sweep every 30 s, and once a day after closing time the
    digest planning. Idempotency keys make several schedulers harmless."""
    moment = now()
    bucket = int(moment.timestamp()) // SWEEP_SECONDS
    tenants = await conn.fetch("select id, slug, time_zone from tenants")
    for t in tenants:
        ctx = TenantContext(tenant_id=t["id"], tenant_slug=t["slug"])
        local = moment.astimezone(ZoneInfo(t["time_zone"]))
        async with conn.transaction():
            await conn.execute("select set_config('app.tenant_id', $1, true)", str(t["id"]))
            await outbox.enqueue(
                conn, ctx, "escalation.sweep", {}, key=f"sweep:{bucket}", queue="notifications"
            )
            if local.time() >= DIGEST_AFTER:
                day = local.date().isoformat()
                await outbox.enqueue(
                    conn,
                    ctx,
                    "notifications.plan_digests",
                    {"day": day},
                    key=f"plan_digests:{day}",
                    queue="notifications",
                )


async def relay_forever(broker: dramatiq.Broker, stop: threading.Event) -> None:
    settings = get_settings()
    conn: asyncpg.Connection | None = None
    last_periodic = 0.0
    last_purge = 0.0
    while not stop.is_set():
        try:
            if conn is None or conn.is_closed():
                conn = await asyncpg.connect(settings.db.app_url)
            if time.monotonic() - last_periodic >= SWEEP_SECONDS:
                await enqueue_periodic(conn)
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
