"""The job pipeline's speed on the test stack. Run:

    set -a; source .data/test/env; set +a; python tests/benchmarks/bench_jobs.py -n 2000

It needs nothing but the stack's services: it works in a database of its own on the test
stack's PostgreSQL server (`alur_bench_jobs`, or ALUR_BENCH_JOBS_DB; created, migrated and given
one generated office here, dropped at the end with its two roles) and in a Redis namespace of
its own, so it runs on a fresh stack, never touches the test database, and no other session's
worker takes its jobs. Its jobs run with the production lease and relay settings.

1. Raw Dramatiq: N messages to a no-op actor, one worker with 4 threads in this process.
   This is the baseline: what the broker and worker alone can do here.
2. Outbox-relayed: N `jobs.probe` jobs written to the outbox in one transaction, sent by the
   relay (a scheduler process) and run by a worker process with 4 threads, both started and
   warmed up first (one probe job through) and run with the production lease and relay
   settings; timed from the commit until the last job is done. Also prints how many jobs
   were sent more than once (the relay re-sends a job whose lease ran out).
3. Escalation sweep: `--tasks` open tasks (100,000) of which 1% became overdue half an hour
   ago, on a clock held at a working day (Tuesday 10:00 local); the time one sweep takes to
   escalate them (escalations, notifications, e-mail jobs, audit events, the next stages),
   checked: every overdue task escalated once, and a second sweep fires nothing.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import os
import re
import secrets
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

# Its own database and Redis namespace (ALUR_BENCH_JOBS_DB names both, for a run beside
# another), the namespace set before anything reads the settings (the broker is made on import).
DB_NAME = os.environ.get("ALUR_BENCH_JOBS_DB", "alur_bench_jobs")
if not re.fullmatch(r"[a-z_][a-z0-9_]{0,40}", DB_NAME):
    raise SystemExit("ALUR_BENCH_JOBS_DB: lower-case letters, digits and _ only")
os.environ["ALUR_REDIS_PREFIX"] = f"{os.environ.get('ALUR_REDIS_PREFIX', 'alur')}_{DB_NAME}"

import asyncpg  # noqa: E402
import dramatiq  # noqa: E402
import redis  # noqa: E402
from dramatiq import Worker  # noqa: E402
from piccolo.engine.postgres import PostgresEngine  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))  # run as a file, the repository's `tests` package is not on the path

from alur.core.clock import frozen_at  # noqa: E402
from alur.core.provision import ensure_database  # noqa: E402
from alur.core.settings import get_settings  # noqa: E402
from alur.core.tenancy import TenantContext, tenant_transaction, using_engine  # noqa: E402
from alur.domain.jobs.outbox import Claimed  # noqa: E402
from alur.domain.notifications.jobs import sweep_escalations  # noqa: E402
from alur_workers.actors import broker  # noqa: E402
from tests.integration.jobs.support import enqueue_probes  # noqa: E402
from tests.jobs_stack import JobProcesses  # noqa: E402

ZONE = "Asia/Jakarta"
# A working day: Tuesday 8 December 2026, 10:00 WIB (no national day off).
HELD = dt.datetime(2026, 12, 8, 3, 0, tzinfo=dt.UTC)
OFFICE_HOURS = (
    '{"monday": [["07:30", "12:00"], ["13:00", "16:00"]],'
    ' "tuesday": [["07:30", "12:00"], ["13:00", "16:00"]],'
    ' "wednesday": [["07:30", "12:00"], ["13:00", "16:00"]],'
    ' "thursday": [["07:30", "12:00"], ["13:00", "16:00"]],'
    ' "friday": [["07:30", "11:30"], ["13:00", "16:30"]]}'
)
# The supervisor chain the tasks escalate up: staff, then three posts above.
CHAIN = ("staf", "kasubag", "sekretaris", "kepala-dinas")

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


# --- the benchmark's own database and Redis namespace --------------------------------------


def _admin_url(test_owner_url: str) -> str:
    """The test stack's server as its superuser (the embedded server trusts local 'postgres')."""
    parts = urlsplit(test_owner_url)
    return urlunsplit(
        ("postgresql", f"postgres@{parts.hostname}:{parts.port}", "/postgres", "", "")
    )


def _on(url: str, database: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, f"/{database}", parts.query, ""))


async def create(admin_url: str) -> tuple[str, str]:
    owner_url, app_url = await ensure_database(
        admin_url, DB_NAME, secrets.token_urlsafe(16), secrets.token_urlsafe(16)
    )
    env = {**os.environ, "ALUR_DATABASE_OWNER_URL": owner_url, "ALUR_DATABASE_APP_URL": app_url}
    migrate = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "alur.cli",
        "db",
        "migrate",
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
    )
    if await migrate.wait():
        raise RuntimeError("migrating the benchmark database failed")
    return owner_url, app_url


async def drop(admin_url: str) -> None:
    conn = await asyncpg.connect(admin_url)
    try:
        await conn.execute(f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")
        for role in (f"{DB_NAME}_owner", f"{DB_NAME}_app"):
            await conn.execute(f"DROP ROLE IF EXISTS {role}")
    finally:
        await conn.close()


def clear_namespace() -> None:
    """Leftover messages of an interrupted run (this benchmark's namespace only)."""
    settings = get_settings()
    client = redis.Redis.from_url(settings.redis.url)
    for key in client.scan_iter(f"{settings.redis.prefix}:*"):
        client.delete(key)


async def office(su_url: str) -> TenantContext:
    """One office as the tenant sync and an admin would leave it: a unit, a supervisor chain
    with a holder (with an e-mail address) on every post, and a published SOP."""
    conn = await asyncpg.connect(su_url)
    try:
        async with conn.transaction():
            tenant = await conn.fetchrow(
                "insert into tenants (slug, name, short_name, province, time_zone, locale,"
                " office_hours) values ('bench', 'Dinas Uji', 'Uji', 'Provinsi Uji', $1, 'id',"
                " $2::jsonb) returning id, slug",
                ZONE,
                OFFICE_HOURS,
            )
            tid = tenant["id"]
            unit = await conn.fetchval(
                "insert into org_units (tenant_id, code, name, kind)"
                " values ($1, 'dinas', 'Dinas Uji', 'dinas') returning id",
                tid,
            )
            above = None
            for code in reversed(CHAIN):
                above = await conn.fetchval(
                    "insert into org_positions (tenant_id, code, title, kind, unit_id,"
                    " supervisor_id) values ($1, $2::text, $2::text, $3, $4, $5) returning id",
                    tid,
                    code,
                    "kepala_dinas" if code == "kepala-dinas" else "staf",
                    unit,
                    above,
                )
                user = await conn.fetchval(
                    "insert into users (tenant_id, subject, name, email) values"
                    " ($1, $2::text, $2::text, $2::text || '@uji.example') returning id",
                    tid,
                    code,
                )
                await conn.execute(
                    "insert into position_holders (tenant_id, user_id, position_id, kind)"
                    " values ($1, $2, $3, 'definitive')",
                    tid,
                    user,
                    above,
                )
            sop = await conn.fetchval(
                "insert into catalogue_sops (tenant_id, key, title)"
                " values ($1, '001-01', 'SOP uji') returning id",
                tid,
            )
            await conn.execute(
                "insert into catalogue_versions (tenant_id, sop_id, number, status, document,"
                " document_hash) values ($1, $2, 1, 'published', '{}', '')",
                tid,
                sop,
            )
        return TenantContext(tenant_id=tid, tenant_slug=tenant["slug"])
    finally:
        await conn.close()


# --- 2. outbox-relayed ------------------------------------------------------------------------


async def _done(conn: asyncpg.Connection, ctx: TenantContext) -> int:
    async with conn.transaction():
        await conn.execute("select set_config('app.tenant_id', $1, true)", str(ctx.tenant_id))
        return int(
            await conn.fetchval(
                "select count(*) from outbox_jobs where actor = 'jobs.probe' and status = 'done'"
            )
        )


async def outbox_relayed(
    n: int, ctx: TenantContext, owner_url: str, app_url: str
) -> tuple[float, int]:
    env = {
        **os.environ,
        "PICCOLO_CONF": "alur.piccolo_conf",
        "ALUR_DATABASE_OWNER_URL": owner_url,
        "ALUR_DATABASE_APP_URL": app_url,
    }
    conn = await asyncpg.connect(app_url)
    procs = JobProcesses(env)
    procs.start("worker-bench")
    procs.start("scheduler-bench")
    try:
        await enqueue_probes(app_url, ctx, 1)  # warm-up: both processes up and working
        deadline = time.monotonic() + 120
        while await _done(conn, ctx) < 1:
            if time.monotonic() > deadline:
                raise RuntimeError("the worker and scheduler did not start (see .data/test/run)")
            await asyncio.sleep(0.05)
        ids = await enqueue_probes(app_url, ctx, n)
        started = time.monotonic()
        while await _done(conn, ctx) < n + 1:  # noqa: ASYNC110 (another process's work)
            await asyncio.sleep(0.05)
        took = time.monotonic() - started
        async with conn.transaction():
            await conn.execute("select set_config('app.tenant_id', $1, true)", str(ctx.tenant_id))
            resent = await conn.fetchval(
                "select count(*) from outbox_jobs where id = any($1::uuid[]) and sends > 1", ids
            )
        return n / took, int(resent)
    finally:
        procs.stop_all()
        await conn.close()


# --- 3. the escalation sweep ----------------------------------------------------------------


async def open_tasks(su_url: str, ctx: TenantContext, total: int, overdue: int) -> None:
    """`total` open cases, one active task each with the staff post; `overdue` of them had
    their due time half an hour before HELD, the rest are due tomorrow. Set-based."""
    conn = await asyncpg.connect(su_url)
    try:
        async with conn.transaction():
            await conn.execute(
                "insert into cases (tenant_id, number, sop_id, version_id, unit_id, subject,"
                " status, started_by, started_at) select $1, 'U-' || g, v.sop_id, v.id,"
                " p.unit_id, 'Uji sapu', 'open', h.user_id, $2 from catalogue_versions v"
                " join org_positions p on p.tenant_id = v.tenant_id and p.code = 'staf'"
                " join position_holders h on h.position_id = p.id,"
                " generate_series(1, $3) g where v.tenant_id = $1",
                ctx.tenant_id,
                HELD - dt.timedelta(hours=2),
                total,
            )
            await conn.execute(
                "insert into tasks (tenant_id, case_id, step_position, step_kind, activity,"
                " position_id, status, activated_at, at_risk_at, due_at) select c.tenant_id,"
                " c.id, 1, 'process', 'Uji sapu', p.id, 'active', $2, $3, $3"
                " from cases c join org_positions p on p.tenant_id = c.tenant_id"
                " and p.code = 'staf' where c.tenant_id = $1",
                ctx.tenant_id,
                HELD - dt.timedelta(hours=2),
                HELD + dt.timedelta(days=1),
            )
            await conn.execute(
                "with pick as (select id, row_number() over (order by id) as n from tasks"
                " where tenant_id = $1) update tasks t set due_at = $2, at_risk_at = $2"
                " from pick where pick.id = t.id and pick.n <= $3",
                ctx.tenant_id,
                HELD - dt.timedelta(minutes=30),
                overdue,
            )
            # The 'due' stage is next for all (at-risk reminders already went out).
            await conn.execute(
                "insert into task_escalation_plans (tenant_id, task_id, stage, falls_at)"
                " select tenant_id, id, 'due', due_at from tasks where tenant_id = $1",
                ctx.tenant_id,
            )
        for table in ("cases", "tasks", "task_escalation_plans"):
            await conn.execute(f"analyze {table}")
    finally:
        await conn.close()


async def sweep_once(app_url: str, ctx: TenantContext, at: dt.datetime = HELD) -> tuple[float, int]:
    """One `escalation.sweep` job's work as a worker runs it (its handler in a tenant
    transaction, the clock held at `at`), timed from the transaction's start to its commit."""
    engine = PostgresEngine(config={"dsn": app_url})
    await engine.start_connection_pool(min_size=1, max_size=1)
    job = Claimed(uuid.uuid4(), "escalation.sweep", {}, 1)
    try:
        with frozen_at(at), using_engine(engine):
            started = time.monotonic()
            async with tenant_transaction(ctx) as tx:
                result = await sweep_escalations(tx.connection, ctx, job)
            return time.monotonic() - started, int(result["tasks"])
    finally:
        await engine.close_connection_pool()


async def sweep_counts(su_url: str) -> dict[str, int]:
    conn = await asyncpg.connect(su_url)
    try:
        row = await conn.fetchrow(
            "select (select count(*) from task_escalations) as escalations,"
            " (select count(distinct task_id) from task_escalations) as tasks,"
            " (select count(*) from notifications) as notifications,"
            " (select count(*) from outbox_jobs where actor = 'notifications.email') as mails,"
            " (select count(*) from outbox_jobs where actor = 'escalation.check') as checks,"
            " (select count(*) from audit_events where action = 'task.escalated') as audited"
        )
        return {k: int(v) for k, v in dict(row).items()}
    finally:
        await conn.close()


async def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("-n", type=int, default=2000, help="jobs for the throughput runs")
    parser.add_argument("--tasks", type=int, default=100_000, help="open tasks for the sweep")
    parser.add_argument("--keep", action="store_true", help="leave the database for a look")
    args = parser.parse_args()
    admin_url = _admin_url(os.environ["ALUR_DATABASE_OWNER_URL"])
    su_url = _on(admin_url, DB_NAME)
    await drop(admin_url)
    clear_namespace()
    try:
        owner_url, app_url = await create(admin_url)
        ctx = await office(su_url)

        raw = await asyncio.to_thread(raw_dramatiq, args.n)
        relayed, resent = await outbox_relayed(args.n, ctx, owner_url, app_url)
        print(f"raw Dramatiq no-op actor, 4 threads:       {raw:8.0f} jobs/s (baseline)")
        print(
            f"outbox-relayed probe jobs, 4 threads:      {relayed:8.0f} jobs/s"
            f" = {relayed / raw:.3f} x raw ({resent} sent more than once)",
            flush=True,
        )

        overdue = max(args.tasks // 100, 1)
        await open_tasks(su_url, ctx, args.tasks, overdue)
        # A worker has run sweeps before: the calendars are loaded. An hour earlier nothing is
        # due yet, so this one only warms up.
        await sweep_once(app_url, ctx, HELD - dt.timedelta(hours=1))
        took, fired = await sweep_once(app_url, ctx)
        again, refired = await sweep_once(app_url, ctx)
        counts = await sweep_counts(su_url)
        print(
            f"sweep of {args.tasks} open tasks, {overdue} newly overdue (held at"
            f" {HELD.isoformat()}): {took:.2f} s, {fired} escalated ({fired / took:.0f} tasks/s)"
        )
        print(
            f"  written: {counts['escalations']} escalations of {counts['tasks']} tasks,"
            f" {counts['notifications']} notifications, {counts['mails']} e-mail jobs,"
            f" {counts['checks']} next-stage checks, {counts['audited']} audit events;"
            f" a second sweep: {refired} escalated in {again:.2f} s"
        )
        ok = fired == overdue == counts["tasks"] == counts["audited"] and refired == 0
        print("sweep check: " + ("all overdue tasks escalated once" if ok else "MISMATCH"))
        return 0 if ok else 1
    finally:
        if not args.keep:
            await drop(admin_url)
        clear_namespace()


if __name__ == "__main__":
    raise SystemExit(asyncio.run(main()))
