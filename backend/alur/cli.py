"""`alur` command line: database, tenants, audit chain, catalogue report, OpenAPI schema."""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from pathlib import Path

from alur.core.settings import get_settings


def _migrate(_: argparse.Namespace) -> int:
    from alur.core.provision import migrate

    s = get_settings().db
    if not (s.owner_url and s.app_url):
        print("ALUR_DATABASE_OWNER_URL and ALUR_DATABASE_APP_URL must be set", file=sys.stderr)
        return 2
    asyncio.run(migrate(s.owner_url, s.app_url))
    print("migrations applied")
    return 0


def _sync(args: argparse.Namespace) -> int:
    from alur.domain.tenants.files import TenantConfigError
    from alur.domain.tenants.services import sync_tenants

    root = Path(args.dir) if args.dir else get_settings().tenants_dir
    try:
        report = asyncio.run(sync_tenants(get_settings().db.owner_url, root, args.only))
    except TenantConfigError as exc:
        print("tenant files rejected; nothing was loaded:", file=sys.stderr)
        for problem in exc.problems:
            print(f"  {problem}", file=sys.stderr)
        return 1
    print(json.dumps(report, indent=2))
    return 0


def _reseal(args: argparse.Namespace) -> int:
    """Every sealed IdP client secret sealed again under the first ALUR_SECRETS_KEY, so the
    old key can then be removed (key rotation)."""
    import asyncpg

    from alur.core.secretbox import reseal

    async def run() -> int:
        conn = await asyncpg.connect(get_settings().db.owner_url)
        try:
            async with conn.transaction():
                rows = await conn.fetch(
                    "select id, idp_secret from tenants where idp_secret <> '' for update"
                )
                for row in rows:
                    await conn.execute(
                        "update tenants set idp_secret = $2 where id = $1",
                        row["id"],
                        reseal(row["idp_secret"]),
                    )
            return len(rows)
        finally:
            await conn.close()

    print(f"{asyncio.run(run())} office secret(s) sealed with the first key")
    return 0


def _audit_verify(args: argparse.Namespace) -> int:
    """Walks each tenant's chain as the app role (row-level security scopes it)."""
    import asyncpg

    from alur.domain.audit.chain import verify

    async def run() -> list[tuple[str, object]]:
        conn = await asyncpg.connect(get_settings().db.app_url)
        try:
            tenants = await conn.fetch("select id, slug from tenants order by slug")
            found: list[tuple[str, object]] = []
            for t in tenants:
                if args.tenant and t["slug"] not in args.tenant:
                    continue
                async with conn.transaction():
                    await conn.execute("select set_config('app.tenant_id', $1, true)", str(t["id"]))
                    found.append((t["slug"], await verify(conn, t["id"])))
            return found
        finally:
            await conn.close()

    broken = 0
    for slug, report in asyncio.run(run()):
        print(json.dumps({"tenant": slug, **report.__dict__}))
        broken += 0 if getattr(report, "intact", False) else 1
    return 1 if broken else 0


def _catalogue_report(args: argparse.Namespace) -> int:
    from alur.domain.catalogue.importer.cli import run_report

    return run_report(args)


def _openapi(args: argparse.Namespace) -> int:
    from alur.app import create_app

    schema = create_app().openapi_schema.to_schema()
    text = json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="alur")
    sub = parser.add_subparsers(required=True)
    db = sub.add_parser("db").add_subparsers(required=True)
    mig = db.add_parser("migrate", help="apply migrations as owner; grant the app role")
    mig.set_defaults(func=_migrate)
    tenants = sub.add_parser("tenants").add_subparsers(required=True)
    sync = tenants.add_parser("sync", help="load tenants/<slug>/ files idempotently")
    sync.add_argument("--dir", help="tenants folder (default: ALUR_TENANTS_DIR)")
    sync.add_argument("--only", nargs="*", help="only these tenant slugs")
    sync.set_defaults(func=_sync)
    rs = tenants.add_parser("reseal", help="seal stored IdP secrets with the first secrets key")
    rs.set_defaults(func=_reseal)
    audit = sub.add_parser("audit").add_subparsers(required=True)
    ver = audit.add_parser("verify", help="walk each tenant's audit hash chain")
    ver.add_argument("--tenant", nargs="*", help="only these tenant slugs")
    ver.set_defaults(func=_audit_verify)
    catalogue = sub.add_parser("catalogue").add_subparsers(required=True)
    rep = catalogue.add_parser(
        "report", help="fidelity of the SOP book importer, per field and per SOP"
    )
    from alur.domain.catalogue.importer.cli import add_report_arguments

    add_report_arguments(rep)
    rep.set_defaults(func=_catalogue_report)
    from alur.domain.demo.cli import add_demo_commands

    add_demo_commands(sub)
    oa = sub.add_parser("openapi", help="print the OpenAPI schema")
    oa.add_argument("--output", "-o")
    oa.set_defaults(func=_openapi)
    args = parser.parse_args(argv)
    return int(args.func(args))


if __name__ == "__main__":
    raise SystemExit(main())
