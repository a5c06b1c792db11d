"""Done jobs are deleted after the retention period, across offices, in batches; dead jobs
and recent ones stay. And every outbox actor stops before its lease runs out."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import asyncpg
import pytest

from alur.core.clock import now
from alur.core.settings import get_settings
from alur.core.tenancy import TenantContext
from alur.domain.jobs import outbox
from alur_workers.relay import purge_once

pytestmark = pytest.mark.integration


async def _job(owner: Any, tid: uuid.UUID, status: str, finished_days_ago: float) -> uuid.UUID:
    async with owner.transaction():
        await owner.execute("select set_config('app.tenant_id', $1, true)", str(tid))
        job = await outbox.enqueue(
            owner, TenantContext(tid, "x"), "jobs.probe", {}, key=f"retensi:{uuid.uuid4()}"
        )
        assert job is not None
        await owner.execute(
            "update outbox_jobs set status = $2, finished_at = $3 where id = $1",
            job,
            status,
            now() - dt.timedelta(days=finished_days_ago),
        )
    return job


async def test_done_jobs_past_retention_are_deleted_and_the_rest_kept(
    owner_conn: Any, app_url: str, tenant_ids: dict[str, uuid.UUID]
) -> None:
    days = get_settings().jobs.retention_days
    old = [await _job(owner_conn, tenant_ids[s], "done", days + 1) for s in ("kaltim", "lampung")]
    recent = await _job(owner_conn, tenant_ids["kaltim"], "done", days - 1)
    dead = await _job(owner_conn, tenant_ids["lampung"], "dead", days + 30)
    app = await asyncpg.connect(app_url)  # the scheduler's role, as in production
    try:
        purged = await purge_once(app)
    finally:
        await app.close()
    assert purged >= 2
    async with owner_conn.transaction():
        # Row-level security holds for the owner too: see every office's jobs, as the relay.
        await owner_conn.execute(f"select set_config('{outbox.RELAY_SETTING}', 'on', true)")
        left = await owner_conn.fetch(
            "select id from outbox_jobs where id = any($1::uuid[])", [*old, recent, dead]
        )
        await owner_conn.execute(
            "delete from outbox_jobs where id = any($1::uuid[])", [recent, dead]
        )
    assert {r["id"] for r in left} == {recent, dead}


def test_every_outbox_actor_stops_inside_the_lease() -> None:
    import alur_workers.actors  # noqa: F401 - declares the actors on the broker
    from alur_workers.broker import broker

    lease_ms = get_settings().jobs.lease_seconds * 1000
    actors = [broker.get_actor(name) for name in broker.get_declared_actors()]
    outbox_actors = [a for a in actors if "." in a.actor_name]
    assert len(outbox_actors) >= 9
    for actor in outbox_actors:
        limit = actor.options.get("time_limit")
        assert limit is not None, actor.actor_name
        assert limit < lease_ms, actor.actor_name
