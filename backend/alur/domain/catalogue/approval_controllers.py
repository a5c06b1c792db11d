"""Pengesahan routes: the tenant admin submits, the head of office approves or returns."""

from __future__ import annotations

from litestar import Controller, get, post
from litestar.di import Provide

from alur.core.policy import Permission
from alur.core.security import needs, provide_tenant_context
from alur.core.tenancy import TenantContext, parse_id
from alur.domain.catalogue import approval
from alur.domain.catalogue.schemas import ApprovalQueue, ReturnVersion, VersionOut


class CatalogueApprovalController(Controller):
    path = "/api/catalogue"
    tags = ["catalogue"]
    dependencies = {"ctx": Provide(provide_tenant_context)}

    @get("/approvals", operation_id="listApprovals", guards=[needs(Permission.CATALOGUE_READ)])
    async def approvals(self, ctx: TenantContext) -> ApprovalQueue:
        """Whether the office requires pengesahan, whether the caller may approve, and the
        versions waiting (for the head of office and the tenant admins)."""
        return await approval.approval_queue(ctx)

    @post(
        "/versions/{version_id:str}/submit",
        operation_id="submitVersion",
        status_code=200,
        guards=[needs(Permission.CATALOGUE_PUBLISH)],
    )
    async def submit(self, ctx: TenantContext, version_id: str) -> VersionOut:
        return await approval.submit_version(
            ctx, parse_id(version_id, "Versi SOP"), acting_user=ctx.user_id or ""
        )

    @post(
        "/versions/{version_id:str}/approve",
        operation_id="approveVersion",
        status_code=200,
        guards=[needs(Permission.CATALOGUE_APPROVE)],
    )
    async def approve(self, ctx: TenantContext, version_id: str) -> VersionOut:
        """Only the Kepala Dinas or its current Plt/Plh (checked by the service)."""
        return await approval.approve_version(
            ctx, parse_id(version_id, "Versi SOP"), acting_user=ctx.user_id or ""
        )

    @post(
        "/versions/{version_id:str}/return",
        operation_id="returnVersion",
        status_code=200,
        guards=[needs(Permission.CATALOGUE_APPROVE)],
    )
    async def send_back(
        self, ctx: TenantContext, version_id: str, data: ReturnVersion | None = None
    ) -> VersionOut:
        """The note is required; a missing body is refused by the service naming "note"."""
        note = data.note if data else ""
        return await approval.return_version(
            ctx, parse_id(version_id, "Versi SOP"), note, acting_user=ctx.user_id or ""
        )
