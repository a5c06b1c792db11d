"""The job pipeline's speed on the test stack (run: set -a; source .data/test/env; set +a;
python tests/benchmarks/bench_jobs.py -n 2000).

1. Raw Dramatiq: N messages to a no-op actor, one worker with 4 threads in this process.
   This is the baseline: what the broker and worker alone can do here.
2. Outbox-relayed: N `jobs.probe` jobs written to the outbox, sent by the relay (the
   scheduler process) and run by a worker process with 4 threads: claim, work and finish
   are each a transaction, so this shows what exactly-once bookkeeping costs.
3. Escalation sweep: 100,000 open tasks of which 1% just became overdue; the time one sweep
   takes to find and escalate them (notifications and audit events included).
Everything the script creates is removed afterwards, except audit events (append-only).
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import os
import sys
import time
import uuid
from pathlib import Path

import asyncpg
import dramatiq
from dramatiq import Worker

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))  # run as a file, the repository's `tests` package is not on the path

from alur.core.clock import now  # noqa: E402
from alur.core.tenancy import TenantContext  # noqa: E402
from alur.domain.calendar.services import calendar_for  # noqa: E402
from alur.domain.notifications.escalation import sweep  # noqa: E402
from alur.domain.notifications.repository import escalation_settings  # noqa: E402
from alur_workers.actors import broker  # noqa: E402
from tests.integration.jobs.support import enqueue_probes, states  # noqa: E402
from tests.jobs_stack import JobProcesses, job_env  # noqa: E402

DONE: list[float] = []


@dramatiq.actor(queue_name="bench-noop", max_retries=0)
def bench_noop() -> None:
    DONE.append(time.monotonic())


def raw_dramatiq(n: int) -> float:
    DONE.clear()
    for _ in range(n):
        bench_noop.send()
    worker = Worker(broker, queues={"bench-noop"}, worker_threads=4)
    started = time.monotonic()
    worker.start()
    try:
        while len(DONE) < n:
            time.sleep(0.01)
    finally:
        worker.stop()
    return n / (max(DONE) - started)


async def outbox_relayed(n: int, ctx: TenantContext) -> float:
    app_url = os.environ["ALUR_DATABASE_APP_URL"]
    ids = await enqueue_probes(app_url, ctx, n)
    procs = JobProcesses(job_env())
    procs.start("worker")
    started = time.monotonic()
    procs.start("scheduler")
    try:
        while True:
            rows = await states(app_url, ctx, ids)
            if all(r["status"] == "done" for r in rows):
                break
            await asyncio.sleep(0.1)
        return n / (time.monotonic() - started)
    finally:
        procs.stop_all()


async def sweep_100k(ctx: TenantContext, total: int, overdue: int) -> tuple[float, int]:
    owner = await asyncpg.connect(os.environ["ALUR_DATABASE_OWNER_URL"])
    app = await asyncpg.connect(os.environ["ALUR_DATABASE_APP_URL"])
    marker = f"bench-{uuid.uuid4().hex[:8]}"
    try:
        async with owner.transaction():
            await owner.execute("select set_config('app.tenant_id', $1, true)", str(ctx.tenant_id))
            ref = await owner.fetchrow(
                "select v.id as version_id, v.sop_id, p.id as position_id, p.unit_id, u.id as user_id"
                " from catalogue_versions v, org_positions p, users u"
                " where p.code = 'staf-sub-bagian-umum-dan-kepegawaian' limit 1"
            )
            moment = now()
            await owner.execute(
                "insert into cases (tenant_id, number, sop_id, version_id, unit_id, subject,"
                " status, started_by, started_at) select $1, $2 || '-' || g, $3, $4, $5, $2,"
                " 'open', $6, $7 from generate_series(1, $8) g",
                ctx.tenant_id,
                marker,
                ref["sop_id"],
                ref["version_id"],
                ref["unit_id"],
                ref["user_id"],
                moment - dt.timedelta(hours=1),
                total,
            )
            await owner.execute(
                "insert into tasks (tenant_id, case_id, step_position, step_kind, activity,"
                " position_id, status, activated_at, due_at, at_risk_at) select $1, c.id, 1,"
                " 'process', 'Uji sapu', $2, 'active', $3::timestamptz, $4::timestamptz,"
                " $4::timestamptz from cases c where c.subject = $5",
                ctx.tenant_id,
                ref["position_id"],
                moment - dt.timedelta(hours=1),
                moment + dt.timedelta(hours=2),
                marker,
            )
            await owner.execute(
                "insert into task_escalation_plans (tenant_id, task_id, stage, falls_at)"
                " select $1, t.id, 'due', case when row_number() over () <= $3"
                " then $2::timestamptz + interval '30 minutes'"
                " else $2::timestamptz + interval '1 day 3 hours' end"
                " from tasks t join cases c on c.id = t.case_id where c.subject = $4",
                ctx.tenant_id,
                moment - dt.timedelta(hours=1),
                overdue,
                marker,
            )
        await owner.execute("analyze tasks")
        await owner.execute("analyze task_escalation_plans")
        async with app.transaction():
            await app.execute("select set_config('app.tenant_id', $1, true)", str(ctx.tenant_id))
            cal = await calendar_for(app, ctx.tenant_id)
            settings = await escalation_settings(app, ctx.tenant_id)
            started = time.monotonic()
            fired = await sweep(app, ctx, now(), cal, settings)
            took = time.monotonic() - started
        return took, fired
    finally:
        async with owner.transaction():
            await owner.execute("select set_config('app.tenant_id', $1, true)", str(ctx.tenant_id))
            await owner.execute(
                "delete from notifications where case_id in (select id from cases where subject = $1)",
                marker,
            )
            await owner.execute(
                "delete from outbox_jobs where actor = 'escalation.check' and args->>'task_id' in"
                " (select t.id::text from tasks t join cases c on c.id = t.case_id"
                " where c.subject = $1)",
                marker,
            )
            await owner.execute(
                "delete from tasks where case_id in (select id from cases where subject = $1)",
                marker,
            )
            await owner.execute("delete from cases where subject = $1", marker)
        await owner.close()
        await app.close()


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("-n", type=int, default=2000, help="jobs for the throughput runs")
    parser.add_argument("--tasks", type=int, default=100_000)
    args = parser.parse_args()
    owner = await asyncpg.connect(os.environ["ALUR_DATABASE_OWNER_URL"])
    tenant = await owner.fetchrow("select id, slug from tenants where slug = 'lampung'")
    await owner.close()
    ctx = TenantContext(tenant_id=tenant["id"], tenant_slug=tenant["slug"])

    raw = await asyncio.to_thread(raw_dramatiq, args.n)
    relayed = await outbox_relayed(args.n, ctx)
    print(f"raw Dramatiq no-op actor, 4 threads:       {raw:8.0f} jobs/s (baseline)")
    print(
        f"outbox-relayed probe jobs, 4 threads:      {relayed:8.0f} jobs/s"
        f" = {relayed / raw:.3f} x raw"
    )
    overdue = args.tasks // 100
    took, fired = await sweep_100k(ctx, args.tasks, overdue)
    print(
        f"sweep of {args.tasks} open tasks, {overdue} newly overdue: {took:.2f} s,"
        f" {fired} escalated ({fired / took:.0f} tasks/s)"
    )


if __name__ == "__main__":
    asyncio.run(main())
