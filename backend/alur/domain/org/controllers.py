"""Org routes: parse input, check the declared permission, call the service."""

from __future__ import annotations

import uuid
from typing import Annotated

from litestar import Controller, Response, delete, get, patch, post
from litestar.di import Provide
from litestar.params import Parameter

from alur.core.errors import ValidationError
from alur.core.pagination import Limit, Offset
from alur.core.policy import Permission
from alur.core.security import needs, provide_tenant_context
from alur.core.tenancy import TenantContext, parse_id
from alur.domain.identity import services as identity
from alur.domain.identity.schemas import TenantAdminOut
from alur.domain.org import appointments, services
from alur.domain.org.schemas import (
    AppointmentDecision,
    AppointmentRequestOut,
    AppointmentRequestPage,
    HolderCreate,
    HolderEnd,
    HolderOut,
    PositionCreate,
    PositionOut,
    PositionPage,
    PositionPatch,
    UnitCreate,
    UnitOut,
    UnitPage,
    UnitPatch,
)

READ = [needs(Permission.ORG_READ)]
WRITE = [needs(Permission.ORG_WRITE)]
APPROVE = [needs(Permission.ORG_APPROVE)]


class OrgController(Controller):
    path = "/api/org"
    tags = ["org"]
    dependencies = {"ctx": Provide(provide_tenant_context)}

    @get("/admins", operation_id="listTenantAdmins", guards=READ)
    async def list_admins(self, ctx: TenantContext) -> list[TenantAdminOut]:
        """The office's tenant admins (who publish SOPs and manage users): names and position
        titles only, for any member to know whom to ask."""
        return await identity.tenant_admins(ctx)

    @get("/units", operation_id="listUnits", guards=READ)
    async def list_units(
        self, ctx: TenantContext, limit: Limit = 50, offset: Offset = 0
    ) -> UnitPage:
        return await services.list_units(ctx, limit=limit, offset=offset)

    @post("/units", operation_id="createUnit", guards=WRITE)
    async def create_unit(self, ctx: TenantContext, data: UnitCreate) -> UnitOut:
        return await services.create_unit(ctx, data, acting_user=ctx.user_id or "")

    @get("/units/{unit_id:str}", operation_id="getUnit", guards=READ)
    async def get_unit(self, ctx: TenantContext, unit_id: str) -> UnitOut:
        return await services.access_unit_by_id(ctx, parse_id(unit_id, "Unit"))

    @patch("/units/{unit_id:str}", operation_id="updateUnit", guards=WRITE)
    async def update_unit(self, ctx: TenantContext, unit_id: str, data: UnitPatch) -> UnitOut:
        return await services.update_unit(
            ctx, parse_id(unit_id, "Unit"), data, acting_user=ctx.user_id or ""
        )

    @get("/positions", operation_id="listPositions", guards=READ)
    async def list_positions(
        self,
        ctx: TenantContext,
        unit_id: uuid.UUID | None = None,
        limit: Limit = 50,
        offset: Offset = 0,
    ) -> PositionPage:
        return await services.list_positions(ctx, unit_id=unit_id, limit=limit, offset=offset)

    @post("/positions", operation_id="createPosition", guards=WRITE)
    async def create_position(self, ctx: TenantContext, data: PositionCreate) -> PositionOut:
        return await services.create_position(ctx, data, acting_user=ctx.user_id or "")

    @get("/positions/{position_id:str}", operation_id="getPosition", guards=READ)
    async def get_position(self, ctx: TenantContext, position_id: str) -> PositionOut:
        return await services.access_position_by_id(ctx, parse_id(position_id, "Jabatan"))

    @patch("/positions/{position_id:str}", operation_id="updatePosition", guards=WRITE)
    async def update_position(
        self, ctx: TenantContext, position_id: str, data: PositionPatch
    ) -> PositionOut:
        return await services.update_position(
            ctx, parse_id(position_id, "Jabatan"), data, acting_user=ctx.user_id or ""
        )

    @get("/positions/{position_id:str}/holders", operation_id="listHolders", guards=READ)
    async def list_holders(self, ctx: TenantContext, position_id: str) -> list[HolderOut]:
        return await services.holders(ctx, parse_id(position_id, "Jabatan"))

    @post("/positions/{position_id:str}/holders", operation_id="addHolder", guards=WRITE)
    async def add_holder(
        self, ctx: TenantContext, position_id: str, data: HolderCreate
    ) -> Response[HolderOut | AppointmentRequestOut]:
        """201 with the holding; 202 with a request when the post is above the appointer's
        own reach and waits for the head of office."""
        made = await services.add_holder(
            ctx, parse_id(position_id, "Jabatan"), data, acting_user=ctx.user_id or ""
        )
        return Response(made, status_code=202 if isinstance(made, AppointmentRequestOut) else 201)

    @get("/appointment-requests", operation_id="listAppointmentRequests", guards=APPROVE)
    async def appointment_requests(
        self,
        ctx: TenantContext,
        status: str = "pending",
        position: Annotated[str | None, Parameter(query="position_id")] = None,
        limit: Limit = 50,
    ) -> AppointmentRequestPage:
        if status not in ("", "pending", "approved", "rejected"):
            raise ValidationError("status harus pending, approved, atau rejected", field="status")
        position_id = parse_id(position, "Jabatan") if position else None
        return await appointments.list_requests(ctx, status, position_id, limit)

    @post(
        "/appointment-requests/{request_id:str}/approve",
        operation_id="approveAppointment",
        guards=APPROVE,
        status_code=200,
    )
    async def approve_appointment(
        self, ctx: TenantContext, request_id: str, data: AppointmentDecision
    ) -> AppointmentRequestOut:
        return await appointments.approve(
            ctx, parse_id(request_id, "Usulan pengangkatan"), data.note.strip()
        )

    @post(
        "/appointment-requests/{request_id:str}/reject",
        operation_id="rejectAppointment",
        guards=APPROVE,
        status_code=200,
    )
    async def reject_appointment(
        self, ctx: TenantContext, request_id: str, data: AppointmentDecision
    ) -> AppointmentRequestOut:
        if len(data.note.strip()) < 3:
            raise ValidationError("tuliskan alasan penolakan", field="note")
        return await appointments.reject(
            ctx, parse_id(request_id, "Usulan pengangkatan"), data.note.strip()
        )

    @patch("/holders/{holder_id:str}", operation_id="endHolder", guards=WRITE)
    async def end_holder(self, ctx: TenantContext, holder_id: str, data: HolderEnd) -> HolderOut:
        """End the appointment on `ends_on`; it stays in the record."""
        return await services.end_holder(
            ctx, parse_id(holder_id, "Pemegang jabatan"), data, acting_user=ctx.user_id or ""
        )

    @delete("/holders/{holder_id:str}", operation_id="removeHolder", guards=WRITE)
    async def remove_holder(self, ctx: TenantContext, holder_id: str) -> None:
        await services.remove_holder(
            ctx, parse_id(holder_id, "Pemegang jabatan"), acting_user=ctx.user_id or ""
        )
