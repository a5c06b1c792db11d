"""Writing probe jobs and reading their state, as the app role inside a tenant."""

from __future__ import annotations

import asyncio
import time
import uuid
from typing import Any

import asyncpg

from alur.core.tenancy import TenantContext
from alur.domain.jobs import outbox


async def enqueue_probes(
    app_url: str, ctx: TenantContext, count: int, **args: Any
) -> list[uuid.UUID]:
    conn = await asyncpg.connect(app_url)
    try:
        async with conn.transaction():
            await conn.execute("select set_config('app.tenant_id', $1, true)", str(ctx.tenant_id))
            ids = []
            for n in range(count):
                job = await outbox.enqueue(
                    conn, ctx, "jobs.probe", {"n": n, **args}, key=f"probe:{uuid.uuid4()}"
                )
                assert job is not None
                ids.append(job)
        return ids
    finally:
        await conn.close()


async def states(app_url: str, ctx: TenantContext, ids: list[uuid.UUID]) -> list[dict[str, Any]]:
    conn = await asyncpg.connect(app_url)
    try:
        async with conn.transaction():
            await conn.execute("select set_config('app.tenant_id', $1, true)", str(ctx.tenant_id))
            rows = await conn.fetch(
                "select id, status, attempts, sends, last_error, result::text from outbox_jobs"
                " where id = any($1::uuid[])",
                ids,
            )
        return [dict(r) for r in rows]
    finally:
        await conn.close()


async def until(
    app_url: str,
    ctx: TenantContext,
    ids: list[uuid.UUID],
    done: Any,
    within: float = 60,
) -> list[dict[str, Any]]:
    deadline = time.monotonic() + within
    found: list[dict[str, Any]] = []
    while time.monotonic() < deadline:
        found = await states(app_url, ctx, ids)
        if len(found) == len(ids) and all(done(r) for r in found):
            return found
        await asyncio.sleep(0.2)
    raise AssertionError(f"jobs did not settle: {[(r['status'], r['attempts']) for r in found]}")
