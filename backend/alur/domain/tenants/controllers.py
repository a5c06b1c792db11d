"""The office picker on the login page."""

from __future__ import annotations

import asyncio

from litestar import Controller, get

from alur.core.policy import Permission
from alur.core.security import AnyRequest, needs
from alur.core.tenancy import TenantContext, app_engine, tenant_transaction
from alur.domain.tenants import repository as repo
from alur.domain.tenants.schemas import TenantPublic, TenantSummary
from alur.health import ReadyReport, idp_check, platform_status, run_check


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
            # Offered only where a sign-in can work: not suspended, and its IdP connected.
            if r.status == "active" and r.idp.get("issuer")
        ]


class PlatformController(Controller):
    """The platform admin's view across offices; each count runs in that tenant's context."""

    path = "/api/platform"
    tags = ["platform"]
    guards = [needs(Permission.PLATFORM_READ)]

    @get("/status", operation_id="getPlatformStatus")
    async def status(self) -> ReadyReport:
        """Every part with its detail, each office's IdP included (never cached)."""
        return await platform_status()

    @get("/tenants", operation_id="listTenantsForPlatform")
    async def tenants(self) -> list[TenantSummary]:
        """Each office's size, work and health: its IdP answering discovery, jobs that died,
        overdue steps. The IdP checks run side by side, each bounded by the health timeout."""
        async with app_engine().transaction() as tx:
            rows = await repo.list_tenants(tx.connection)
        idps = await asyncio.gather(
            *(run_check(f"idp:{r.slug}", idp_check(str(r.idp.get("issuer", "")))) for r in rows)
        )
        summaries = []
        for row, idp in zip(rows, idps, strict=True):
            ctx = TenantContext(tenant_id=row.id, tenant_slug=row.slug)
            async with tenant_transaction(ctx) as tx:
                figures = await repo.tenant_figures(tx.connection)
            problems = [] if idp.ok else [idp.detail]
            if figures["dead_jobs"]:
                problems.append(f"{figures['dead_jobs']} pekerjaan latar gagal (lihat di bawah)")
            summaries.append(
                TenantSummary(
                    slug=row.slug,
                    name=row.name,
                    province=row.province,
                    time_zone=row.time_zone,
                    issuer=str(row.idp.get("issuer", "")),
                    **figures,
                    idp=idp,
                    healthy=not problems,
                    problems=problems,
                )
            )
        return summaries
