"""Job routes: a user polls their own job; the platform admin handles dead letters."""

from __future__ import annotations

from typing import Annotated

from litestar import Controller, get, post
from litestar.di import Provide
from litestar.params import Parameter

from alur.core.pagination import Limit
from alur.core.policy import Permission
from alur.core.security import needs, provide_tenant_context
from alur.core.tenancy import TenantContext, parse_id
from alur.domain.jobs import services
from alur.domain.jobs.schemas import JobOut, JobPage

DeadOffset = Annotated[int, Parameter(ge=0, le=10_000, description="rows to skip (0-10000)")]
"""Bounded lower than elsewhere: a page of the merged list reads offset+limit per office."""


class JobsController(Controller):
    path = "/api/jobs"
    tags = ["jobs"]
    dependencies = {"ctx": Provide(provide_tenant_context)}

    @get("/{job_id:str}", operation_id="getJob", guards=[needs(Permission.OWN_ACCOUNT)])
    async def get_job(self, ctx: TenantContext, job_id: str) -> JobOut:
        """Progress and result of a job I started (exports)."""
        return await services.my_job(ctx, parse_id(job_id, "Pekerjaan"))


class DeadLettersController(Controller):
    path = "/api/platform/jobs"
    tags = ["platform"]
    dependencies = {"ctx": Provide(provide_tenant_context)}
    guards = [needs(Permission.PLATFORM_READ)]

    @get("/dead", operation_id="listDeadJobs")
    async def dead(self, limit: Limit = 25, offset: DeadOffset = 0) -> JobPage:
        return await services.dead_letters(limit, offset)

    @post(
        "/{job_id:str}/retry",
        operation_id="retryDeadJob",
        status_code=200,
        guards=[needs(Permission.PLATFORM_OPERATE)],
    )
    async def retry(self, ctx: TenantContext, job_id: str) -> JobOut:
        return await services.retry_dead(
            parse_id(job_id, "Pekerjaan"),
            acting_user=ctx.user_id or "",
            acting_tenant=ctx.tenant_slug,
        )
