"""A new office's first catalogue and org, set up by the platform admin: its SOP books through
the importer (drafts, as a tenant admin's upload makes them), then an org skeleton proposed
from those drafts, reviewed and accepted. From then on the office's tenant admin owns both."""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Callable
from typing import Any, TypeVar

import msgspec

from alur.core.errors import ConflictError, ValidationError
from alur.core.tenancy import TenantContext, app_engine
from alur.domain.audit.chain import record
from alur.domain.catalogue import repository as catalogue_repo
from alur.domain.catalogue.editing import import_book_text
from alur.domain.catalogue.importer.model import SopDocument
from alur.domain.catalogue.importer.remap import remap
from alur.domain.catalogue.schemas import BookImportResult
from alur.domain.org import repository as org_repo
from alur.domain.tenants.files import OrgFile, PositionFile, Problem, UnitFile, check_org
from alur.domain.tenants.offices import actor_label, office_row
from alur.domain.tenants.org_skeleton import propose
from alur.domain.tenants.schemas import (
    OrgSkeletonAccept,
    OrgSkeletonAccepted,
    OrgSkeletonOut,
    ProposedPositionOut,
    ProposedUnitOut,
)

_Row = TypeVar("_Row", UnitFile, PositionFile)


async def import_book(actor: TenantContext, slug: str, data: bytes, name: str) -> BookImportResult:
    async with app_engine().transaction() as tx:
        office = await office_row(tx.connection, slug)
    ctx = TenantContext(office.id, office.slug, user_id=actor.user_id)
    return await import_book_text(ctx, data, name, acting_user="")


async def _has_org(conn: Any) -> bool:
    return bool(await conn.fetchval("select exists (select 1 from org_units)"))


async def skeleton(slug: str) -> OrgSkeletonOut:
    async with app_engine().transaction() as tx:
        conn = tx.connection
        office = await office_row(conn, slug)
        rows = await catalogue_repo.latest_versions(conn)
        has_org = await _has_org(conn)
    docs = [msgspec.json.decode(r["document"], type=SopDocument) for r in rows]
    proposal = propose(office.name, docs)
    return OrgSkeletonOut(
        units=[msgspec.convert(u, ProposedUnitOut, from_attributes=True) for u in proposal.units],
        positions=[
            msgspec.convert(p, ProposedPositionOut, from_attributes=True)
            for p in proposal.positions
        ],
        notes=proposal.notes,
        drafts_read=len(docs),
        has_org=has_org,
    )


def _checked(data: OrgSkeletonAccept) -> OrgFile:
    org = OrgFile(
        units=[
            UnitFile(u.code, u.name.strip(), u.kind, u.parent, u.source or "platform", u.note)
            for u in data.units
        ],
        positions=[
            PositionFile(
                p.code,
                p.title.strip(),
                p.kind,
                p.unit,
                p.supervisor,
                p.source or "platform",
                p.note,
            )
            for p in data.positions
        ],
    )
    problems: list[Problem] = []
    check_org(org, "org", problems)
    problems += [
        Problem("org", f"units[{i}].name", "nama harus diisi")
        for i, u in enumerate(org.units)
        if len(u.name) < 3
    ]
    problems += [
        Problem("org", f"positions[{i}].title", "nama jabatan harus diisi")
        for i, p in enumerate(org.positions)
        if len(p.title) < 3
    ]
    if problems:
        first = problems[0]
        raise ValidationError(
            "; ".join(f"{p.field}: {p.reason}" for p in problems[:5]), field=first.field
        )
    return org


async def accept(actor: TenantContext, slug: str, data: OrgSkeletonAccept) -> OrgSkeletonAccepted:
    """Written as the tenant admin's own rows (origin 'admin'); refused once the office has
    an org, so a second accept cannot double it."""
    org = _checked(data)
    async with app_engine().transaction() as tx:
        conn = tx.connection
        office = await office_row(conn, slug)
        if await _has_org(conn):
            raise ConflictError("instansi ini sudah memiliki struktur organisasi")
        unit_ids = {u.code: uuid.uuid4() for u in org.units}
        pos_ids = {p.code: uuid.uuid4() for p in org.positions}
        for unit in _parents_first(org.units, lambda u: u.parent):
            await org_repo.insert_row(
                conn,
                "org_units",
                {
                    "id": unit_ids[unit.code],
                    "tenant_id": office.id,
                    "code": unit.code,
                    "name": unit.name,
                    "kind": unit.kind,
                    "parent_id": unit_ids[unit.parent] if unit.parent else None,
                    "source": unit.source,
                    "note": unit.note,
                    "active": True,
                    "origin": "admin",
                },
            )
        for pos in _parents_first(org.positions, lambda p: p.supervisor):
            await org_repo.insert_row(
                conn,
                "org_positions",
                {
                    "id": pos_ids[pos.code],
                    "tenant_id": office.id,
                    "code": pos.code,
                    "title": pos.title,
                    "kind": pos.kind,
                    "unit_id": unit_ids[pos.unit],
                    "supervisor_id": pos_ids[pos.supervisor] if pos.supervisor else None,
                    "source": pos.source,
                    "note": pos.note,
                    "active": True,
                    "origin": "admin",
                },
            )
        remapped = await _remap_drafts(conn)
        await record(
            conn,
            TenantContext(office.id, office.slug),
            "office.org_skeleton_accepted",
            "tenant",
            office.id,
            after={
                "units": [u.code for u in org.units],
                "positions": [p.code for p in org.positions],
            },
            actor_label=actor_label(actor),
        )
    return OrgSkeletonAccepted(
        units=len(org.units), positions=len(org.positions), drafts_remapped=remapped
    )


async def _remap_drafts(conn: Any) -> int:
    """The drafts imported before there was an org, mapped onto it now (units, columns)."""
    org = await catalogue_repo.importer_org(conn)
    count = 0
    for row in await catalogue_repo.latest_versions(conn):
        if row["status"] != "draft":
            continue
        doc = msgspec.json.decode(row["document"], type=SopDocument)
        mapped = remap(doc, org)
        if mapped == doc:
            continue
        document = msgspec.json.encode(mapped).decode()
        digest = hashlib.sha256(document.encode()).hexdigest()
        await catalogue_repo.remap_draft(
            conn, row["version_id"], row["id"], mapped.unit.unit_code, document, digest
        )
        count += 1
    return count


def _parents_first(items: list[_Row], parent_of: Callable[[_Row], str | None]) -> list[_Row]:
    """Parents before children, so each row's foreign key holds as it is inserted."""
    placed: set[str] = set()
    ordered: list[_Row] = []
    pending = list(items)
    while pending:  # check_org has refused loops, so every pass places at least one
        for item in list(pending):
            parent = parent_of(item)
            if parent is None or parent in placed:
                ordered.append(item)
                placed.add(item.code)
                pending.remove(item)
    return ordered
