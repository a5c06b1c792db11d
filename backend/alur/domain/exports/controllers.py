"""Export routes: start a case-file or catalogue export, then poll /api/jobs/{id} and fetch
the result here."""

from __future__ import annotations

from litestar import Controller, get, post
from litestar.di import Provide

from alur.core import ratelimit
from alur.core.policy import Permission
from alur.core.security import needs, provide_tenant_context
from alur.core.tenancy import TenantContext, parse_id
from alur.domain.documents.schemas import DownloadLink
from alur.domain.exports import services
from alur.domain.jobs.schemas import JobOut


class ExportsController(Controller):
    path = "/api/exports"
    tags = ["exports"]
    dependencies = {"ctx": Provide(provide_tenant_context)}

    @post("/cases/{case_id:str}", operation_id="exportCase", guards=[needs(Permission.CASES_WORK)])
    async def case_file(self, ctx: TenantContext, case_id: str) -> JobOut:
        await ratelimit.hit("export", ratelimit.caller(ctx))
        return await services.export_case(ctx, parse_id(case_id, "Kasus"))

    @post("/catalogue", operation_id="exportCatalogue", guards=[needs(Permission.EXPORTS_RUN)])
    async def catalogue(self, ctx: TenantContext) -> JobOut:
        await ratelimit.hit("export", ratelimit.caller(ctx))
        return await services.export_catalogue(ctx)

    @get("/{job_id:str}/link", operation_id="exportLink", guards=[needs(Permission.OWN_ACCOUNT)])
    async def link(self, ctx: TenantContext, job_id: str) -> DownloadLink:
        return await services.result_link(ctx, parse_id(job_id, "Ekspor"))
