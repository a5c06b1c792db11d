"""Each office's working calendar: the national calendar (libur nasional, cuti bersama, Ramadan
hours, with the platform admin's corrections), then the office's own settings from tenant.yaml
(hours, special hours, days off) and the days its tenant admin declares. Built per unit of
work (a few small queries) so a change applies to the next deadline computed, with no cache
to invalidate."""

from __future__ import annotations

import datetime as dt
import uuid
from zoneinfo import ZoneInfo

from alur.core.clock import now
from alur.core.dbtypes import Conn
from alur.core.errors import ConflictError, NotFoundError, ValidationError
from alur.core.tenancy import TenantContext, tenant_transaction
from alur.domain.audit.chain import record
from alur.domain.calendar import repository as repo
from alur.domain.calendar.national_services import check_year, national_calendar, ramadan_out
from alur.domain.calendar.schemas import CalendarOut, DayOffCreate, DayOffOut
from alur.domain.calendar.working_time import SpecialHours, WorkingCalendar, parse_week

_CACHE: dict[uuid.UUID, tuple[tuple[int, int], WorkingCalendar]] = {}


async def cached_calendar(
    conn: Conn, tenant_id: uuid.UUID, version: tuple[int, int]
) -> WorkingCalendar:
    """calendar_for, kept per office while (office, national) change counters stay as they
    were read (read before the calendar, so a change in between is a later miss, not a stale
    hit). Counters move with every change: new deadlines still follow a correction at once."""
    cached = _CACHE.get(tenant_id)
    if cached is not None and cached[0] == version:
        return cached[1]
    cal = await calendar_for(conn, tenant_id)
    _CACHE[tenant_id] = (version, cal)
    return cal


async def calendar_for(conn: Conn, tenant_id: uuid.UUID) -> WorkingCalendar:
    row = await repo.tenant_calendar_row(conn, tenant_id)
    cal = row["calendar"]
    extra = {dt.date.fromisoformat(d["date"]): d["name"] for d in cal.get("days_off", [])}
    for d in await repo.office_days_off(conn):
        extra[d["day"]] = d["name"]
    return WorkingCalendar(
        zone=ZoneInfo(row["time_zone"]),
        week=parse_week(row["office_hours"]),
        extra_days_off=extra,
        special=tuple(
            SpecialHours(
                name=s["name"],
                start=dt.date.fromisoformat(s["start"]),
                end=dt.date.fromisoformat(s["end"]),
                week=parse_week(s["office_hours"]),
            )
            for s in cal.get("special_hours", [])
        ),
        holiday_categories=tuple(cal.get("holiday_categories", ("public", "government"))),
        national=await national_calendar(conn),
        ramadan_hours=bool(cal.get("ramadan_hours", True)),
        at_risk_ratio=float(cal.get("at_risk_ratio", 0.75)),
    )


async def get_calendar(ctx: TenantContext, year: int | None) -> CalendarOut:
    async with tenant_transaction(ctx) as tx:
        row = await repo.tenant_calendar_row(tx.connection, ctx.tenant_id)
        cal = await calendar_for(tx.connection, ctx.tenant_id)
        office = {d["day"]: d["id"] for d in await repo.office_days_off(tx.connection)}
    year = year or now().astimezone(cal.zone).year
    check_year(year)
    from_file = {dt.date.fromisoformat(d["date"]) for d in row["calendar"].get("days_off", [])}
    days: list[DayOffOut] = []
    for d in cal.days_off_in(year):
        if d.day in office:
            days.append(DayOffOut(d.day, d.name, "kantor", office[d.day]))
        elif d.day in from_file:
            days.append(DayOffOut(d.day, d.name, "tenant.yaml"))
        else:
            days.append(DayOffOut(d.day, d.name, d.source, kind=d.kind, estimated=d.estimated))
    ramadan = cal.national.year(year).ramadan if cal.ramadan_hours else None
    return CalendarOut(
        time_zone=row["time_zone"],
        office_hours=row["office_hours"],
        at_risk_ratio=cal.at_risk_ratio,
        special_hours=row["calendar"].get("special_hours", []),
        year=year,
        days_off=days,
        ramadan=ramadan_out(ramadan),
    )


async def add_day_off(ctx: TenantContext, data: DayOffCreate) -> DayOffOut:
    name = data.name.strip()
    if len(name) < 2:
        raise ValidationError("nama hari libur harus diisi", field="name")
    user = uuid.UUID(ctx.user_id) if ctx.user_id else None
    async with tenant_transaction(ctx) as tx:
        new_id = await repo.insert_day_off(tx.connection, ctx.tenant_id, data.date, name, user)
        if new_id is None:
            raise ConflictError(f"{data.date} sudah tercatat sebagai hari libur", field="date")
        await record(
            tx.connection,
            ctx,
            "calendar.day_off_added",
            "day_off",
            new_id,
            after={"date": data.date.isoformat(), "name": name},
        )
    return DayOffOut(data.date, name, "kantor", new_id)


async def remove_day_off(ctx: TenantContext, day_off_id: uuid.UUID) -> None:
    async with tenant_transaction(ctx) as tx:
        removed = await repo.delete_day_off(tx.connection, day_off_id)
        if removed is None:
            raise NotFoundError("Hari libur")
        await record(
            tx.connection,
            ctx,
            "calendar.day_off_removed",
            "day_off",
            day_off_id,
            before={"date": removed["day"].isoformat(), "name": removed["name"]},
        )
