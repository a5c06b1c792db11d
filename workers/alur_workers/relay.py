"""The outbox relay: sends committed, due jobs to Dramatiq. Several relays may run at once
(rows are locked with SKIP LOCKED); a crash between sending and marking only means a job is
sent twice, which the job's claim step absorbs."""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import threading

import asyncpg
import dramatiq

from alur.core.settings import get_settings
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


async def relay_forever(broker: dramatiq.Broker, stop: threading.Event) -> None:
    settings = get_settings()
    conn: asyncpg.Connection | None = None
    while not stop.is_set():
        try:
            if conn is None or conn.is_closed():
                conn = await asyncpg.connect(settings.db.app_url)
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
