"""The only place that queries documents; every function runs on a tenant-scoped connection."""

from __future__ import annotations

import uuid
from typing import Any

from alur.core.dbtypes import Conn
from alur.domain.documents.schemas import DocumentOut

_COLS = (
    "d.id, d.case_id, d.task_id, d.name, d.version, d.supersedes, d.status, d.reason,"
    " d.sha256, d.size_bytes, d.content_type, d.uploaded_by, u.name as uploaded_by_name,"
    " d.uploaded_at, d.checked_at"
)
_FROM = "from documents d join users u on u.id = d.uploaded_by"


async def latest_version(
    conn: Conn, case_id: uuid.UUID, task_id: uuid.UUID | None, name: str
) -> dict[str, Any] | None:
    """The newest upload of this name for the same step (or the case), locked for the new
    version's number."""
    row = await conn.fetchrow(
        "select id, version from documents where case_id = $1"
        " and task_id is not distinct from $2 and name = $3 and status <> 'rejected'"
        " order by version desc limit 1 for update",
        case_id,
        task_id,
        name,
    )
    return dict(row) if row else None


async def insert(conn: Conn, tenant_id: uuid.UUID, values: dict[str, Any]) -> None:
    cols = list(values)
    await conn.execute(
        f"insert into documents (tenant_id, {', '.join(cols)}) values"
        f" ($1, {', '.join(f'${i + 2}' for i in range(len(cols)))})",
        tenant_id,
        *values.values(),
    )


async def get(conn: Conn, document_id: uuid.UUID) -> DocumentOut | None:
    row = await conn.fetchrow(f"select {_COLS} {_FROM} where d.id = $1", document_id)
    return DocumentOut(**dict(row)) if row else None


async def of_case(conn: Conn, case_id: uuid.UUID) -> list[DocumentOut]:
    rows = await conn.fetch(
        f"select {_COLS} {_FROM} where d.case_id = $1 order by d.name, d.version", case_id
    )
    return [DocumentOut(**dict(r)) for r in rows]


async def lock_for_check(conn: Conn, document_id: uuid.UUID) -> dict[str, Any] | None:
    row = await conn.fetchrow("select * from documents where id = $1 for update", document_id)
    return dict(row) if row else None


async def set_outcome(conn: Conn, document_id: uuid.UUID, values: dict[str, Any]) -> None:
    cols = list(values)
    await conn.execute(
        f"update documents set {', '.join(f'{c} = ${i + 2}' for i, c in enumerate(cols))}"
        " where id = $1",
        document_id,
        *values.values(),
    )


async def object_key(conn: Conn, document_id: uuid.UUID) -> tuple[str, str, str | None] | None:
    row = await conn.fetchrow(
        "select status, name, object_key from documents where id = $1", document_id
    )
    return (row["status"], row["name"], row["object_key"]) if row else None


async def max_bytes(conn: Conn, tenant_id: uuid.UUID) -> int:
    mb = await conn.fetchval(
        "select coalesce((settings -> 'documents' ->> 'max_mb')::int, 20) from tenants"
        " where id = $1",
        tenant_id,
    )
    return int(mb or 20) * 1024 * 1024
