"""Document routes: upload to a case (streamed raw body), list, and a presigned download."""

from __future__ import annotations

from litestar import Controller, Request, get, post
from litestar.di import Provide

from alur.core import ratelimit
from alur.core.policy import Permission
from alur.core.security import needs, provide_tenant_context
from alur.core.tenancy import TenantContext, parse_id
from alur.domain.documents import services
from alur.domain.documents.schemas import DocumentOut, DownloadLink

WORK = [needs(Permission.CASES_WORK)]
MAX_UPLOAD_BYTES = 500 * 1024 * 1024
"""The transport's ceiling; each office's own (smaller) limit is checked while streaming."""


class DocumentsController(Controller):
    path = "/api"
    tags = ["documents"]
    dependencies = {"ctx": Provide(provide_tenant_context)}
    guards = WORK

    @post(
        "/cases/{case_id:str}/documents",
        operation_id="uploadDocument",
        request_max_body_size=MAX_UPLOAD_BYTES,
    )
    async def upload(
        self,
        ctx: TenantContext,
        request: Request,  # type: ignore[type-arg]
        case_id: str,
        name: str,
        sha256: str | None = None,
        task_id: str | None = None,
    ) -> DocumentOut:
        """The raw file is the request body; `name` is its file name, `sha256` optional."""
        await ratelimit.hit("upload", ratelimit.caller(ctx))  # before a byte is streamed
        return await services.upload(
            ctx,
            parse_id(case_id, "Kasus"),
            request.stream(),
            name=name,
            sha256=sha256,
            task_id=parse_id(task_id, "Langkah") if task_id else None,
            client_type=request.headers.get("content-type", ""),
        )

    @get("/cases/{case_id:str}/documents", operation_id="listCaseDocuments")
    async def list_documents(self, ctx: TenantContext, case_id: str) -> list[DocumentOut]:
        return await services.case_documents(ctx, parse_id(case_id, "Kasus"))

    @get("/documents/{document_id:str}/link", operation_id="documentLink")
    async def link(self, ctx: TenantContext, document_id: str, seconds: int = 300) -> DownloadLink:
        """A presigned URL, valid for `seconds` (default 5 minutes)."""
        return await services.download_link(ctx, parse_id(document_id, "Dokumen"), seconds)
