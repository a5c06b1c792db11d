"""Periodic work at 1,500 offices: one scheduler round of the per-office design (an escalation
sweep for every office every 30 s, and the digest planning for every office after closing)
against the due-driven one (alur_workers.relay.enqueue_periodic: one query across offices,
jobs only where an escalation stage is due or digests wait). Run:

    set -a; source .data/test/env; set +a; python tests/benchmarks/bench_sweep.py

It works in a database of its own on the test stack's PostgreSQL server (`alur_bench_sweep`,
created and migrated here, dropped at the end with its two roles), so the test database never
holds the generated offices. Every office gets a small org, one SOP and `--open` open tasks
whose next escalation falls later in the day; `--busy` of them also have a task whose stage is
due, `--digest` have a notification waiting for the daily digest. Each design runs at a
daytime moment and after closing time, inside a transaction rolled back afterwards, and the
jobs its round enqueued are then run by their handlers in the same process (worker time,
without the outbox bookkeeping of claim and finish). The per-office round is reproduced here
as it was before #16 and measured in the same run, as the baseline.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import os
import secrets
import subprocess
import sys
import time
from pathlib import Path
from typing import Any, cast
from urllib.parse import urlsplit, urlunsplit
from zoneinfo import ZoneInfo

import asyncpg

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))  # run as a file, the repository's `tests` package is not on the path

from alur.core.clock import frozen_at, now  # noqa: E402
from alur.core.provision import ensure_database  # noqa: E402
from alur.core.tenancy import TenantContext  # noqa: E402
from alur.domain.jobs import outbox  # noqa: E402
from alur.domain.jobs.outbox import Claimed  # noqa: E402
from alur.domain.notifications import jobs as notification_jobs  # noqa: E402
from alur_workers.relay import DIGEST_AFTER, SWEEP_SECONDS, enqueue_periodic  # noqa: E402

DB_NAME = "alur_bench_sweep"
ZONES = ("Asia/Jakarta", "Asia/Makassar", "Asia/Jayapura")
DAYTIME = dt.datetime(2026, 12, 8, 3, 0, tzinfo=dt.UTC)  # Tuesday 10:00 WIB, 11:00 WITA
EVENING = dt.datetime(2026, 12, 8, 10, 0, tzinfo=dt.UTC)  # 17:00 WIB, 18:00 WITA, 19:00 WIT
HANDLERS = {
    "escalation.sweep": notification_jobs.sweep_escalations,
    "notifications.plan_digests": notification_jobs.plan_digests,
}


async def per_office_round(conn: asyncpg.Connection) -> None:
    """The scheduler's periodic round before #16, verbatim: every office, every 30 s."""
    moment = now()
    bucket = int(moment.timestamp()) // SWEEP_SECONDS
    tenants = await conn.fetch("select id, slug, time_zone from tenants")
    for t in tenants:
        ctx = TenantContext(tenant_id=t["id"], tenant_slug=t["slug"])
        local = moment.astimezone(ZoneInfo(t["time_zone"]))
        async with conn.transaction():
            await conn.execute("select set_config('app.tenant_id', $1, true)", str(t["id"]))
            await outbox.enqueue(
                conn, ctx, "escalation.sweep", {}, key=f"sweep:{bucket}", queue="notifications"
            )
            if local.time() >= DIGEST_AFTER:
                day = local.date().isoformat()
                await outbox.enqueue(
                    conn,
                    ctx,
                    "notifications.plan_digests",
                    {"day": day},
                    key=f"plan_digests:{day}",
                    queue="notifications",
                )


class Counting:
    """A connection that counts the statements sent (BEGIN and COMMIT of a block as two)."""

    def __init__(self, conn: asyncpg.Connection) -> None:
        self.conn = conn
        self.statements = 0

    async def execute(self, *args: Any, **kwargs: Any) -> Any:
        self.statements += 1
        return await self.conn.execute(*args, **kwargs)

    async def fetch(self, *args: Any, **kwargs: Any) -> Any:
        self.statements += 1
        return await self.conn.fetch(*args, **kwargs)

    async def fetchval(self, *args: Any, **kwargs: Any) -> Any:
        self.statements += 1
        return await self.conn.fetchval(*args, **kwargs)

    async def fetchrow(self, *args: Any, **kwargs: Any) -> Any:
        self.statements += 1
        return await self.conn.fetchrow(*args, **kwargs)

    def transaction(self) -> Any:
        self.statements += 2
        return self.conn.transaction()


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


async def generate(
    su_url: str, office_hours: str, offices: int, open_: int, busy: int, digest: int
) -> None:
    """As the superuser (row-level security does not hold it back), set-based."""
    conn = await asyncpg.connect(su_url)
    try:
        async with conn.transaction():
            await conn.execute(
                "insert into tenants (slug, name, short_name, province, time_zone, locale,"
                " office_hours) select 'bench-' || lpad(g::text, 5, '0'), 'Dinas uji ' || g,"
                " 'Uji ' || g, 'Provinsi uji', ($1::text[])[1 + g % 3], 'id', $2::jsonb"
                " from generate_series(1, $3) g",
                list(ZONES),
                office_hours,
                offices,
            )
            await conn.execute(
                "insert into org_units (tenant_id, code, name, kind)"
                " select id, 'dinas', 'Dinas', 'dinas' from tenants"
            )
            await conn.execute(
                "insert into org_positions (tenant_id, code, title, kind, unit_id)"
                " select u.tenant_id, 'kepala-dinas', 'Kepala Dinas', 'kepala_dinas', u.id"
                " from org_units u"
            )
            await conn.execute(
                "insert into org_positions (tenant_id, code, title, kind, unit_id, supervisor_id)"
                " select p.tenant_id, 'staf', 'Staf', 'staf', p.unit_id, p.id from org_positions p"
            )
            await conn.execute(
                "insert into users (tenant_id, subject, name) select id, 'uji', 'Uji' from tenants"
            )
            await conn.execute(
                "insert into position_holders (tenant_id, user_id, position_id, kind)"
                " select p.tenant_id, u.id, p.id, 'definitive' from org_positions p"
                " join users u on u.tenant_id = p.tenant_id where p.code = 'staf'"
            )
            await conn.execute(
                "insert into catalogue_sops (tenant_id, key, title)"
                " select id, '001-01', 'SOP uji' from tenants"
            )
            await conn.execute(
                "insert into catalogue_versions (tenant_id, sop_id, number, status, document,"
                " document_hash) select tenant_id, id, 1, 'published', '{}', '' from catalogue_sops"
            )
            # Open tasks: `open_` per office, their next stage later today; the first `busy`
            # offices (by slug) have one more, whose stage fell an hour before the daytime round.
            await conn.execute(
                "insert into cases (tenant_id, number, sop_id, version_id, unit_id, subject,"
                " status, started_by, started_at) select t.id, 'U-' || g, v.sop_id, v.id,"
                " o.id, 'Uji', 'open', u.id, $1 from tenants t join catalogue_versions v"
                " on v.tenant_id = t.id join org_units o on o.tenant_id = t.id join users u"
                " on u.tenant_id = t.id, generate_series(0, $2) g"
                " where g > 0 or t.slug <= $3",
                DAYTIME - dt.timedelta(hours=2),
                open_,
                f"bench-{busy:05d}",
            )
            await conn.execute(
                "insert into tasks (tenant_id, case_id, step_position, step_kind, activity,"
                " position_id, status, activated_at, at_risk_at, due_at) select c.tenant_id,"
                " c.id, 1, 'process', 'Uji', p.id, 'active', $1, $2, $2 from cases c"
                " join org_positions p on p.tenant_id = c.tenant_id and p.code = 'staf'",
                DAYTIME - dt.timedelta(hours=2),
                DAYTIME - dt.timedelta(hours=1),
            )
            await conn.execute(
                "insert into task_escalation_plans (tenant_id, task_id, stage, falls_at)"
                " select t.tenant_id, t.id, 'due', case when c.number = 'U-0' then $1::timestamptz"
                " else $2::timestamptz end from tasks t join cases c on c.id = t.case_id",
                DAYTIME - dt.timedelta(hours=1),
                EVENING + dt.timedelta(hours=20),
            )
            await conn.execute(
                "insert into notifications (tenant_id, user_id, kind, title, body, dedupe_key,"
                " created_at, email_status) select u.tenant_id, u.id, 'task_arrived', 'Uji',"
                " 'Uji', 'uji', $1, 'digest' from users u join tenants t on t.id = u.tenant_id"
                " where t.slug > $2",
                DAYTIME,
                f"bench-{offices - digest:05d}",
            )
        for table in ("tenants", "tasks", "task_escalation_plans", "notifications", "outbox_jobs"):
            await conn.execute(f"analyze {table}")
    finally:
        await conn.close()


async def measure(app_url: str, design: str, moment: dt.datetime) -> dict[str, float]:
    """One round of `design` at `moment`, then its jobs' handlers; all rolled back."""
    conn = await asyncpg.connect(app_url)
    counting = Counting(conn)
    tx = conn.transaction()
    await tx.start()
    try:
        with frozen_at(moment):
            started = time.perf_counter()
            if design == "per office":
                await per_office_round(cast(asyncpg.Connection, counting))
            else:
                await enqueue_periodic(cast(asyncpg.Connection, counting))
            took = time.perf_counter() - started
            await conn.execute(f"select set_config('{outbox.RELAY_SETTING}', 'on', true)")
            jobs = await conn.fetch(
                "select j.id, j.tenant_id, t.slug, j.actor, j.args::text as args"
                " from outbox_jobs j join tenants t on t.id = j.tenant_id"
                " where j.actor = any($1::text[])",
                list(HANDLERS),
            )
            fired = 0
            work_started = time.perf_counter()
            for job in jobs:
                ctx = TenantContext(tenant_id=job["tenant_id"], tenant_slug=job["slug"])
                async with conn.transaction():
                    await conn.execute(
                        "select set_config('app.tenant_id', $1, true)", str(job["tenant_id"])
                    )
                    result = await HANDLERS[job["actor"]](
                        conn, ctx, Claimed(job["id"], job["actor"], json.loads(job["args"]), 1)
                    )
                    fired += int(result.get("tasks", 0))
            work = time.perf_counter() - work_started
        return {
            "jobs": len(jobs),
            "sweeps": sum(j["actor"] == "escalation.sweep" for j in jobs),
            "digests": sum(j["actor"] == "notifications.plan_digests" for j in jobs),
            "statements": counting.statements,
            "round_ms": took * 1000,
            "work_s": work,
            "fired": fired,
        }
    finally:
        await tx.rollback()
        await conn.close()


async def due_query_ms(app_url: str, repeat: int = 50) -> float:
    conn = await asyncpg.connect(app_url)
    try:
        started = time.perf_counter()
        for _ in range(repeat):
            await conn.fetch("select escalation_due_offices($1)", DAYTIME)
        return (time.perf_counter() - started) * 1000 / repeat
    finally:
        await conn.close()


async def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--offices", type=int, default=1500)
    parser.add_argument("--open", type=int, default=3, help="open tasks per office, not due")
    parser.add_argument("--busy", type=int, default=5, help="offices with a stage due")
    parser.add_argument("--digest", type=int, default=3, help="offices with a digest waiting")
    parser.add_argument("--keep", action="store_true", help="leave the database for a look")
    args = parser.parse_args()
    admin_url = _admin_url(os.environ["ALUR_DATABASE_OWNER_URL"])
    test_owner = await asyncpg.connect(os.environ["ALUR_DATABASE_OWNER_URL"])
    office_hours = await test_owner.fetchval(
        "select office_hours::text from tenants where slug = 'lampung'"
    )
    await test_owner.close()
    await drop(admin_url)
    started = time.monotonic()
    try:
        _, app_url = await create(admin_url)
        await generate(
            _on(admin_url, DB_NAME), office_hours, args.offices, args.open, args.busy, args.digest
        )
        print(
            f"{args.offices} offices, {args.offices * args.open + args.busy} open tasks,"
            f" {args.busy} offices with a stage due, {args.digest} with a digest waiting"
            f" (set up in {time.monotonic() - started:.0f} s)\n"
        )
        rows = [
            ("jobs enqueued", "jobs", "{:.0f}"),
            ("  escalation sweeps", "sweeps", "{:.0f}"),
            ("  digest plannings", "digests", "{:.0f}"),
            ("statements sent", "statements", "{:.0f}"),
            ("round time (ms)", "round_ms", "{:.0f}"),
            ("running its jobs (s)", "work_s", "{:.2f}"),
            ("tasks escalated", "fired", "{:.0f}"),
        ]
        for label, moment in (("daytime round", DAYTIME), ("after closing time", EVENING)):
            old = await measure(app_url, "per office", moment)
            new = await measure(app_url, "due-driven", moment)
            print(f"{label:24} {'per office (before)':>20} {'due-driven (now)':>17} {'ratio':>8}")
            for name, key, fmt in rows:
                ratio = f"{old[key] / new[key]:.0f}x" if new[key] else "-"
                print(
                    f"  {name:22} {fmt.format(old[key]):>20} {fmt.format(new[key]):>17} {ratio:>8}"
                )
            per_second_old = old["jobs"] / SWEEP_SECONDS
            per_second_new = new["jobs"] / SWEEP_SECONDS
            print(
                f"  rounds every {SWEEP_SECONDS} s: {per_second_old:.1f} jobs/s per office,"
                f" {per_second_new:.2f} jobs/s due-driven\n"
            )
        print(f"the due-offices query alone: {await due_query_ms(app_url):.2f} ms")
    finally:
        if not args.keep:
            await drop(admin_url)
    return 0


if __name__ == "__main__":
    raise SystemExit(asyncio.run(main()))
