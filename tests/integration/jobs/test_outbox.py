"""The outbox on the real database, Redis and worker processes: jobs exist exactly when
their transaction commits, several relays never send one job twice, failures retry with
backoff and end as dead letters the platform admin sees and sends back."""

from __future__ import annotations

import asyncio
import uuid
from typing import Any

import asyncpg
import dramatiq
import pytest

from alur.core.tenancy import TenantContext
from alur.domain.jobs import outbox
from alur_workers.relay import relay_once
from tests.integration.jobs.support import enqueue_probes, states, until
from tests.isolation.harness import login_as

pytestmark = pytest.mark.integration
TEST_MAX_ATTEMPTS = 5  # tests.jobs_stack.job_env


@pytest.fixture
def kaltim(tenant_ids: dict[str, uuid.UUID]) -> TenantContext:
    return TenantContext(tenant_id=tenant_ids["kaltim"], tenant_slug="kaltim")


async def test_a_job_exists_only_if_its_transaction_commits(
    app_url: str, kaltim: TenantContext, job_processes: Any
) -> None:
    conn = await asyncpg.connect(app_url)
    key = f"probe:{uuid.uuid4()}"

    async def failing_change() -> None:
        async with conn.transaction():
            await conn.execute(
                "select set_config('app.tenant_id', $1, true)", str(kaltim.tenant_id)
            )
            await outbox.enqueue(conn, kaltim, "jobs.probe", {}, key=key)
            raise RuntimeError("the business change fails")

    try:
        with pytest.raises(RuntimeError):
            await failing_change()
        async with conn.transaction():
            await conn.execute(
                "select set_config('app.tenant_id', $1, true)", str(kaltim.tenant_id)
            )
            assert (
                await conn.fetchval(
                    "select count(*) from outbox_jobs where idempotency_key = $1", key
                )
                == 0
            )
            first = await outbox.enqueue(conn, kaltim, "jobs.probe", {"n": 7}, key=key)
            again = await outbox.enqueue(conn, kaltim, "jobs.probe", {"n": 8}, key=key)
        assert first is not None
        assert again is None, "the same key is the same job"
    finally:
        await conn.close()
    [row] = await until(app_url, kaltim, [first], lambda r: r["status"] == "done")
    assert '"n": 7' in row["result"]


class _Recorder(dramatiq.Broker):
    def __init__(self) -> None:
        super().__init__(middleware=[])
        self.sent: list[str] = []

    def enqueue(self, message: dramatiq.Message[Any], *, delay: int | None = None) -> Any:
        self.sent.append(message.args[0])
        return message


async def test_concurrent_relays_send_each_job_once(
    app_url: str, kaltim: TenantContext, job_processes: Any
) -> None:
    """Four relays race over 200 due jobs (the session's own relay is paused meanwhile)."""
    job_processes.kill("scheduler")
    try:
        ids = await enqueue_probes(app_url, kaltim, 200)
        recorders = [_Recorder() for _ in range(4)]
        conns = [await asyncpg.connect(app_url) for _ in recorders]
        try:
            for _ in range(10):
                await asyncio.gather(
                    *(relay_once(c, r, limit=25) for c, r in zip(conns, recorders, strict=True))
                )
        finally:
            for c in conns:
                await c.close()
        sent = [job for r in recorders for job in r.sent if uuid.UUID(job) in set(ids)]
        assert sorted(sent) == sorted(str(i) for i in ids), "every job once, none twice"
        assert sum(1 for r in recorders if r.sent) > 1, "the work was shared"
        rows = await states(app_url, kaltim, ids)
        assert {r["sends"] for r in rows} == {1}
    finally:
        job_processes.start("scheduler")
    await until(app_url, kaltim, ids, lambda r: r["status"] == "done", within=90)


async def test_failing_job_retries_then_is_dead_and_can_be_retried(
    client: Any, app_url: str, kaltim: TenantContext, job_processes: Any, platform_admin: Any
) -> None:
    [job] = await enqueue_probes(app_url, kaltim, 1, fail=True)
    [row] = await until(app_url, kaltim, [job], lambda r: r["status"] == "dead", within=60)
    assert row["attempts"] == TEST_MAX_ATTEMPTS
    assert "probe asked to fail" in row["last_error"]

    admin = await login_as("kaltim", kaltim.tenant_id, ())
    platform = platform_admin
    me = (await client.get("/api/me", cookies=platform.cookies)).json()
    assert "platform_admin" in me["user"]["roles"], "the SPA learns it may show the platform page"
    assert (await client.get("/api/platform/jobs/dead", cookies=admin.cookies)).status_code == 403
    dead = (await client.get("/api/platform/jobs/dead", cookies=platform.cookies)).json()
    assert str(job) in [j["id"] for j in dead["items"]], "newest first, on the first page"
    first = (await client.get("/api/platform/jobs/dead?limit=1", cookies=platform.cookies)).json()
    second = (
        await client.get("/api/platform/jobs/dead?limit=1&offset=1", cookies=platform.cookies)
    ).json()
    assert first["total"] == second["total"] == dead["total"] >= 1
    assert [j["id"] for j in first["items"] + second["items"]] == [
        j["id"] for j in dead["items"][:2]
    ], "consecutive pages continue the same newest-first order"
    too_far = await client.get("/api/platform/jobs/dead?offset=10001", cookies=platform.cookies)
    assert too_far.status_code == 400
    retried = await client.post(
        f"/api/platform/jobs/{job}/retry", cookies=platform.cookies, headers=platform.headers
    )
    assert retried.status_code == 200, retried.text
    assert retried.json()["status"] == "pending"
    twice = await client.post(
        f"/api/platform/jobs/{job}/retry", cookies=platform.cookies, headers=platform.headers
    )
    assert twice.status_code == 409
    await until(app_url, kaltim, [job], lambda r: r["status"] == "dead", within=60)


async def test_a_job_whose_worker_is_killed_every_time_ends_dead(
    app_url: str, kaltim: TenantContext, job_processes: Any
) -> None:
    [job] = await enqueue_probes(app_url, kaltim, 1, sleep=60)
    kills = 0
    for _ in range(TEST_MAX_ATTEMPTS + 2):
        try:
            [row] = await until(
                app_url,
                kaltim,
                [job],
                lambda r, k=kills: (
                    r["status"] == "dead" or (r["status"] == "running" and r["attempts"] > k)
                ),
                within=40,
            )
        except AssertionError:
            break
        if row["status"] == "dead":
            break
        job_processes.kill("worker")
        kills += 1
        job_processes.start("worker")
    [row] = await until(app_url, kaltim, [job], lambda r: r["status"] == "dead", within=40)
    assert kills == TEST_MAX_ATTEMPTS
    assert "abandoned after repeated deliveries" in row["last_error"]
