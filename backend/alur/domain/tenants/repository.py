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
    origin: str = "file"
    status: str = "active"
    status_reason: str = ""
    idp_secret: str = ""
    """Sealed (alur.core.secretbox); never sent to a browser."""
    calendar: dict[str, Any] = msgspec.field(default_factory=dict)
    settings: dict[str, Any] = msgspec.field(default_factory=dict)


_COLS = (
    "id, slug, name, short_name, province, time_zone, locale, hosts, office_hours, idp,"
    " source_hash, origin, status, status_reason, idp_secret, calendar, settings"
)


def _row(record: Any) -> TenantRow:
    data = dict(record)
    for key in ("hosts", "office_hours", "idp", "calendar", "settings"):
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


class PlatformOfficeError(Exception):
    """A tenants/ folder names an office that a platform admin created in the product."""


async def upsert(conn: Conn, values: dict[str, Any]) -> tuple[uuid.UUID, str]:
    """Insert or update by slug; returns the id and 'created' / 'updated' / 'unchanged'."""
    existing = await conn.fetchrow(
        "select id, source_hash, origin from tenants where slug = $1 for update", values["slug"]
    )
    if existing is not None and existing["origin"] != "file":
        raise PlatformOfficeError(values["slug"])
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


async def insert_office(conn: Conn, values: dict[str, Any]) -> uuid.UUID | None:
    """A new office made in the product; None when the slug is taken."""
    cols = list(values)
    return await conn.fetchval(  # type: ignore[no-any-return]
        f"insert into tenants (id, origin, {', '.join(cols)}) values (gen_random_uuid(),"
        f" 'platform', {', '.join(f'${i + 1}' for i in range(len(cols)))})"
        " on conflict (slug) do nothing returning id",
        *values.values(),
    )


async def update_office(conn: Conn, tenant_id: uuid.UUID, values: dict[str, Any]) -> None:
    assigns = ", ".join(f"{c} = ${i + 2}" for i, c in enumerate(values))
    await conn.execute(
        f"update tenants set {assigns}, updated_at = now() where id = $1",
        tenant_id,
        *values.values(),
    )


async def hosts_taken(conn: Conn, hosts: list[str], other_than: uuid.UUID | None) -> list[str]:
    """Which of these host names another office already answers on."""
    rows = await conn.fetch(
        "select distinct h from tenants, jsonb_array_elements_text(hosts) h"
        " where h = any($1::text[]) and ($2::uuid is null or id <> $2)",
        hosts,
        other_than,
    )
    return sorted(r["h"] for r in rows)
