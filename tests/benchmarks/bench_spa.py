"""The SPA's load in Lighthouse (mobile preset), page by page, on the test stack.

Run (from the repository root, the SPA built with `cd frontend && npm run build`):

    .venv/bin/python -m devstack services --profile test
    set -a; source .data/test/env; set +a
    (cd tests/benchmarks/spa && npm ci)          # Lighthouse 12.8, once
    .venv/bin/python tests/benchmarks/bench_spa.py --runs 3

Starts the API on port 8031 serving frontend/dist (as `infra/up.sh` serves it: one uvicorn
process), gives Kaltim weeks of work with `alur demo prepare` and `alur demo simulate` (as the
dev stack's first start does), makes a server-side session for one holder of each role
(`login_as`, the browser tests' helper), and runs Lighthouse against Debian Chromium
(/usr/bin/chromium, headless, a fresh profile per run) on the login page, the dashboard of a
staff member, a supervisor (Kabid), the head of office and the tenant admin, the catalogue,
one SOP and one case. Prints per page the median of the runs: performance score (and the
range), CLS, LCP, TBT, transfer size and request count. The catalogue and cases are put back
as they were afterwards (audit events stay, as they are append-only); `--keep-data` leaves
them for further runs with `--no-prepare`, and `--restore` puts them back later. `--dist`
(repeatable) compares builds on the same data, e.g. a copy of dist/ from before a change.
`--quick`: the login page once, for CI (asserts only that a figure came out).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import pickle
import shutil
import statistics
import subprocess
import sys
import tempfile
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import asyncpg

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))  # run as a file, the repository's `tests` package is not on the path

from alur.core.sessions import SESSION_COOKIE  # noqa: E402
from tests.integration.cases.support import restore, snapshot_catalogue  # noqa: E402
from tests.isolation.harness import login_as  # noqa: E402
from tests.live_api import running_api  # noqa: E402

RUNNER = ROOT / "tests" / "benchmarks" / "spa"
TENANT = "kaltim"
PORT = 8031
KEPT = ROOT / ".data" / "test" / "spa-bench-catalogue.pickle"
"""The catalogue as it was before a --keep-data run, for --restore."""
T = TypeVar("T")


@dataclass
class Page:
    name: str
    path: str
    cookie: str | None


async def _fetch(conn: asyncpg.Connection[Any], tenant_id: uuid.UUID, sql: str) -> Any:
    async with conn.transaction():
        await conn.execute("select set_config('app.tenant_id', $1, true)", str(tenant_id))
        return await conn.fetchrow(sql)


# Who opens each dashboard: the holder of the post with the most open work of its kind.
HOLDER = (
    "select u.id from position_holders h join org_positions p on p.id = h.position_id"
    " join users u on u.id = h.user_id left join tasks t on t.position_id = p.id"
    " and t.status = 'active' where p.kind = any('{{{kinds}}}'::text[]) and u.active"
    " and not ('tenant_admin' = any(u.granted_roles || u.idp_roles))"
    " group by u.id order by count(t.id) desc, u.id limit 1"
)


async def pages(tenant_id: uuid.UUID) -> list[Page]:
    conn = await asyncpg.connect(os.environ["ALUR_DATABASE_OWNER_URL"])
    try:
        staff = await _fetch(conn, tenant_id, HOLDER.format(kinds="staf"))
        kabid = await _fetch(conn, tenant_id, HOLDER.format(kinds="kabid"))
        head = await _fetch(conn, tenant_id, HOLDER.format(kinds="kepala_dinas"))
        admin = await _fetch(
            conn,
            tenant_id,
            "select id from users where 'tenant_admin' = any(granted_roles || idp_roles)"
            " and active order by id limit 1",
        )
        sop = await _fetch(
            conn,
            tenant_id,
            "select sop_id from catalogue_versions where status = 'published'"
            " order by sop_id limit 1",
        )
        case = await _fetch(
            conn,
            tenant_id,
            "select c.id from cases c join tasks t on t.case_id = c.id and t.status = 'active'"
            " order by c.started_at desc limit 1",
        )
    finally:
        await conn.close()
    missing = [
        what
        for what, row in (
            ("a staff member", staff),
            ("a Kabid", kabid),
            ("a Kepala Dinas", head),
            ("a tenant admin", admin),
            ("a published SOP", sop),
            ("an open case", case),
        )
        if row is None
    ]
    if missing:
        raise SystemExit(
            f"bench_spa: {TENANT} lacks {', '.join(missing)} (run without --no-prepare)"
        )

    async def cookie(user: Any, roles: tuple[str, ...] = ()) -> str:
        session = await login_as(TENANT, tenant_id, roles, user_id=user["id"])
        return f"{SESSION_COOKIE}={session.cookies[SESSION_COOKIE]}"

    staff_cookie = await cookie(staff)
    return [
        Page("login", "/login", None),
        Page("dashboard (staff)", "/", staff_cookie),
        Page("dashboard (Kabid)", "/", await cookie(kabid)),
        Page("dashboard (Kepala Dinas)", "/", await cookie(head)),
        Page("dashboard (tenant admin)", "/", await cookie(admin, ("tenant_admin",))),
        Page("catalogue", "/katalog", staff_cookie),
        Page("SOP", f"/katalog/{sop['sop_id']}", staff_cookie),
        Page("case", f"/kasus/{case['id']}", staff_cookie),
    ]


async def tenant_id() -> uuid.UUID:
    conn = await asyncpg.connect(os.environ["ALUR_DATABASE_OWNER_URL"])
    try:
        found: uuid.UUID = await conn.fetchval("select id from tenants where slug = $1", TENANT)
        return found
    finally:
        await conn.close()


async def _owner(work: Callable[[asyncpg.Connection[Any]], Awaitable[T]]) -> T:
    conn = await asyncpg.connect(os.environ["ALUR_DATABASE_OWNER_URL"])
    try:
        return await work(conn)
    finally:
        await conn.close()


def demo(*args: str) -> None:
    alur = str(Path(sys.executable).parent / "alur")
    done = subprocess.run(
        [alur, "demo", *args], capture_output=True, text=True, check=False, cwd=ROOT, timeout=900
    )
    if done.returncode != 0:
        raise SystemExit(f"alur demo {' '.join(args)} failed:\n{done.stdout}{done.stderr}")


def lighthouse(
    base: str, chosen: list[Page], runs: int, reports: Path | None = None
) -> list[dict[str, Any]]:
    if not (RUNNER / "node_modules" / "lighthouse").exists():
        raise SystemExit(f"bench_spa: run `npm ci` in {RUNNER.relative_to(ROOT)} first")
    plan = {
        "chrome": os.environ.get("CHROMIUM", "/usr/bin/chromium"),
        "runs": runs,
        "pages": [{"name": p.name, "url": base + p.path, "cookie": p.cookie} for p in chosen],
        "reports": str(reports) if reports else None,
    }
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
        json.dump(plan, f)
    try:
        out = subprocess.run(
            [shutil.which("node") or "node", str(RUNNER / "lighthouse.mjs"), f.name],
            capture_output=True,
            text=True,
            check=False,
            cwd=RUNNER,
        )
    finally:
        os.unlink(f.name)
    if out.returncode != 0:
        raise SystemExit(f"lighthouse failed:\n{out.stderr[-3000:]}")
    return [json.loads(line) for line in out.stdout.splitlines() if line.startswith("{")]


def table(results: list[dict[str, Any]], names: list[str]) -> str:
    lines = [
        "| page | performance | CLS | LCP | TBT | transfer | requests |",
        "|---|---|---|---|---|---|---|",
    ]
    for name in names:
        rows = [r for r in results if r["page"] == name]
        errors = {r["error"] for r in rows if r["error"]}
        if errors or not rows:
            lines.append(f"| {name} | error: {'; '.join(sorted(errors)) or 'no run'} | | | | | |")
            continue
        scores = [r["score"] for r in rows]

        def med(key: str, rows: list[dict[str, Any]] = rows) -> float:
            return float(statistics.median(r[key] for r in rows))

        spread = f" ({min(scores)}–{max(scores)})" if len(rows) > 1 else ""
        lines.append(
            f"| {name} | {statistics.median(scores):.0f}{spread} | {med('cls'):.3f}"
            f" | {med('lcp') / 1000:.1f} s | {med('tbt'):.0f} ms"
            f" | {med('transfer') / 1024:.0f} KiB | {med('requests'):.0f} |"
        )
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="Lighthouse runs per page (median)")
    parser.add_argument("--pages", help="comma-separated page names (default: all)")
    parser.add_argument("--url", help="measure a server already running there instead")
    parser.add_argument("--no-prepare", action="store_true", help="use the data as it is")
    parser.add_argument("--keep-data", action="store_true", help="leave the simulated work")
    parser.add_argument("--quick", action="store_true", help="the login page once (CI)")
    parser.add_argument(
        "--dist",
        action="append",
        help="a built SPA folder to serve (default frontend/dist); repeat it to compare builds"
        " on the same data in one run (e.g. a copy of dist from before a change)",
    )
    parser.add_argument("--json", help="also write every run's figures to this file")
    parser.add_argument("--reports", help="a folder for every run's full Lighthouse report")
    parser.add_argument(
        "--restore",
        action="store_true",
        help="only put back what an earlier --keep-data run left, then stop",
    )
    args = parser.parse_args()

    dists = [Path(d).resolve() for d in args.dist or [ROOT / "frontend" / "dist"]]
    for dist in dists:
        if not args.url and not (dist / "index.html").exists():
            raise SystemExit(f"bench_spa: {dist}/index.html is missing: run `npm run build`")
    tid = asyncio.run(tenant_id())
    if args.quick:
        args.no_prepare, args.runs, args.pages = True, 1, "login"

    if args.restore:
        if not KEPT.exists():
            raise SystemExit(f"bench_spa: nothing to restore ({KEPT} is missing)")
        kept = pickle.loads(KEPT.read_bytes())  # noqa: S301 (written by this script)
        asyncio.run(_owner(lambda conn: restore(conn, tid, kept)))
        KEPT.unlink()
        return 0
    # With data kept from an earlier run, the catalogue as it was before that run.
    saved = (
        pickle.loads(KEPT.read_bytes())  # noqa: S301 (written by this script)
        if KEPT.exists()
        else asyncio.run(_owner(lambda conn: snapshot_catalogue(conn, tid)))
    )
    reports = Path(args.reports).resolve() if args.reports else None
    if reports:
        reports.mkdir(parents=True, exist_ok=True)
    try:
        if not args.no_prepare:
            print(f"preparing {TENANT}: alur demo prepare, simulate --weeks 2", flush=True)
            demo("prepare", "--tenants", TENANT)
            demo("simulate", "--weeks", "2", "--cases-per-week", "15", "--seed", "5",
                 "--tenants", TENANT, "--force")  # fmt: skip
        every = [Page("login", "/login", None)] if args.quick else asyncio.run(pages(tid))
        wanted = args.pages.split(",") if args.pages else [p.name for p in every]
        chosen = [p for p in every if p.name in wanted or p.name.split(" ")[0] in wanted]
        results: dict[str, list[dict[str, Any]]] = {}
        if args.url:
            results[args.url] = lighthouse(args.url.rstrip("/"), chosen, args.runs, reports)
        for dist in [] if args.url else dists:
            with running_api(PORT, "spa-bench-api", ALUR_SPA_DIR=str(dist)) as base:
                folder = reports / dist.name if reports else None
                if folder:
                    folder.mkdir(exist_ok=True)
                results[str(dist)] = lighthouse(base, chosen, args.runs, folder)
    finally:
        if args.keep_data:
            KEPT.parent.mkdir(parents=True, exist_ok=True)
            KEPT.write_bytes(pickle.dumps(saved))
        elif not args.no_prepare:
            asyncio.run(_owner(lambda conn: restore(conn, tid, saved)))
            KEPT.unlink(missing_ok=True)
    for served, runs in results.items():
        print(f"\n{served}: Lighthouse 12.8 mobile, {args.runs} run(s) per page, median (range)")
        print(table(runs, [p.name for p in chosen]))
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=1))
    every_run = [r for runs in results.values() for r in runs]
    return 0 if every_run and all(r["score"] is not None for r in every_run) else 1


if __name__ == "__main__":
    raise SystemExit(main())
