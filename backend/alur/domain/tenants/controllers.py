"""The office picker on the login page."""

from __future__ import annotations

from litestar import Controller, get

from alur.core.policy import Permission
from alur.core.security import AnyRequest, needs
from alur.core.tenancy import TenantContext, app_engine, tenant_transaction
from alur.domain.tenants import repository as repo
from alur.domain.tenants.schemas import TenantPublic, TenantSummary


class TenantsController(Controller):
    tags = ["tenants"]

    @get("/api/public/tenants", operation_id="listPublicTenants")
    async def list_public(self, request: AnyRequest) -> list[TenantPublic]:
        host = (request.headers.get("host") or "").split(":")[0].lower()
        async with app_engine().transaction() as tx:
            rows = await repo.list_tenants(tx.connection)
        return [
            TenantPublic(
                slug=r.slug,
                name=r.name,
                province=r.province,
                time_zone=r.time_zone,
                locale=r.locale,
                this_host=bool(host) and host in {h.lower() for h in r.hosts},
            )
            for r in rows
        ]


class PlatformController(Controller):
    """The platform admin's view across offices; each count runs in that tenant's context."""

    path = "/api/platform"
    tags = ["platform"]
    guards = [needs(Permission.PLATFORM_READ)]

    @get("/tenants", operation_id="listTenantsForPlatform")
    async def tenants(self) -> list[TenantSummary]:
        async with app_engine().transaction() as tx:
            rows = await repo.list_tenants(tx.connection)
        summaries = []
        for row in rows:
            ctx = TenantContext(tenant_id=row.id, tenant_slug=row.slug)
            async with tenant_transaction(ctx) as tx:
                units = await tx.connection.fetchval("select count(*) from org_units")
                users = await tx.connection.fetchval("select count(*) from users")
            summaries.append(
                TenantSummary(
                    slug=row.slug,
                    name=row.name,
                    province=row.province,
                    time_zone=row.time_zone,
                    issuer=str(row.idp.get("issuer", "")),
                    units=int(units),
                    users=int(users),
                )
            )
        return summaries
