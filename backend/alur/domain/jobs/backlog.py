"""The outbox's backlog across every office, for the operator's metrics (alur.core.metrics).

One aggregate over the partial indexes of unfinished and of dead jobs, so a scrape costs what
is waiting, never the done jobs kept for retention. It reads every office's rows the way the
relay does (`app.outbox_relay` on for its own transaction), as the app role.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from alur.core.clock import now
from alur.core.dbtypes import Conn
from alur.core.tenancy import app_engine
from alur.domain.jobs.outbox import RELAY_SETTING

QUERY_TIMEOUT = "2s"
"""A scrape waits no longer than this for the database; the gauges are absent otherwise."""


@dataclass(frozen=True)
class Backlog:
    due: int
    """Pending and due (run_at passed): the relay should send them within a poll."""
    scheduled: int
    """Pending with a future run_at: delayed jobs (escalation timers) and retries in backoff."""
    sent: int
    running: int
    dead: int
    oldest_due_at: dt.datetime | None
    """The earliest run_at among unfinished jobs that are due (pending, sent or running)."""


async def count_backlog(conn: Conn, moment: dt.datetime) -> Backlog:
    """Call inside a transaction with RELAY_SETTING on."""
    row = await conn.fetchrow(
        "select count(*) filter (where status = 'pending' and run_at <= $1) as due,"
        " count(*) filter (where status = 'pending' and run_at > $1) as scheduled,"
        " count(*) filter (where status = 'sent') as sent,"
        " count(*) filter (where status = 'running') as running,"
        " min(run_at) filter (where status <> 'pending' or run_at <= $1) as oldest_due_at,"
        " (select count(*) from outbox_jobs where status = 'dead') as dead"
        " from outbox_jobs where status in ('pending', 'sent', 'running')",
        moment,
    )
    assert row is not None  # noqa: S101 - an aggregate always returns a row
    return Backlog(**dict(row))


async def read_backlog() -> Backlog:
    """Every office's backlog now, as the metrics show it."""
    async with app_engine().transaction() as tx:
        conn = tx.connection
        await conn.execute(f"select set_config('{RELAY_SETTING}', 'on', true)")
        await conn.execute(f"set local statement_timeout = '{QUERY_TIMEOUT}'")
        backlog = await count_backlog(conn, now())
    return backlog
