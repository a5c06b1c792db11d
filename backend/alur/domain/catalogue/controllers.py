"""Catalogue routes."""

from __future__ import annotations

from typing import Annotated

from litestar import Controller, get, post
from litestar.di import Provide
from litestar.params import Parameter

from alur.core.policy import Permission
from alur.core.security import needs, provide_tenant_context
from alur.core.tenancy import TenantContext, parse_id
from alur.domain.catalogue import services
from alur.domain.catalogue.schemas import SopDetail, SopPage, ValidationReport

Limit = Annotated[int, Parameter(ge=1, le=200)]
Offset = Annotated[int, Parameter(ge=0)]


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
