"""Starting exports (as outbox jobs the requester can poll) and handing out their results."""

from __future__ import annotations

import asyncio
import datetime as dt
import uuid

from alur.core.clock import now
from alur.core.errors import ConflictError, NotFoundError
from alur.core.settings import get_settings
from alur.core.storage import get_storage
from alur.core.tenancy import TenantContext, tenant_transaction
from alur.domain.cases.context import access_case_by_id, load_work
from alur.domain.documents.schemas import DownloadLink
from alur.domain.jobs import outbox
from alur.domain.jobs.schemas import JobOut
from alur.domain.jobs.services import my_job


async def export_case(ctx: TenantContext, case_id: uuid.UUID) -> JobOut:
    async with tenant_transaction(ctx) as tx:
        w = await load_work(ctx, tx.connection)
        await access_case_by_id(w, case_id)
        job_id = await outbox.enqueue(
            tx.connection,
            ctx,
            "exports.case_file",
            {"case_id": str(case_id)},
            key=f"export:case:{case_id}:{uuid.uuid4()}",
            queue="exports",
        )
    assert job_id is not None  # noqa: S101 - a fresh key
    return await my_job(ctx, job_id)


async def export_catalogue(ctx: TenantContext) -> JobOut:
    async with tenant_transaction(ctx) as tx:
        job_id = await outbox.enqueue(
            tx.connection,
            ctx,
            "exports.catalogue",
            {},
            key=f"export:catalogue:{uuid.uuid4()}",
            queue="exports",
        )
    assert job_id is not None  # noqa: S101 - a fresh key
    return await my_job(ctx, job_id)


async def result_link(ctx: TenantContext, job_id: uuid.UUID) -> DownloadLink:
    job = await my_job(ctx, job_id)  # 404 unless I started it
    if job.status != "done" or not isinstance(job.result, dict) or "object_key" not in job.result:
        raise ConflictError(f"ekspor belum selesai (status {job.status})")
    if not job.actor.startswith("exports."):
        raise NotFoundError("Ekspor")
    url = await asyncio.to_thread(
        get_storage().presigned_get_object,
        get_settings().s3.bucket,
        job.result["object_key"],
        expires=dt.timedelta(minutes=5),
    )
    return DownloadLink(url=url, expires_at=now() + dt.timedelta(minutes=5))
