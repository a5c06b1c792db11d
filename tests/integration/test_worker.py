"""A message sent through the real Redis broker is run by a real Dramatiq worker."""

from __future__ import annotations

import asyncio
import time
import uuid
from typing import Any

import asyncpg
import dramatiq
import pytest
import redis
from dramatiq import Worker

from alur.core.settings import get_settings
from alur.core.tenancy import TenantContext
from alur_workers.actors import HEARTBEAT_KEY, broker, heartbeat
from alur_workers.tenancy import job_tenant, run_tenant_job, send_for_tenant

pytestmark = pytest.mark.integration


def test_heartbeat_goes_through_redis_and_a_worker(jobs_paused: Any) -> None:
    """The session's scheduler is paused: its own heartbeats would overwrite this one's."""
    settings = get_settings()
    client = redis.Redis.from_url(settings.redis.url)
    key = settings.redis.key(HEARTBEAT_KEY)
    client.delete(key)
    sent_at = time.time()
    heartbeat.send(sent_at)
    queued = [k.decode() for k in client.keys(f"{settings.redis.prefix}:dramatiq:*")]
    assert queued, "the message is stored under our key prefix"
    worker = Worker(broker, worker_timeout=100)
    worker.start()
    try:
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and client.get(key) is None:
            time.sleep(0.1)
    finally:
        worker.stop()
    value = client.get(key)
    assert value is not None
    assert value.decode().startswith(f"{sent_at}:")


@dramatiq.actor(queue_name="test-tenancy", max_retries=0)
def _count_units_of_job_tenant(marker: str) -> None:
    """Test actor: what a job sees is decided by the tenant in its message options."""

    async def count(conn: Any) -> int:
        return int(await conn.fetchval("select count(*) from org_units"))

    try:
        seen = run_tenant_job(count)
        outcome = f"{job_tenant().tenant_slug}:{seen}"
    except RuntimeError as exc:
        outcome = f"error:{exc}"
    settings = get_settings()
    redis.Redis.from_url(settings.redis.url).set(settings.redis.key("test", marker), outcome)


def _run_until(keys: list[str], timeout: float = 20) -> dict[str, str]:
    client = redis.Redis.from_url(get_settings().redis.url)
    worker = Worker(broker, worker_timeout=100, queues={"test-tenancy"})
    worker.start()
    try:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and any(client.get(k) is None for k in keys):
            time.sleep(0.1)
    finally:
        worker.stop()
    return {k: (v.decode() if (v := client.get(k)) is not None else "") for k in keys}


def test_jobs_run_in_their_tenant_and_fail_closed_without_one(
    tenant_ids: dict[str, uuid.UUID], owner_url: str
) -> None:
    settings = get_settings()
    markers = {slug: uuid.uuid4().hex for slug in ("kaltim", "lampung", "none")}
    for slug in ("kaltim", "lampung"):
        ctx = TenantContext(tenant_id=tenant_ids[slug], tenant_slug=slug)
        send_for_tenant(_count_units_of_job_tenant, ctx, markers[slug])
    _count_units_of_job_tenant.send(markers["none"])
    keys = {slug: settings.redis.key("test", m) for slug, m in markers.items()}
    results = _run_until(list(keys.values()))

    expected = asyncio.run(_unit_counts(owner_url, tenant_ids))
    assert results[keys["kaltim"]] == f"kaltim:{expected['kaltim']}"
    assert results[keys["lampung"]] == f"lampung:{expected['lampung']}"
    assert expected["kaltim"] != expected["lampung"]
    assert results[keys["none"]].startswith("error:this job was sent without a tenant")


async def _unit_counts(owner_url: str, tenant_ids: dict[str, uuid.UUID]) -> dict[str, int]:
    conn = await asyncpg.connect(owner_url)
    try:
        counts = {}
        for slug, tid in tenant_ids.items():
            async with conn.transaction():
                await conn.execute("select set_config('app.tenant_id', $1, true)", str(tid))
                counts[slug] = await conn.fetchval("select count(*) from org_units")
        return counts
    finally:
        await conn.close()
