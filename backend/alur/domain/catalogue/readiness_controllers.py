"""The readiness board and its bulk actions; tenant admins only (catalogue:publish)."""

from __future__ import annotations

from litestar import Controller, get, post
from litestar.di import Provide

from alur.core.pagination import Limit, Offset
from alur.core.policy import Permission
from alur.core.security import needs, provide_tenant_context
from alur.core.tenancy import TenantContext
from alur.domain.catalogue import readiness
from alur.domain.catalogue.readiness import (
    BulkAcceptResult,
    BulkLinkColumn,
    BulkLinkResult,
    BulkSops,
    ReadinessPage,
)

ADMIN = [needs(Permission.CATALOGUE_PUBLISH)]


class ReadinessController(Controller):
    path = "/api/catalogue"
    tags = ["catalogue"]
    dependencies = {"ctx": Provide(provide_tenant_context)}

    @get("/readiness", operation_id="catalogueReadiness", guards=ADMIN)
    async def board(
        self,
        ctx: TenantContext,
        status: str = "",
        unit: str = "",
        q: str = "",
        limit: Limit = 50,
        offset: Offset = 0,
    ) -> ReadinessPage:
        """Every SOP by its newest version, with its status and what blocks it."""
        return await readiness.board(ctx, status=status, unit=unit, q=q, limit=limit, offset=offset)

    @post(
        "/bulk/accept-suggestions",
        operation_id="bulkAcceptSuggestions",
        status_code=200,
        guards=ADMIN,
    )
    async def bulk_accept(self, ctx: TenantContext, data: BulkSops) -> BulkAcceptResult:
        """Accept every suggestion of each listed SOP's draft; reported per SOP."""
        return await readiness.bulk_accept(ctx, data.sop_ids)

    @post("/bulk/link-column", operation_id="bulkLinkColumn", status_code=200, guards=ADMIN)
    async def bulk_link(self, ctx: TenantContext, data: BulkLinkColumn) -> BulkLinkResult:
        """Link the column with this header, in every draft that has it, to one rule."""
        return await readiness.bulk_link(ctx, data.header, data.rule)
