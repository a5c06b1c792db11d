"""`alur demo users|prepare|simulate`: the dev profile's working demo office (never production:
refused unless ALUR_ENV is dev or test)."""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import json
import os
import sys
import time
from collections.abc import Awaitable, Callable
from typing import Any

from alur.core.settings import get_settings

_ALLOWED_ENVS = ("dev", "test")


def _slugs(raw: str | None) -> list[str]:
    tenants_dir = get_settings().tenants_dir
    if raw:
        return [s.strip() for s in raw.split(",") if s.strip()]
    return sorted(p.name for p in tenants_dir.iterdir() if (p / "demo-users.yaml").exists())


def _run(work: Callable[[], Awaitable[Any]]) -> Any:
    """With a connection pool (as the API has) and the S3 bucket there (documents)."""
    from alur.core.storage import ensure_bucket, get_storage
    from alur.core.tenancy import app_engine

    os.environ.setdefault("PICCOLO_CONF", "alur.piccolo_conf")

    async def main() -> Any:
        await app_engine().start_connection_pool(min_size=1, max_size=4)
        try:
            await asyncio.to_thread(ensure_bucket, get_storage(), get_settings().s3.bucket)
            return await work()
        finally:
            await app_engine().close_connection_pool()

    return asyncio.run(main())


def _guard() -> bool:
    if get_settings().env not in _ALLOWED_ENVS:
        print(f"alur demo runs only with ALUR_ENV in {_ALLOWED_ENVS}", file=sys.stderr)
        return False
    return True


def _users(args: argparse.Namespace) -> int:
    from alur.domain.demo.people import write_demo_users

    stale = write_demo_users(get_settings().tenants_dir, check=args.check)
    for path in stale:
        print(f"{'stale' if args.check else 'written'}: {path}")
    return 1 if args.check and stale else 0


def _prepare(args: argparse.Namespace) -> int:
    if not _guard():
        return 2
    from alur.domain.demo.prepare import prepare_office

    async def work() -> list[Any]:
        return [await prepare_office(s, get_settings().tenants_dir) for s in _slugs(args.tenants)]

    started = time.monotonic()
    for done in _run(work):
        print(json.dumps(dataclasses.asdict(done), ensure_ascii=False))
    print(f"demo prepare took {time.monotonic() - started:.1f} s")
    return 0


def _simulate(args: argparse.Namespace) -> int:
    if not _guard():
        return 2
    from alur.domain.demo.simulate import Plan, simulate_office

    plan = Plan(
        weeks=args.weeks,
        cases_per_week=args.cases_per_week,
        seed=args.seed,
        tick_minutes=args.tick_minutes,
        force=args.force,
    )

    async def work() -> list[Any]:
        return [await simulate_office(s, plan) for s in _slugs(args.tenants)]

    started = time.monotonic()
    for tally in _run(work):
        print(json.dumps(dataclasses.asdict(tally), ensure_ascii=False))
    print(f"demo simulate took {time.monotonic() - started:.1f} s")
    return 0


def add_demo_commands(sub: Any) -> None:
    demo = sub.add_parser("demo", help="dev profile only: a demo office at work").add_subparsers(
        required=True
    )
    users = demo.add_parser("users", help="regenerate the invented holders in demo-users.yaml")
    users.add_argument("--check", action="store_true", help="only report stale files (exit 1)")
    users.set_defaults(func=_users)
    prep = demo.add_parser("prepare", help="demo people sign in; publish every valid SOP")
    prep.add_argument("--tenants", help="comma-separated slugs (default: all)")
    prep.set_defaults(func=_prepare)
    sim = demo.add_parser("simulate", help="weeks of work through the services, clock moved")
    sim.add_argument("--weeks", type=float, default=6)
    sim.add_argument("--tenants", help="comma-separated slugs (default: all)")
    sim.add_argument("--seed", type=int, default=1)
    sim.add_argument("--cases-per-week", type=float, default=10, help="per office")
    sim.add_argument("--tick-minutes", type=float, default=30, help="case starts and sweeps")
    sim.add_argument("--force", action="store_true", help="add more to a simulated office")
    sim.set_defaults(func=_simulate)
