"""Calendar routes: everyone reads the office's working calendar; the tenant admin declares
extra days off."""

from __future__ import annotations

from litestar import Controller, delete, get, post
from litestar.di import Provide

from alur.core.policy import Permission
from alur.core.security import needs, provide_tenant_context
from alur.core.tenancy import TenantContext, parse_id
from alur.domain.calendar import services
from alur.domain.calendar.schemas import CalendarOut, DayOffCreate, DayOffOut


class CalendarController(Controller):
    path = "/api/calendar"
    tags = ["calendar"]
    dependencies = {"ctx": Provide(provide_tenant_context)}

    @get("/", operation_id="getCalendar", guards=[needs(Permission.ORG_READ)])
    async def get_calendar(self, ctx: TenantContext, year: int | None = None) -> CalendarOut:
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
