"""`jobs.probe`: an outbox job that completes, or waits, or fails when its arguments say so.
It exercises the job pipeline itself (tests, the throughput benchmark, operators checking a
deployment) without touching any business data."""

from __future__ import annotations

import asyncio
from typing import Any

from alur.core.dbtypes import Conn
from alur.core.tenancy import TenantContext
from alur.domain.jobs.outbox import Claimed


class ProbeFailedError(RuntimeError):
    pass


async def probe(conn: Conn, ctx: TenantContext, job: Claimed) -> dict[str, Any]:
    if job.args.get("sleep"):
        await asyncio.sleep(float(job.args["sleep"]))
    if job.args.get("fail"):
        raise ProbeFailedError("probe asked to fail")
    return {"n": job.args.get("n"), "attempt": job.attempts}
