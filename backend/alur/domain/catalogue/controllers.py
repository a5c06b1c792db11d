"""Catalogue routes."""

from __future__ import annotations

from typing import Annotated, Any

from litestar import Controller, Response, get, post, put
from litestar.di import Provide
from litestar.exceptions import ValidationException
from litestar.params import Parameter

from alur.core import ratelimit
from alur.core.errors import ValidationError
from alur.core.pagination import Limit, Offset
from alur.core.policy import Permission
from alur.core.security import AnyRequest, needs, provide_tenant_context
from alur.core.tenancy import TenantContext, parse_id
from alur.domain.catalogue import editing, services
from alur.domain.catalogue.importer.model import SopDocument
from alur.domain.catalogue.schemas import (
    AcceptSuggestions,
    BookImportResult,
    DiffEntry,
    SopDetail,
    SopPage,
    SuggestionReport,
    ValidationReport,
    VersionOut,
)

READ = [needs(Permission.CATALOGUE_READ)]
WRITE = [needs(Permission.CATALOGUE_PUBLISH)]


def _malformed_document(_: AnyRequest, exc: ValidationException) -> Response[dict[str, object]]:
    """A body that is no SopDocument is refused like any domain refusal: 422 naming the field
    (Litestar's own answer is a generic 400)."""
    problems = exc.extra if isinstance(exc.extra, list) else []
    first: dict[str, Any] = problems[0] if problems else {}
    status = ValidationError.status_code
    body: dict[str, object] = {"status_code": status, "detail": first.get("message", exc.detail)}
    if first.get("key") not in (None, "data"):  # "data": the document as a whole
        body["field"] = first["key"]
    return Response(body, status_code=status)


class CatalogueController(Controller):
    path = "/api/catalogue"
    tags = ["catalogue"]
    dependencies = {"ctx": Provide(provide_tenant_context)}

    @get("/sops", operation_id="listSops", guards=[needs(Permission.CATALOGUE_READ)])
    async def list_sops(
        self,
        ctx: TenantContext,
        q: str = "",
        unit: str = "",
        status: str = "",
        limit: Limit = 50,
        offset: Offset = 0,
    ) -> SopPage:
        return await services.list_sops(
            ctx, q=q, unit=unit, status=status, limit=limit, offset=offset
        )

    @get("/sops/{sop_id:str}", operation_id="getSop", guards=[needs(Permission.CATALOGUE_READ)])
    async def get_sop(self, ctx: TenantContext, sop_id: str) -> SopDetail:
        return await services.access_sop_by_id(ctx, parse_id(sop_id, "SOP"))

    @post(
        "/versions/{version_id:str}/validate",
        operation_id="validateVersion",
        status_code=200,
        guards=[needs(Permission.CATALOGUE_READ)],
    )
    async def validate(self, ctx: TenantContext, version_id: str) -> ValidationReport:
        return await services.validate_version(ctx, parse_id(version_id, "Versi SOP"))

    @get(
        "/versions/{version_id:str}/suggestions",
        operation_id="suggestPerformers",
        guards=WRITE,
    )
    async def suggestions(self, ctx: TenantContext, version_id: str) -> SuggestionReport:
        """Proposed performers for steps without a read one, with confidence and reasons."""
        return await services.suggest_for_version(ctx, parse_id(version_id, "Versi SOP"))

    @post(
        "/versions/{version_id:str}/accept-suggestions",
        operation_id="acceptSuggestions",
        status_code=200,
        guards=WRITE,
    )
    async def accept_suggestions(
        self, ctx: TenantContext, version_id: str, data: AcceptSuggestions
    ) -> VersionOut:
        """Accept the proposed performers and column links of a draft (all, or those listed)."""
        return await editing.accept_suggestions(
            ctx,
            parse_id(version_id, "Versi SOP"),
            data.positions,
            acting_user=ctx.user_id or "",
            columns=data.columns,
        )

    @post(
        "/versions/{version_id:str}/publish",
        operation_id="publishVersion",
        status_code=200,
        guards=[needs(Permission.CATALOGUE_PUBLISH)],
    )
    async def publish(self, ctx: TenantContext, version_id: str) -> ValidationReport:
        return await services.publish_version(
            ctx, parse_id(version_id, "Versi SOP"), acting_user=ctx.user_id or ""
        )


class CatalogueEditController(Controller):
    """Drafts, export/import and comparison; writes need catalogue:publish (tenant admin)."""

    path = "/api/catalogue"
    tags = ["catalogue"]
    dependencies = {"ctx": Provide(provide_tenant_context)}

    @post("/sops/{sop_id:str}/drafts", operation_id="createDraft", guards=WRITE)
    async def create_draft(self, ctx: TenantContext, sop_id: str) -> VersionOut:
        return await editing.create_draft(
            ctx, parse_id(sop_id, "SOP"), acting_user=ctx.user_id or ""
        )

    @put(
        "/versions/{version_id:str}/document",
        operation_id="replaceDocument",
        guards=WRITE,
        exception_handlers={ValidationException: _malformed_document},
    )
    async def replace_document(
        self, ctx: TenantContext, version_id: str, data: SopDocument
    ) -> VersionOut:
        return await editing.replace_document(
            ctx, parse_id(version_id, "Versi SOP"), data, acting_user=ctx.user_id or ""
        )

    @get("/versions/{version_id:str}/export", operation_id="exportVersion", guards=READ)
    async def export(
        self, ctx: TenantContext, version_id: str, format: str = "yaml"
    ) -> Response[str]:
        body = await editing.export_version(ctx, parse_id(version_id, "Versi SOP"), format)
        media = "application/yaml" if format == "yaml" else "application/json"
        return Response(body, media_type=f"{media}; charset=utf-8")

    @post("/import", operation_id="importDocument", guards=WRITE)
    async def import_document(self, ctx: TenantContext, request: AnyRequest) -> VersionOut:
        await ratelimit.hit("import", ratelimit.caller(ctx))
        text = (await request.body()).decode("utf-8", errors="replace")
        return await editing.import_document(ctx, text, acting_user=ctx.user_id or "")

    @post("/import-book", operation_id="importBook", guards=WRITE)
    async def import_book(
        self, ctx: TenantContext, request: AnyRequest, name: str = "buku-sop.txt"
    ) -> BookImportResult:
        await ratelimit.hit("import", ratelimit.caller(ctx))
        data = await request.body()
        return await editing.import_book_text(ctx, data, name, acting_user=ctx.user_id or "")

    @get("/diff", operation_id="diffVersions", guards=READ)
    async def diff(
        self, ctx: TenantContext, from_: Annotated[str, Parameter(query="from")], to: str
    ) -> list[DiffEntry]:
        return await editing.diff_versions(
            ctx, parse_id(from_, "Versi SOP"), parse_id(to, "Versi SOP")
        )
