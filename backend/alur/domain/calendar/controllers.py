"""Calendar routes: everyone reads the office's working calendar; the tenant admin declares
extra days off; the platform admin keeps the national calendar right."""

from __future__ import annotations

from typing import Annotated

from litestar import Controller, delete, get, post, put
from litestar.di import Provide
from litestar.params import Parameter

from alur.core.policy import Permission
from alur.core.security import needs, provide_tenant_context
from alur.core.tenancy import TenantContext, parse_id
from alur.domain.calendar import national_services, services
from alur.domain.calendar.schemas import (
    CalendarOut,
    DayOffCreate,
    DayOffOut,
    NationalDayCreate,
    NationalDayMove,
    NationalDayRef,
    NationalRamadanSet,
    NationalYearOut,
)

Year = Annotated[int | None, Parameter(ge=2000, le=2100, description="tahun (2000-2100)")]


class CalendarController(Controller):
    path = "/api/calendar"
    tags = ["calendar"]
    dependencies = {"ctx": Provide(provide_tenant_context)}

    @get("/", operation_id="getCalendar", guards=[needs(Permission.ORG_READ)])
    async def get_calendar(self, ctx: TenantContext, year: Year = None) -> CalendarOut:
        return await services.get_calendar(ctx, year)

    @post("/days-off", operation_id="addDayOff", guards=[needs(Permission.CALENDAR_WRITE)])
    async def add_day_off(self, ctx: TenantContext, data: DayOffCreate) -> DayOffOut:
        return await services.add_day_off(ctx, data)

    @delete(
        "/days-off/{day_off_id:str}",
        operation_id="removeDayOff",
        guards=[needs(Permission.CALENDAR_WRITE)],
    )
    async def remove_day_off(self, ctx: TenantContext, day_off_id: str) -> None:
        await services.remove_day_off(ctx, parse_id(day_off_id, "Hari libur"))


class NationalCalendarController(Controller):
    """The platform-wide calendar every office inherits; each write needs a reason and is
    logged in `national_calendar_changes`."""

    path = "/api/platform/calendar"
    tags = ["platform"]
    dependencies = {"ctx": Provide(provide_tenant_context)}
    guards = [needs(Permission.PLATFORM_READ)]

    @get("/", operation_id="getNationalCalendar")
    async def get_year(self, year: Year = None) -> NationalYearOut:
        """A year's national dates with their estimated flags, its Ramadan, its corrections."""
        return await national_services.get_year(year)

    @post("/days", operation_id="addNationalDay", guards=[needs(Permission.PLATFORM_OPERATE)])
    async def add_day(self, ctx: TenantContext, data: NationalDayCreate) -> NationalYearOut:
        return await national_services.add_day(data, acting=ctx)

    @post(
        "/days/move",
        operation_id="moveNationalDay",
        status_code=200,
        guards=[needs(Permission.PLATFORM_OPERATE)],
    )
    async def move_day(self, ctx: TenantContext, data: NationalDayMove) -> NationalYearOut:
        return await national_services.move_day(data, acting=ctx)

    @post(
        "/days/remove",
        operation_id="removeNationalDay",
        status_code=200,
        guards=[needs(Permission.PLATFORM_OPERATE)],
    )
    async def remove_day(self, ctx: TenantContext, data: NationalDayRef) -> NationalYearOut:
        return await national_services.remove_day(data, acting=ctx)

    @post(
        "/days/confirm",
        operation_id="confirmNationalDay",
        status_code=200,
        guards=[needs(Permission.PLATFORM_OPERATE)],
    )
    async def confirm_day(self, ctx: TenantContext, data: NationalDayRef) -> NationalYearOut:
        return await national_services.confirm_day(data, acting=ctx)

    @put(
        "/ramadan",
        operation_id="setNationalRamadan",
        guards=[needs(Permission.PLATFORM_OPERATE)],
    )
    async def set_ramadan(self, ctx: TenantContext, data: NationalRamadanSet) -> NationalYearOut:
        return await national_services.set_ramadan(data, acting=ctx)
