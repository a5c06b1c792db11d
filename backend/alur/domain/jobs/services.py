"""Reading jobs: a user polls the jobs they started (exports); the platform admin sees the
dead letters of every office and sends them back."""

from __future__ import annotations

import json
import uuid
from typing import Any

from alur.core.errors import ConflictError, NotFoundError
from alur.core.tenancy import TenantContext, app_engine, tenant_transaction
from alur.domain.audit.chain import record
from alur.domain.jobs.schemas import JobOut, JobPage

_SELECT = (
    "select j.id, t.slug as tenant, j.actor, j.status, j.attempts, j.sends, j.last_error,"
    " j.progress, j.result, j.run_at, j.created_at, j.finished_at"
    " from outbox_jobs j join tenants t on t.id = j.tenant_id"
)


def _out(row: Any) -> JobOut:
    values = dict(row)
    values["result"] = None if values["result"] is None else json.loads(values["result"])
    return JobOut(**values)


async def my_job(ctx: TenantContext, job_id: uuid.UUID) -> JobOut:
    async with tenant_transaction(ctx) as tx:
        row = await tx.connection.fetchrow(
            _SELECT + " where j.id = $1 and j.created_by::text = $2",
            job_id,
            ctx.user_id or "",
        )
    if row is None:
        raise NotFoundError("Pekerjaan")
    return _out(row)


async def _tenants() -> list[TenantContext]:
    async with app_engine().transaction() as tx:
        rows = await tx.connection.fetch("select id, slug from tenants order by slug")
    return [TenantContext(tenant_id=r["id"], tenant_slug=r["slug"]) for r in rows]


async def dead_letters(limit: int, offset: int = 0) -> JobPage:
    """Each office's dead jobs, read in that office's own context, newest first; a page of
    the merged list needs each office's first `offset + limit`."""
    items: list[JobOut] = []
    total = 0
    for ctx in await _tenants():
        async with tenant_transaction(ctx) as tx:
            rows = await tx.connection.fetch(
                _SELECT + " where j.status = 'dead'"
                " order by j.finished_at desc nulls last, j.id desc limit $1",
                limit + offset,
            )
            total += int(
                await tx.connection.fetchval(
                    "select count(*) from outbox_jobs where status = 'dead'"
                )
            )
        items += [_out(r) for r in rows]
    # The same order as each office's query, so pages neither repeat nor skip a job.
    items.sort(key=lambda j: (j.finished_at is not None, j.finished_at, str(j.id)), reverse=True)
    return JobPage(items=items[offset : offset + limit], total=total)


async def retry_dead(job_id: uuid.UUID, *, acting_user: str, acting_tenant: str) -> JobOut:
    for ctx in await _tenants():
        async with tenant_transaction(ctx) as tx:
            row = await tx.connection.fetchrow(
                "update outbox_jobs set status = 'pending', attempts = 0, run_at = now(),"
                " finished_at = null where id = $1 and status = 'dead' returning id",
                job_id,
            )
            if row is None:
                exists = await tx.connection.fetchval(
                    "select status from outbox_jobs where id = $1", job_id
                )
                if exists is not None:
                    raise ConflictError(f"pekerjaan ini berstatus {exists}, bukan dead")
                continue
            await record(
                tx.connection,
                ctx,
                "jobs.retried",
                "job",
                job_id,
                before={"status": "dead"},
                after={"status": "pending"},
                actor_label=f"platform_admin {acting_tenant}:{acting_user}",
            )
            out = await tx.connection.fetchrow(
                _SELECT + " where j.id = $1",
                job_id,
            )
            return _out(out)
    raise NotFoundError("Pekerjaan")
