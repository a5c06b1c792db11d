"""Outbox jobs on Dramatiq: a message carries only the job id and the tenant; the job's
arguments and retry state live in `outbox_jobs` (alur.domain.jobs.outbox).

Each run claims the job in its own committed transaction (so a killed worker still counts
as an attempt), then does the work and marks it done in one tenant transaction, or records
the failure for a retry with backoff. Dramatiq's own retries are off: the outbox retries.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
import uuid
from collections.abc import Awaitable, Callable
from typing import Any

import dramatiq
from dramatiq.middleware.time_limit import TimeLimitExceeded

from alur.core.dbtypes import Conn
from alur.core.logs import log_context
from alur.core.settings import get_settings
from alur.core.tenancy import TenantContext
from alur.domain.jobs import outbox
from alur_workers.metrics import record_job
from alur_workers.tenancy import job_tenant, run_job_statement, run_tenant_job

log = logging.getLogger("alur.jobs")

Handler = Callable[[Conn, TenantContext, outbox.Claimed], Awaitable[Any]]


def execute(handler: Handler, job_id: uuid.UUID, actor: str) -> str:
    """Run one delivery of a job; returns what happened (for logs and tests). Its log lines
    carry the job, actor and office; its outcome and time go to the job metrics."""
    ctx = job_tenant()
    with log_context(office=ctx.tenant_slug, job_id=str(job_id), actor=actor):
        started = time.perf_counter()
        status = "error"  # the claim or the outcome could not be written (database away)
        try:
            status = _deliver(handler, job_id, ctx)
        finally:
            record_job(actor, status, time.perf_counter() - started)
        return status


def _deliver(handler: Handler, job_id: uuid.UUID, ctx: TenantContext) -> str:
    lease = dt.timedelta(seconds=get_settings().jobs.lease_seconds)

    async def claim(conn: Conn) -> outbox.Claimed | None:
        return await outbox.claim(conn, ctx, job_id, lease)

    claimed = run_job_statement(claim)  # committed first: counted even if this worker dies
    if claimed is None:
        return "skipped"

    async def work(conn: Conn) -> None:
        result = await handler(conn, ctx, claimed)
        await outbox.finish(conn, job_id, claimed.attempts, result)

    try:
        run_tenant_job(work)
    except (Exception, TimeLimitExceeded) as exc:  # the time limit is a BaseException
        reason = f"{type(exc).__name__}: {exc}"

        async def failed(conn: Conn) -> str:
            return await outbox.fail(conn, job_id, claimed.attempts, reason)

        status = run_tenant_job(failed)
        log.warning("job %s (%s) failed, now %s: %s", job_id, claimed.actor, status, reason)
        return status
    return "done"


def outbox_actor(
    name: str, handler: Handler, *, queue: str = "default"
) -> dramatiq.Actor[[str], None]:
    """A Dramatiq actor named like the outbox row's `actor`, running `handler`."""

    def run(job_id: str) -> None:
        execute(handler, uuid.UUID(job_id), name)

    run.__name__ = name.replace(".", "_")
    decorate = dramatiq.actor(
        actor_name=name,
        queue_name=queue,
        max_retries=0,
        time_limit=get_settings().jobs.time_limit_ms,
    )
    return decorate(run)
