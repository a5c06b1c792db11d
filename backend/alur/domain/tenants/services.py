"""Tenant sync: the files under tenants/ are the source of truth for each office's setup."""

from __future__ import annotations

import hashlib
import json
import uuid
from collections import Counter
from pathlib import Path
from typing import Any

import asyncpg
import msgspec

from alur.domain.catalogue.services import load_catalogue, read_catalogue
from alur.domain.org import repository as org_repo
from alur.domain.tenants import repository as tenant_repo
from alur.domain.tenants.files import (
    Problem,
    TenantBundle,
    TenantConfigError,
    idp_json,
    load_tenants,
)

SyncReport = dict[str, dict[str, dict[str, int]]]


async def sync_tenants(owner_dsn: str, root: Path, only: list[str] | None = None) -> SyncReport:
    """Load every tenant folder in one transaction: all files valid and written, or nothing."""
    bundles = load_tenants(root, only)  # raises TenantConfigError before any write
    catalogues: dict[str, list[Any]] = {}
    problems: list[Problem] = []
    for bundle in bundles:
        slug = bundle.tenant.slug
        docs, bad = read_catalogue(root / slug / "catalogue")
        catalogues[slug] = docs
        problems += [Problem(f"tenants/{slug}/catalogue/{f}", field, why) for f, field, why in bad]
        problems += [
            Problem(
                f"tenants/{slug}/catalogue/{path.name}", "tenant", f"names tenant {doc.tenant!r}"
            )
            for path, doc in docs
            if doc.tenant != slug
        ]
    if problems:
        raise TenantConfigError(problems)
    conn = await asyncpg.connect(owner_dsn)
    try:
        async with conn.transaction():
            await conn.execute("select pg_advisory_xact_lock(hashtext('alur.tenant_sync'))")
            report: SyncReport = {}
            for bundle in bundles:
                slug = bundle.tenant.slug
                report[slug] = await _sync_one(conn, bundle)
                tenant_id = await conn.fetchval("select id from tenants where slug = $1", slug)
                report[slug]["catalogue"] = await load_catalogue(conn, tenant_id, catalogues[slug])
            return report
    finally:
        await conn.close()


async def _sync_one(conn: Any, bundle: TenantBundle) -> dict[str, dict[str, int]]:
    t = bundle.tenant
    values: dict[str, Any] = {
        "slug": t.slug,
        "name": t.name,
        "short_name": t.short_name,
        "province": t.province,
        "time_zone": t.time_zone,
        "locale": t.locale,
        "hosts": json.dumps(t.hosts),
        "office_hours": json.dumps({d: [list(s) for s in v] for d, v in t.office_hours.items()}),
        "idp": idp_json(t),
        "calendar": msgspec.json.encode(t.calendar).decode(),
        "settings": msgspec.json.encode(
            {"documents": t.documents, "escalation": t.escalation, "catalogue": t.catalogue}
        ).decode(),
    }
    # The hash covers the values as stored (placeholders expanded), so an environment change
    # (a new issuer URL) is an update, while an unchanged file is not.
    values["source_hash"] = hashlib.sha256(json.dumps(values, sort_keys=True).encode()).hexdigest()
    try:
        tenant_id, outcome = await tenant_repo.upsert(conn, values)
    except tenant_repo.PlatformOfficeError:
        raise TenantConfigError(
            [
                Problem(
                    f"tenants/{t.slug}/tenant.yaml",
                    "slug",
                    "an office with this slug was created in the product by a platform admin;"
                    " the database, not a file, keeps it",
                )
            ]
        ) from None
    await tenant_repo.set_tenant(conn, tenant_id)

    units = await org_repo.units_by_code(conn)
    unit_ids = {code: row["id"] for code, row in units.items()}
    for u in bundle.org.units:
        unit_ids.setdefault(u.code, uuid.uuid4())
    unit_rows = {
        u.code: {
            "name": u.name,
            "kind": u.kind,
            "source": u.source,
            "note": u.note,
            "active": True,
            "parent_id": unit_ids[u.parent] if u.parent else None,
        }
        for u in bundle.org.units
    }
    unit_counts = await _apply(conn, "org_units", tenant_id, units, unit_rows, unit_ids)

    positions = await org_repo.positions_by_code(conn)
    pos_ids = {code: row["id"] for code, row in positions.items()}
    for p in bundle.org.positions:
        pos_ids.setdefault(p.code, uuid.uuid4())
    pos_rows = {
        p.code: {
            "title": p.title,
            "kind": p.kind,
            "source": p.source,
            "note": p.note,
            "active": True,
            "unit_id": unit_ids[p.unit],
            "supervisor_id": pos_ids[p.supervisor] if p.supervisor else None,
        }
        for p in bundle.org.positions
    }
    pos_counts = await _apply(conn, "org_positions", tenant_id, positions, pos_rows, pos_ids)
    return {"tenant": {outcome: 1}, "units": unit_counts, "positions": pos_counts}


async def _apply(
    conn: Any,
    table: str,
    tenant_id: uuid.UUID,
    existing: dict[str, dict[str, Any]],
    wanted: dict[str, dict[str, Any]],
    ids: dict[str, uuid.UUID],
) -> dict[str, int]:
    """Create what is new, update what differs, deactivate what the file no longer lists;
    rows an admin took over in the product are kept as they are."""
    counts: Counter[str] = Counter()
    for code, values in wanted.items():
        row = existing.get(code)
        if row is not None and row["origin"] == "admin":
            counts["kept"] += 1  # the tenant admin took this row over in the product
            continue
        if row is None:
            await org_repo.insert_row(
                conn, table, {"id": ids[code], "tenant_id": tenant_id, "code": code, **values}
            )
            counts["created"] += 1
            continue
        changes = {k: v for k, v in values.items() if row[k] != v}
        if changes:
            await org_repo.update_row(conn, table, row["id"], changes)
            counts["updated"] += 1
        else:
            counts["unchanged"] += 1
    for code, row in existing.items():
        if code not in wanted and row["active"] and row["origin"] == "file":
            # Kept, not deleted: later work (cases, holders) may still point at it.
            await org_repo.update_row(conn, table, row["id"], {"active": False})
            counts["deactivated"] += 1
    return {k: counts[k] for k in ("created", "updated", "unchanged", "deactivated", "kept")}
