"""Fault tests: the job pipeline loses nothing and does nothing twice when a worker is
SIGKILLed mid-job, Redis restarts under load, or S3 is unreachable for a while. Each runs
against real processes; `tests/benchmarks/fault_rounds.py` repeats them 100 times."""

from __future__ import annotations

import asyncio
import hashlib
import uuid
from typing import Any

import pytest

from alur.core.settings import get_settings
from alur.core.storage import get_storage
from alur.core.tenancy import TenantContext
from tests.faults import PrivateRedis, Proxy
from tests.integration.cases.support import Person, publish_with_performers
from tests.integration.jobs.support import enqueue_probes, until
from tests.jobs_stack import JobProcesses, job_env

pytestmark = pytest.mark.integration

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


@pytest.fixture
def own_processes(jobs_paused: Any) -> Any:
    """Only the test's own processes run (the session's are paused)."""
    started: list[JobProcesses] = []
    yield started
    for procs in started:
        procs.stop_all()


async def _case(client: Any, office: Any) -> tuple[Person, str, uuid.UUID]:
    admin, staff = await office("lampung")
    sop = await publish_with_performers(client, admin, "003-02", {})
    stf = await staff("staf-sub-bagian-umum-dan-kepegawaian")
    case = await client.post(
        "/api/cases",
        json={"sop_id": sop["id"], "subject": "Uji gangguan"},
        cookies=stf.who.cookies,
        headers=stf.who.headers,
    )
    assert case.status_code == 201, case.text
    return stf, str(case.json()["id"]), uuid.UUID(case.json()["id"])


async def _upload(client: Any, who: Person, case_id: str, n: int) -> str:
    body = PDF + f"%{n}\n".encode()
    response = await client.post(
        f"/api/cases/{case_id}/documents",
        params={"name": f"lampiran-{n}.pdf", "sha256": hashlib.sha256(body).hexdigest()},
        content=body,
        cookies=who.who.cookies,
        headers=who.who.headers,
    )
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


async def _documents(client: Any, who: Person, case_id: str) -> dict[str, dict[str, Any]]:
    docs = (await client.get(f"/api/cases/{case_id}/documents", cookies=who.who.cookies)).json()
    return {d["id"]: d for d in docs}


async def _owner_jobs(owner_conn: Any, tenant_id: uuid.UUID, doc_ids: list[str]) -> list[Any]:
    async with owner_conn.transaction():
        await owner_conn.execute("select set_config('app.tenant_id', $1, true)", str(tenant_id))
        return list(
            await owner_conn.fetch(
                "select args->>'document_id' as doc, status, attempts, last_error from outbox_jobs"
                " where actor = 'documents.verify' and args->>'document_id' = any($1::text[])",
                doc_ids,
            )
        )


def _final_objects(case_id: str) -> list[str]:
    prefix = f"tenants/lampung/cases/{case_id}/"
    return [
        o.object_name
        for o in get_storage().list_objects(get_settings().s3.bucket, prefix=prefix, recursive=True)
    ]


async def test_worker_killed_mid_document_job_still_ends_available_once(
    client: Any,
    office: Any,
    owner_conn: Any,
    tenant_ids: dict[str, uuid.UUID],
    own_processes: list[JobProcesses],
) -> None:
    """Five rounds of four uploads: each first attempt copies the object, then pauses before
    committing; the worker is SIGKILLed right there and started again."""
    procs = JobProcesses(job_env(ALUR_FAULTS="documents.after_copy=60@1"))
    own_processes.append(procs)
    procs.start("scheduler")
    stf, case_id, _ = await _case(client, office)
    killed = 0
    all_docs: list[str] = []
    for round_ in range(5):
        docs = [await _upload(client, stf, case_id, round_ * 4 + i) for i in range(4)]
        all_docs += docs
        procs.start("worker")
        for _ in range(300):
            jobs = await _owner_jobs(owner_conn, tenant_ids["lampung"], docs)
            if len(jobs) == 4 and all(j["status"] == "running" for j in jobs):
                break
            await asyncio.sleep(0.1)
        else:
            raise AssertionError(f"round {round_}: jobs never all paused mid-way: {jobs}")
        await asyncio.sleep(0.3)  # inside the pause: object copied, nothing committed
        procs.kill("worker")
        killed += len(docs)
    procs.start("worker")
    for _ in range(600):
        found = await _documents(client, stf, case_id)
        if all(found[d]["status"] != "quarantine" for d in all_docs):
            break
        await asyncio.sleep(0.1)
    found = await _documents(client, stf, case_id)
    assert killed == 20
    assert [found[d]["status"] for d in all_docs] == ["available"] * 20
    objects = _final_objects(case_id)
    assert sorted(objects) == sorted(set(objects))
    assert len(objects) == 20, "one object per document, no duplicates"
    jobs = await _owner_jobs(owner_conn, tenant_ids["lampung"], all_docs)
    assert all(j["status"] == "done" and j["attempts"] >= 2 for j in jobs)


async def test_redis_restarts_under_load_lose_no_committed_job(
    app_url: str, tenant_ids: dict[str, uuid.UUID], own_processes: list[JobProcesses]
) -> None:
    redis = PrivateRedis()
    redis.start()
    procs = JobProcesses(job_env(REDIS_URL=redis.url))
    own_processes.append(procs)
    procs.start("worker")
    procs.start("scheduler")
    ctx = TenantContext(tenant_id=tenant_ids["kaltim"], tenant_slug="kaltim")
    try:
        ids = await enqueue_probes(app_url, ctx, 400, sleep=0.15)
        await asyncio.sleep(0.5)  # under way
        for _ in range(20):  # twenty restarts while the 400 jobs (~15 s of work) run
            redis.kill()
            await asyncio.sleep(0.3)
            redis.start()
            await asyncio.sleep(0.7)
        rows = await until(app_url, ctx, ids, lambda r: r["status"] == "done", within=120)
    finally:
        procs.stop_all()
        redis.kill()
    assert len(rows) == 400


async def test_s3_unreachable_for_a_while_then_every_document_once(
    client: Any,
    office: Any,
    owner_conn: Any,
    tenant_ids: dict[str, uuid.UUID],
    own_processes: list[JobProcesses],
) -> None:
    """Twenty uploads while the worker's S3 is unreachable: retries, then all available,
    one object each."""
    host, port = get_settings().s3.endpoint.split(":")
    proxy = Proxy(host, int(port))
    # Each attempt spends ~6 s in the S3 client's own connection retries: a longer lease and
    # the production number of attempts keep those slow failures from looking like dead runs.
    procs = JobProcesses(
        job_env(
            S3_ENDPOINT=f"127.0.0.1:{proxy.port}",
            ALUR_JOB_LEASE_SECONDS="60",
            ALUR_JOB_MAX_ATTEMPTS="10",
        )
    )
    own_processes.append(procs)
    try:
        stf, case_id, _ = await _case(client, office)
        docs = [await _upload(client, stf, case_id, n) for n in range(20)]
        procs.start("worker")
        procs.start("scheduler")
        for _ in range(1500):
            jobs = await _owner_jobs(owner_conn, tenant_ids["lampung"], docs)
            if len(jobs) == 20 and all(j["last_error"] for j in jobs):
                break
            await asyncio.sleep(0.1)
        else:
            raise AssertionError("the outage was never noticed")
        proxy.up()
        for _ in range(900):
            found = await _documents(client, stf, case_id)
            if all(found[d]["status"] != "quarantine" for d in docs):
                break
            await asyncio.sleep(0.1)
    finally:
        proxy.close()
    found = await _documents(client, stf, case_id)
    assert [found[d]["status"] for d in docs] == ["available"] * 20
    assert len(_final_objects(case_id)) == 20
    jobs = await _owner_jobs(owner_conn, tenant_ids["lampung"], docs)
    assert all(j["attempts"] >= 2 for j in jobs), "each one failed before it succeeded"
