"""Queries on the tenant registry."""

from __future__ import annotations

import json
import uuid
from typing import Any

import msgspec

from alur.core.dbtypes import Conn
from alur.core.rls import TENANT_SETTING


class TenantRow(msgspec.Struct):
    id: uuid.UUID
    slug: str
    name: str
    short_name: str
    province: str
    time_zone: str
    locale: str
    hosts: list[str]
    office_hours: dict[str, list[list[str]]]
    idp: dict[str, Any]
    source_hash: str


_COLS = (
    "id, slug, name, short_name, province, time_zone, locale, hosts, office_hours, idp, source_hash"
)


def _row(record: Any) -> TenantRow:
    data = dict(record)
    for key in ("hosts", "office_hours", "idp"):
        if isinstance(data[key], str):
            data[key] = json.loads(data[key])
    return msgspec.convert(data, TenantRow)


async def list_tenants(conn: Conn) -> list[TenantRow]:
    return [_row(r) for r in await conn.fetch(f"select {_COLS} from tenants order by slug")]


async def get_by_slug(conn: Conn, slug: str) -> TenantRow | None:
    record = await conn.fetchrow(f"select {_COLS} from tenants where slug = $1", slug)
    return _row(record) if record else None


async def set_tenant(conn: Conn, tenant_id: uuid.UUID) -> None:
    """Scope the rest of the open transaction to one tenant (row-level security)."""
    await conn.execute(f"select set_config('{TENANT_SETTING}', $1, true)", str(tenant_id))


async def upsert(conn: Conn, values: dict[str, Any]) -> tuple[uuid.UUID, str]:
    """Insert or update by slug; returns the id and 'created' / 'updated' / 'unchanged'."""
    existing = await conn.fetchrow(
        "select id, source_hash from tenants where slug = $1 for update", values["slug"]
    )
    if existing is None:
        tenant_id = uuid.uuid4()
        cols = ["id", *values]
        await conn.execute(
            f"insert into tenants ({', '.join(cols)}) values "
            f"({', '.join(f'${i + 1}' for i in range(len(cols)))})",
            tenant_id,
            *values.values(),
        )
        return tenant_id, "created"
    if existing["source_hash"] == values["source_hash"]:
        return existing["id"], "unchanged"
    assigns = ", ".join(f"{c} = ${i + 2}" for i, c in enumerate(values))
    await conn.execute(
        f"update tenants set {assigns}, updated_at = now() where id = $1",
        existing["id"],
        *values.values(),
    )
    return existing["id"], "updated"


async def get_by_host(conn: Conn, host: str) -> TenantRow | None:
    """The office configured for a host name (tenant.yaml `hosts`), if any."""
    record = await conn.fetchrow(
        f"select {_COLS} from tenants where hosts ? $1 order by slug limit 1", host.lower()
    )
    return _row(record) if record else None


async def tenant_figures(conn: Conn) -> dict[str, Any]:
    """One round trip for the platform view; runs in the tenant's context (RLS scopes it)."""
    row = await conn.fetchrow(
        "select (select count(*) from org_units) as units,"
        " (select count(*) from users) as users,"
        " (select count(distinct sop_id) from catalogue_versions where status = 'published')"
        "   as published_sops,"
        " (select count(*) from cases where status = 'open') as open_cases,"
        " (select count(*) from tasks where status = 'active' and counts_for_office"
        "   and due_at <= now()) as overdue_tasks,"
        " (select count(*) from outbox_jobs where status in ('pending', 'sent', 'running'))"
        "   as waiting_jobs,"
        " (select count(*) from outbox_jobs where status = 'dead') as dead_jobs,"
        " (select at from audit_events order by seq desc limit 1) as last_activity"
    )
    assert row is not None  # noqa: S101 - a bare select always returns a row
    return dict(row)
