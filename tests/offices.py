"""An office onboarded by a test, removed again afterwards: other tests count on the two demo
offices being the only ones."""

from __future__ import annotations

import os
from typing import Any

import asyncpg

SPARE_SLUG = "papua"
"""The office the dev IdP serves an issuer for but tenants/ does not hold (infra/devstack)."""
SPARE_HOST = "papua.alur.test"
SPARE_ADMIN_NIP = "198503122010012003"


def spare_idp() -> dict[str, str]:
    return {
        "issuer": os.environ["ALUR_DEV_SPARE_ISSUER"],
        "client_id": f"alur-{SPARE_SLUG}",
        "client_secret": os.environ["ALUR_DEV_SPARE_CLIENT_SECRET"],
    }


async def purge_office(conn: Any, slug: str) -> None:
    """Every row of the office in every table with a tenant_id, then the office itself.
    Tables are retried until foreign keys allow (no hand-kept order to fall out of date)."""
    tenant_id = await conn.fetchval("select id from tenants where slug = $1", slug)
    if tenant_id is None:
        return
    async with conn.transaction():
        await conn.execute("select set_config('app.tenant_id', $1, true)", str(tenant_id))
        await conn.execute("select set_config('app.outbox_relay', 'on', true)")
        rows = await conn.fetch(
            "select table_name from information_schema.columns where table_schema = 'public'"
            " and column_name = 'tenant_id' and table_name in (select tablename from pg_tables"
            " where schemaname = 'public')"
        )
        remaining = [r["table_name"] for r in rows]
        for _ in range(len(remaining) + 1):
            for table in list(remaining):
                try:
                    async with conn.transaction():
                        await conn.execute(f"delete from {table} where tenant_id = $1", tenant_id)
                    remaining.remove(table)
                except asyncpg.ForeignKeyViolationError:
                    continue
            if not remaining:
                break
        assert not remaining, f"could not empty {remaining}"
        await conn.execute("delete from tenants where id = $1", tenant_id)
