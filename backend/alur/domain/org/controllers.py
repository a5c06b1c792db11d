"""Org routes: parse input, call the service."""

from __future__ import annotations

from typing import Annotated

from litestar import Controller, get, patch
from litestar.di import Provide
from litestar.params import Parameter

from alur.core.security import provide_tenant_context
from alur.core.tenancy import TenantContext, parse_id
from alur.domain.org import services
from alur.domain.org.schemas import PositionOut, UnitOut, UnitPage, UnitPatch


class OrgController(Controller):
    path = "/api/org"
    tags = ["org"]
    dependencies = {"ctx": Provide(provide_tenant_context)}

    @get("/units", operation_id="listUnits")
    async def list_units(
        self,
        ctx: TenantContext,
        limit: Annotated[int, Parameter(ge=1, le=200)] = 50,
        offset: Annotated[int, Parameter(ge=0)] = 0,
    ) -> UnitPage:
        return await services.list_units(ctx, limit=limit, offset=offset)

    @get("/units/{unit_id:str}", operation_id="getUnit")
    async def get_unit(self, ctx: TenantContext, unit_id: str) -> UnitOut:
        return await services.access_unit_by_id(ctx, parse_id(unit_id, "Unit"))

    @patch("/units/{unit_id:str}", operation_id="updateUnit")
    async def update_unit(self, ctx: TenantContext, unit_id: str, data: UnitPatch) -> UnitOut:
        return await services.update_unit(
            ctx, parse_id(unit_id, "Unit"), data, acting_user=ctx.user_id or ""
        )

    @get("/positions/{position_id:str}", operation_id="getPosition")
    async def get_position(self, ctx: TenantContext, position_id: str) -> PositionOut:
        return await services.access_position_by_id(ctx, parse_id(position_id, "Jabatan"))
