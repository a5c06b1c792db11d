"""Audit routes: the trail and its verification, for the tenant admin."""

from __future__ import annotations

from litestar import Controller, get
from litestar.di import Provide

from alur.core.pagination import Limit, Offset
from alur.core.policy import Permission
from alur.core.security import needs, provide_tenant_context
from alur.core.tenancy import TenantContext
from alur.domain.audit import services
from alur.domain.audit.schemas import AuditPage, ChainOut


class AuditController(Controller):
    path = "/api/audit"
    tags = ["audit"]
    dependencies = {"ctx": Provide(provide_tenant_context)}
    guards = [needs(Permission.AUDIT_READ)]

    @get("/events", operation_id="listAuditEvents")
    async def list_events(
        self,
        ctx: TenantContext,
        entity: str = "",
        entity_id: str = "",
        limit: Limit = 50,
        offset: Offset = 0,
    ) -> AuditPage:
        return await services.list_events(
            ctx, entity=entity, entity_id=entity_id, limit=limit, offset=offset
        )

    @get("/verify", operation_id="verifyAuditChain")
    async def verify(self, ctx: TenantContext) -> ChainOut:
        """Walks the whole chain and names the first broken link."""
        return await services.verify_chain(ctx)
