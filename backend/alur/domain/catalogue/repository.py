"""The only place that queries the catalogue tables (tenant-scoped connections)."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from typing import Any

import msgspec

from alur.core.dbtypes import Conn
from alur.domain.catalogue.importer.performers import Org
from alur.domain.catalogue.schemas import SopSummary, VersionOut

_FILTER = (
    "where ($1::text = '' or lower(s.title) like '%' || lower($1) || '%' or s.key = $1)"
    " and ($2::text = '' or s.unit_code = $2)"
    " and ($3::text = '' or lv.status = $3 or (pv.number is not null and $3 = 'published'))"
)
_FROM = (
    "from catalogue_sops s"
    " join lateral (select number, status, document from catalogue_versions v"
    "  where v.sop_id = s.id order by number desc limit 1) lv on true"
    " left join lateral (select number from catalogue_versions v"
    "  where v.sop_id = s.id and v.status = 'published') pv on true"
)
_FROM_PUBLISHED = (
    "from catalogue_sops s"
    " join lateral (select number, status, document from catalogue_versions v"
    "  where v.sop_id = s.id and v.status = 'published' order by number desc limit 1) lv on true"
    " left join lateral (select number from catalogue_versions v"
    "  where v.sop_id = s.id and v.status = 'published') pv on true"
)
"""Only SOPs in force, each summarised from its published version (what staff may see)."""


async def list_sops(
    conn: Conn,
    *,
    q: str,
    unit: str,
    status: str,
    limit: int,
    offset: int,
    published_only: bool = False,
) -> tuple[list[SopSummary], int]:
    source = _FROM_PUBLISHED if published_only else _FROM
    rows = await conn.fetch(
        "select s.id, s.key, s.title, s.unit_code, lv.number as latest_version,"
        " lv.status as latest_status, pv.number as published_version,"
        " lv.document->>'content' as content,"
        " json_array_length(lv.document->'warnings') as warnings,"
        f" json_array_length(lv.document->'steps') as steps {source} {_FILTER}"
        " order by s.key limit $4 offset $5",
        q,
        unit,
        status,
        limit,
        offset,
    )
    total = await conn.fetchval(f"select count(*) {source} {_FILTER}", q, unit, status)
    return [SopSummary(**dict(r)) for r in rows], int(total)


async def get_sop(conn: Conn, sop_id: uuid.UUID, *, lock: bool = False) -> Any:
    return await conn.fetchrow(
        "select id, key, title, unit_code from catalogue_sops where id = $1"
        + (" for update" if lock else ""),
        sop_id,
    )


def _version(row: Any) -> VersionOut:
    data = dict(row)
    if isinstance(data["document"], str):
        data["document"] = msgspec.json.decode(data["document"])
    return msgspec.convert(data, VersionOut)


_VERSION_COLS = (
    "id, sop_id, number, status, origin, published_at, document,"
    " submitted_at, approved_at, return_note"
)


async def versions_of(conn: Conn, sop_id: uuid.UUID) -> list[VersionOut]:
    rows = await conn.fetch(
        f"select {_VERSION_COLS} from catalogue_versions where sop_id = $1 order by number",
        sop_id,
    )
    return [_version(r) for r in rows]


async def get_version(
    conn: Conn, version_id: uuid.UUID, *, lock: bool = False
) -> VersionOut | None:
    row = await conn.fetchrow(
        f"select {_VERSION_COLS} from catalogue_versions where id = $1"
        + (" for update" if lock else ""),
        version_id,
    )
    return _version(row) if row else None


async def publish(conn: Conn, version: VersionOut, user_id: uuid.UUID | None) -> None:
    await conn.execute(
        "update catalogue_versions set status = 'retired', updated_at = now()"
        " where sop_id = $1 and status = 'published'",
        version.sop_id,
    )
    await conn.execute(
        "update catalogue_versions set status = 'published', published_at = now(),"
        " published_by = $2, updated_at = now() where id = $1",
        version.id,
        user_id,
    )


# --- the tenant sync -----------------------------------------------------------------------


async def sops_by_key(conn: Conn) -> dict[str, Any]:
    rows = await conn.fetch(
        "select s.id, s.key, lv.id as version_id, lv.status, lv.origin, lv.document_hash"
        " from catalogue_sops s join lateral (select id, status, origin, document_hash"
        "  from catalogue_versions v where v.sop_id = s.id order by number desc limit 1) lv"
        " on true"
    )
    return {r["key"]: dict(r) for r in rows}


async def delete_untouched_file_sop(conn: Conn, sop_id: uuid.UUID) -> bool:
    """Remove an SOP whose only version is the draft a catalogue file made; False if it has
    any other version (then it is kept)."""
    versions = await conn.fetchval(
        "select count(*) from catalogue_versions where sop_id = $1", sop_id
    )
    if versions != 1:
        return False
    await conn.execute(
        "delete from catalogue_versions where sop_id = $1 and origin = 'file' and status = 'draft'",
        sop_id,
    )
    await conn.execute("delete from catalogue_sops where id = $1", sop_id)
    return True


async def insert_sop(
    conn: Conn, tenant_id: uuid.UUID, key: str, title: str, unit: str | None
) -> uuid.UUID:
    return uuid.UUID(
        str(
            await conn.fetchval(
                "insert into catalogue_sops (tenant_id, key, title, unit_code)"
                " values ($1, $2, $3, $4)"
                " returning id",
                tenant_id,
                key,
                title,
                unit,
            )
        )
    )


async def insert_version(
    conn: Conn, tenant_id: uuid.UUID, sop_id: uuid.UUID, document: str, digest: str
) -> None:
    await conn.execute(
        "insert into catalogue_versions (tenant_id, sop_id, number, status, origin, document,"
        " document_hash) values ($1, $2, 1, 'draft', 'file', $3::json, $4)",
        tenant_id,
        sop_id,
        document,
        digest,
    )


async def replace_import_draft(
    conn: Conn,
    sop_id: uuid.UUID,
    version_id: uuid.UUID,
    title: str,
    unit: str | None,
    document: str,
    digest: str,
) -> None:
    await conn.execute(
        "update catalogue_versions set document = $2::json, document_hash = $3,"
        " updated_at = now() where id = $1",
        version_id,
        document,
        digest,
    )
    await conn.execute(
        "update catalogue_sops set title = $2, unit_code = $3, updated_at = now() where id = $1",
        sop_id,
        title,
        unit,
    )


async def book_id_of(conn: Conn, book_name: str) -> str | None:
    """The key prefix this office's catalogue already uses for SOPs imported from a book of
    this name (the seed books keep their short ids, e.g. ``000``)."""
    key = await conn.fetchval(
        "select s.key from catalogue_sops s join catalogue_versions v on v.sop_id = s.id"
        " where v.document->'source'->>'book' = $1 order by s.key limit 1",
        book_name,
    )
    if not key or "-" not in key:
        return None
    return str(key).rsplit("-", 1)[0]


async def latest_documents(conn: Conn, *, except_sop: uuid.UUID) -> list[dict[str, Any]]:
    """The newest version's document of every other SOP of the office (to learn from)."""
    rows = await conn.fetch(
        "select distinct on (v.sop_id) v.document from catalogue_versions v"
        " where v.sop_id <> $1 order by v.sop_id, v.number desc",
        except_sop,
    )
    return [
        json.loads(r["document"]) if isinstance(r["document"], str) else r["document"] for r in rows
    ]


async def sop_by_key(conn: Conn, key: str, *, lock: bool = False) -> Any:
    return await conn.fetchrow(
        "select id, key from catalogue_sops where key = $1" + (" for update" if lock else ""), key
    )


async def insert_draft(
    conn: Conn, tenant_id: uuid.UUID, sop_id: uuid.UUID, number: int, document: str, digest: str
) -> uuid.UUID:
    return uuid.UUID(
        str(
            await conn.fetchval(
                "insert into catalogue_versions (tenant_id, sop_id, number, status, origin,"
                " document, document_hash)"
                " values ($1, $2, $3, 'draft', 'admin', $4::json, $5) returning id",
                tenant_id,
                sop_id,
                number,
                document,
                digest,
            )
        )
    )


async def update_draft(
    conn: Conn, version: VersionOut, title: str, unit: str | None, document: str, digest: str
) -> None:
    await conn.execute(
        "update catalogue_versions set document = $2::json, document_hash = $3,"
        " origin = 'admin', updated_at = now() where id = $1",
        version.id,
        document,
        digest,
    )
    await conn.execute(
        "update catalogue_sops set title = $2, unit_code = $3, updated_at = now() where id = $1",
        version.sop_id,
        title,
        unit,
    )


async def remap_draft(
    conn: Conn,
    version_id: uuid.UUID,
    sop_id: uuid.UUID,
    unit: str | None,
    document: str,
    digest: str,
) -> None:
    """The importer's own mapping redone (importer/remap.py): the version keeps its origin."""
    await conn.execute(
        "update catalogue_versions set document = $2::json, document_hash = $3, updated_at = now()"
        " where id = $1 and status = 'draft'",
        version_id,
        document,
        digest,
    )
    await conn.execute(
        "update catalogue_sops set unit_code = $2, updated_at = now() where id = $1", sop_id, unit
    )


async def document_hash(conn: Conn, version_id: uuid.UUID) -> str:
    return str(
        await conn.fetchval(
            "select document_hash from catalogue_versions where id = $1", version_id
        )
    )


async def importer_org(conn: Conn) -> Org:
    """The office's active org in the shape the importer and the suggestion engine read."""
    units = await conn.fetch(
        "select u.code, u.name, u.kind, p.code as parent from org_units u"
        " left join org_units p on p.id = u.parent_id where u.active"
    )
    positions = await conn.fetch(
        "select p.code, p.title, p.kind, u.code as unit, s.code as supervisor"
        " from org_positions p join org_units u on u.id = p.unit_id"
        " left join org_positions s on s.id = p.supervisor_id where p.active"
    )
    return Org(units=[dict(u) for u in units], positions=[dict(p) for p in positions])


# --- the readiness board -------------------------------------------------------------------


async def latest_versions(conn: Conn) -> list[Any]:
    """Every SOP with its newest version (document as text, for one typed decode) and the
    number of the version in force, if any."""
    return list(
        await conn.fetch(
            "select s.id, s.key, s.title, s.unit_code, lv.id as version_id,"
            " lv.number, lv.status, lv.document_hash, lv.document::text as document,"
            " pv.number as published_version"
            " from catalogue_sops s"
            " join lateral (select id, number, status, document_hash, document"
            "  from catalogue_versions v where v.sop_id = s.id order by number desc limit 1) lv"
            " on true"
            " left join lateral (select number from catalogue_versions v"
            "  where v.sop_id = s.id and v.status = 'published') pv on true"
            " order by s.key"
        )
    )


async def draft_of(conn: Conn, sop_id: uuid.UUID) -> uuid.UUID | None:
    """The SOP's draft (there is at most one), if it has one."""
    found = await conn.fetchval(
        "select id from catalogue_versions where sop_id = $1 and status = 'draft'"
        " order by number desc limit 1",
        sop_id,
    )
    return uuid.UUID(str(found)) if found else None


# --- pengesahan (approval by the head of office) -------------------------------------------


async def office_of(conn: Conn, tenant_id: uuid.UUID) -> Any:
    """The office's name, time zone and whether it requires pengesahan (default: yes)."""
    return await conn.fetchrow(
        "select name, time_zone,"
        " coalesce((settings -> 'catalogue' ->> 'pengesahan')::boolean, true) as pengesahan"
        " from tenants where id = $1",
        tenant_id,
    )


async def head_holding(conn: Conn, user_id: uuid.UUID, on: dt.date) -> Any:
    """The user's holding of the head-of-office position on ``on`` (definitive first, then
    Plt/Plh), with their name and NIP; None when they do not hold it that day."""
    return await conn.fetchrow(
        "select u.name, u.nip, p.title, p.code, h.kind as holding from position_holders h"
        " join org_positions p on p.id = h.position_id join users u on u.id = h.user_id"
        " where h.user_id = $1 and p.kind = 'kepala_dinas' and p.active and u.active"
        " and (h.starts_on is null or h.starts_on <= $2)"
        " and (h.ends_on is null or h.ends_on >= $2)"
        " order by h.kind = 'definitive' desc, h.kind limit 1",
        user_id,
        on,
    )


async def submitted_by(conn: Conn, version_id: uuid.UUID) -> uuid.UUID | None:
    value = await conn.fetchval(
        "select submitted_by from catalogue_versions where id = $1", version_id
    )
    return uuid.UUID(str(value)) if value else None


async def mark_submitted(
    conn: Conn, version_id: uuid.UUID, user_id: uuid.UUID | None, at: dt.datetime
) -> None:
    """A new submission answers the last return note, which is cleared."""
    await conn.execute(
        "update catalogue_versions set status = 'submitted', submitted_at = $2,"
        " submitted_by = $3, return_note = null, updated_at = now() where id = $1",
        version_id,
        at,
        user_id,
    )


async def mark_returned(
    conn: Conn, version_id: uuid.UUID, user_id: uuid.UUID | None, note: str, at: dt.datetime
) -> None:
    await conn.execute(
        "update catalogue_versions set status = 'draft', returned_at = $2, returned_by = $3,"
        " return_note = $4, submitted_at = null, submitted_by = null, updated_at = now()"
        " where id = $1",
        version_id,
        at,
        user_id,
        note,
    )


async def mark_approved(
    conn: Conn,
    version_id: uuid.UUID,
    user_id: uuid.UUID | None,
    at: dt.datetime,
    document: str,
    digest: str,
) -> None:
    """The approver's signature and date go into the document before it is published."""
    await conn.execute(
        "update catalogue_versions set document = $4::json, document_hash = $5,"
        " approved_at = $2, approved_by = $3, return_note = null, updated_at = now()"
        " where id = $1",
        version_id,
        at,
        user_id,
        document,
        digest,
    )


async def pending_versions(conn: Conn) -> list[tuple[Any, VersionOut, VersionOut | None]]:
    """Every submitted version (oldest submission first) with its SOP, its submitter's name and
    the SOP's version now in force."""
    rows = await conn.fetch(
        "select s.id as sop_id, s.key, s.title, s.unit_code, u.name as submitted_by_name,"
        " v.id as version_id, pv.id as published_id from catalogue_versions v"
        " join catalogue_sops s on s.id = v.sop_id"
        " left join users u on u.id = v.submitted_by"
        " left join catalogue_versions pv on pv.sop_id = v.sop_id and pv.status = 'published'"
        " where v.status = 'submitted' order by v.submitted_at, s.key"
    )
    out: list[tuple[Any, VersionOut, VersionOut | None]] = []
    for r in rows:
        version = await get_version(conn, r["version_id"])
        published = await get_version(conn, r["published_id"]) if r["published_id"] else None
        if version is not None:
            out.append((r, version, published))
    return out
