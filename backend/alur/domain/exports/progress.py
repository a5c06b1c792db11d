"""Progress a long job reports while it runs: written on a connection of its own, so the SPA
sees it before the job's transaction commits."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager

import asyncpg

from alur.core.settings import get_settings
from alur.core.tenancy import TenantContext
from alur.domain.jobs import outbox

Report = Callable[[int], Awaitable[None]]


@asynccontextmanager
async def progress_reporter(ctx: TenantContext, job_id: uuid.UUID) -> AsyncIterator[Report]:
    conn = await asyncpg.connect(get_settings().db.app_url)

    async def report(percent: int) -> None:
        async with conn.transaction():
            await conn.execute("select set_config('app.tenant_id', $1, true)", str(ctx.tenant_id))
            await outbox.progress(conn, job_id, percent)

    try:
        yield report
    finally:
        await conn.close()
