"""The office picker on the login page."""

from __future__ import annotations

from litestar import Controller, get

from alur.core.tenancy import app_engine
from alur.domain.tenants import repository as repo
from alur.domain.tenants.schemas import TenantPublic


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
