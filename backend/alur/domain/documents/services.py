"""Uploading and downloading case documents.

An upload is streamed (never held whole in memory) to a quarantine key in S3, recorded as
`quarantine`, and a `documents.verify` job is written in the same transaction; the worker
decides whether it becomes `available` (docs/jobs.md). Downloads are short-lived presigned
URLs, handed only to people who may see the case.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import re
import tempfile
import uuid
from collections.abc import AsyncIterator
from typing import IO, BinaryIO, cast

from alur.core.clock import now
from alur.core.dbtypes import Conn
from alur.core.errors import ConflictError, NotFoundError, TooLargeError, ValidationError
from alur.core.settings import get_settings
from alur.core.storage import get_storage
from alur.core.tenancy import TenantContext, tenant_transaction
from alur.domain.audit.chain import record
from alur.domain.cases.context import access_case_by_id, load_work
from alur.domain.documents import repository as repo
from alur.domain.documents.schemas import DocumentOut, DownloadLink
from alur.domain.jobs import outbox

_SHA256 = re.compile(r"^[0-9a-f]{64}$")
_SPOOL_IN_MEMORY = 1024 * 1024
LINK_SECONDS = 300


def clean_name(raw: str) -> str:
    """The file's own name, without folders or control characters."""
    name = raw.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if ch.isprintable()).strip()
    if not name or name in (".", ".."):
        raise ValidationError("nama berkas harus diisi", field="name")
    if len(name) > 255:
        raise ValidationError("nama berkas paling panjang 255 karakter", field="name")
    return name


def _declared(sha256: str | None) -> str | None:
    if not sha256:
        return None
    value = sha256.strip().lower()
    if not _SHA256.match(value):
        raise ValidationError("sha256 harus 64 karakter heksadesimal", field="sha256")
    return value


async def _spool(chunks: AsyncIterator[bytes], limit: int) -> tuple[IO[bytes], int]:
    spool = tempfile.SpooledTemporaryFile(max_size=_SPOOL_IN_MEMORY)  # noqa: SIM115 - returned
    size = 0
    try:
        async for chunk in chunks:
            size += len(chunk)
            if size > limit:
                raise TooLargeError(
                    f"berkas melebihi batas {limit // (1024 * 1024)} MB instansi ini", field="file"
                )
            spool.write(chunk)
    except BaseException:
        spool.close()
        raise
    spool.seek(0)
    return spool, size


def attachment(name: str) -> str:
    """A Content-Disposition that saves the file under its name (ASCII, quotes replaced)."""
    ascii_name = name.encode("ascii", "replace").decode().replace('"', "'")
    return f'attachment; filename="{ascii_name}"'


async def upload(
    ctx: TenantContext,
    case_id: uuid.UUID,
    chunks: AsyncIterator[bytes],
    *,
    name: str,
    sha256: str | None,
    task_id: uuid.UUID | None,
    client_type: str,
) -> DocumentOut:
    name, declared = clean_name(name), _declared(sha256)
    async with tenant_transaction(ctx) as tx:
        w = await load_work(ctx, tx.connection)
        case = await access_case_by_id(w, case_id)
        if case.status != "open":
            raise ConflictError("kasus ini sudah ditutup; dokumen tidak dapat ditambah")
        if task_id is not None:
            on_case = await tx.connection.fetchval(
                "select case_id = $2 from tasks where id = $1", task_id, case_id
            )
            if not on_case:
                raise ValidationError("langkah bukan bagian dari kasus ini", field="task_id")
        limit = await repo.max_bytes(tx.connection, ctx.tenant_id)
        uploader = w.actor.user_id
    spool, size = await _spool(chunks, limit)
    if size == 0:
        spool.close()
        raise ValidationError("berkas kosong", field="file")
    document_id = uuid.uuid4()
    key = f"quarantine/{ctx.tenant_id}/{document_id}"
    bucket = get_settings().s3.bucket
    try:
        await asyncio.to_thread(
            get_storage().put_object,
            bucket,
            key,
            cast(BinaryIO, spool),
            size,
            # On the object itself, kept by the copy out of quarantine: whatever the S3 server
            # does with a link's response-* parameters, a browser saves the file, never
            # renders it. The real type is in the database.
            content_type="application/octet-stream",
            metadata={"Content-Disposition": attachment(name)},
        )
    finally:
        spool.close()
    try:
        async with tenant_transaction(ctx) as tx:
            # One upload at a time per case picks its version number (no two get the same).
            await tx.connection.execute("select 1 from cases where id = $1 for update", case_id)
            previous = await repo.latest_version(tx.connection, case_id, task_id, name)
            await repo.insert(
                tx.connection,
                ctx.tenant_id,
                {
                    "id": document_id,
                    "case_id": case_id,
                    "task_id": task_id,
                    "name": name,
                    "version": previous["version"] + 1 if previous else 1,
                    "supersedes": previous["id"] if previous else None,
                    "status": "quarantine",
                    "declared_sha256": declared,
                    "size_bytes": size,
                    "client_type": client_type[:200],
                    "quarantine_key": key,
                    "uploaded_by": uploader,
                    "uploaded_at": now(),
                },
            )
            await outbox.enqueue(
                tx.connection,
                ctx,
                "documents.verify",
                {"document_id": str(document_id)},
                key=f"documents.verify:{document_id}",
                queue="documents",
            )
            await record(
                tx.connection,
                ctx,
                "document.uploaded",
                "document",
                document_id,
                case_id=case_id,
                after={"name": name, "size": size, "task_id": task_id, "declared_sha256": declared},
            )
            out = await repo.get(tx.connection, document_id)
    except BaseException:
        await asyncio.to_thread(get_storage().remove_object, bucket, key)
        raise
    if out is None:
        raise NotFoundError("Dokumen")
    return out


async def case_documents(ctx: TenantContext, case_id: uuid.UUID) -> list[DocumentOut]:
    async with tenant_transaction(ctx) as tx:
        w = await load_work(ctx, tx.connection)
        await access_case_by_id(w, case_id)
        return await repo.of_case(tx.connection, case_id)


async def download_link(
    ctx: TenantContext, document_id: uuid.UUID, seconds: int = LINK_SECONDS
) -> DownloadLink:
    if not 1 <= seconds <= 3600:
        raise ValidationError("masa berlaku tautan 1-3600 detik", field="seconds")
    async with tenant_transaction(ctx) as tx:
        doc = await repo.get(tx.connection, document_id)
        if doc is None:
            raise NotFoundError("Dokumen")
        w = await load_work(ctx, tx.connection)
        await access_case_by_id(w, doc.case_id)  # 404 unless I may see the case
        found = await repo.object_key(tx.connection, document_id)
    if found is None or found[0] != "available" or found[2] is None:
        raise ConflictError("dokumen belum tersedia (masih diperiksa atau ditolak)")
    _, name, key = found
    assert key is not None  # noqa: S101 - checked above
    url = await asyncio.to_thread(
        get_storage().presigned_get_object,
        get_settings().s3.bucket,
        key,
        expires=dt.timedelta(seconds=seconds),
        response_headers={"response-content-disposition": attachment(name)},
    )
    return DownloadLink(url=url, expires_at=now() + dt.timedelta(seconds=seconds))


async def of_case(conn: Conn, case_id: uuid.UUID) -> list[DocumentOut]:
    """A case's documents, for the case page (in the caller's transaction)."""
    return await repo.of_case(conn, case_id)
