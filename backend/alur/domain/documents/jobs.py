"""The `documents.verify` job: checksum and real type decide whether a quarantined upload
becomes available. Safe to run again at any point: the final key is fixed per document, and a
document already decided is left as it is."""

from __future__ import annotations

import asyncio
import hashlib
from typing import Any

from minio.commonconfig import CopySource
from minio.error import S3Error

from alur.core import faults
from alur.core.clock import now
from alur.core.dbtypes import Conn
from alur.core.settings import get_settings
from alur.core.storage import get_storage
from alur.core.tenancy import TenantContext
from alur.domain.audit.chain import record
from alur.domain.documents import repository as repo
from alur.domain.documents.sniff import HEAD_BYTES, detect_named, refusal
from alur.domain.jobs.outbox import Claimed


def _read(bucket: str, key: str) -> tuple[str, bytes, int] | None:
    """sha256, first bytes and size of an object, streamed; None when it is not there."""
    try:
        response = get_storage().get_object(bucket, key)
    except S3Error as exc:
        if exc.code == "NoSuchKey":
            return None
        raise
    digest, head, size = hashlib.sha256(), b"", 0
    try:
        for chunk in response.stream(256 * 1024):
            digest.update(chunk)
            if len(head) < HEAD_BYTES:
                head += chunk[: HEAD_BYTES - len(head)]
            size += len(chunk)
    finally:
        response.close()
        response.release_conn()
    return digest.hexdigest(), head, size


def final_key(ctx: TenantContext, doc: dict[str, Any]) -> str:
    safe = "".join(ch if ch.isalnum() or ch in "._-" else "_" for ch in doc["name"])
    return f"tenants/{ctx.tenant_slug}/cases/{doc['case_id']}/{doc['id']}/{safe}"


async def verify(conn: Conn, ctx: TenantContext, job: Claimed) -> dict[str, Any]:
    doc = await repo.lock_for_check(conn, job.args["document_id"])
    if doc is None:
        return {"outcome": "missing"}
    if doc["status"] != "quarantine":
        return {"outcome": doc["status"]}
    bucket, target = get_settings().s3.bucket, final_key(ctx, doc)
    found = await asyncio.to_thread(_read, bucket, doc["quarantine_key"])
    promoted = False
    if found is None:  # an earlier attempt promoted it and then died before committing
        found = await asyncio.to_thread(_read, bucket, target)
        promoted = True
        if found is None:
            raise RuntimeError(f"object of document {doc['id']} is missing from storage")
    sha, head, size = found
    content_type = detect_named(head, doc["name"])
    reason = refusal(content_type)
    if doc["declared_sha256"] and doc["declared_sha256"] != sha:
        reason = "SHA-256 berkas tidak sama dengan yang dinyatakan pengunggah"
    values: dict[str, Any] = {
        "sha256": sha,
        "content_type": content_type,
        "size_bytes": size,
        "checked_at": now(),
    }
    if reason is None:
        if not promoted:
            await asyncio.to_thread(
                get_storage().copy_object,
                bucket,
                target,
                CopySource(bucket, doc["quarantine_key"]),
            )
        values |= {"status": "available", "object_key": target}
        await faults.pause("documents.after_copy", job.attempts)
    else:
        values |= {"status": "rejected", "reason": reason}
    await repo.set_outcome(conn, doc["id"], values)
    await record(
        conn,
        ctx,
        f"document.{values['status']}",
        "document",
        doc["id"],
        case_id=doc["case_id"],
        before={"status": "quarantine"},
        after={
            "status": values["status"],
            "sha256": sha,
            "content_type": content_type,
            "reason": values.get("reason", ""),
        },
    )
    if reason is None and not promoted:
        # After the copy; if this run dies before commit, the next reads the final object.
        await asyncio.to_thread(get_storage().remove_object, bucket, doc["quarantine_key"])
    return {"outcome": values["status"]}
