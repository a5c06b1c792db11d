"""The office picker on the login page, and who am I."""

from __future__ import annotations

from litestar import Controller, Request, get

from alur.core.security import current_session
from alur.core.tenancy import app_engine
from alur.domain.tenants import repository as repo
from alur.domain.tenants.schemas import MeResponse, MeTenant, MeUser, TenantPublic


class TenantsController(Controller):
    tags = ["tenants"]

    @get("/api/public/tenants", operation_id="listPublicTenants")
    async def list_public(self) -> list[TenantPublic]:
        async with app_engine().transaction() as tx:
            rows = await repo.list_tenants(tx.connection)
        return [
            TenantPublic(
                slug=r.slug,
                name=r.name,
                province=r.province,
                time_zone=r.time_zone,
                locale=r.locale,
            )
            for r in rows
        ]

    @get("/api/me", operation_id="getMe")
    async def me(self, request: Request) -> MeResponse:  # type: ignore[type-arg]
        session = await current_session(request)
        async with app_engine().transaction() as tx:
            tenant = await repo.get_by_slug(tx.connection, session.tenant_slug)
        return MeResponse(
            user=MeUser(
                id=session.user_sub,
                name=session.name,
                nip=session.nip,
                email=session.email,
                roles=session.roles,
                positions=[],
            ),
            tenant=MeTenant(
                slug=session.tenant_slug,
                name=tenant.name if tenant else session.tenant_slug,
                time_zone=tenant.time_zone if tenant else "",
            ),
        )
