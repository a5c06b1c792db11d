"""The platform admin keeps the national calendar right: adds, moves, removes or confirms a
libur nasional or cuti bersama date, or sets the year's Ramadan, always with a reason.

A year's first correction copies its shipped seed into the database whole, so the stored
year is complete and wins over the seed from then on. Each correction is one transaction
with its row in the append-only `national_calendar_changes`. Offices read the calendar per
unit of work (`services.calendar_for`), so the next deadline computed follows; due times
already stored on running tasks are not recomputed.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import uuid
from collections.abc import Awaitable, Callable
from typing import Any

from alur.core.clock import now
from alur.core.dbtypes import Conn
from alur.core.errors import ConflictError, NotFoundError, ValidationError
from alur.core.tenancy import TenantContext, app_engine
from alur.domain.calendar import national_repository as repo
from alur.domain.calendar.national import (
    NationalCalendar,
    NationalDay,
    NationalYear,
    Ramadan,
    ramadan_hours,
    seed_year,
)
from alur.domain.calendar.schemas import (
    NationalChangeOut,
    NationalDayCreate,
    NationalDayMove,
    NationalDayOut,
    NationalDayRef,
    NationalRamadanSet,
    NationalYearOut,
    RamadanOut,
)

MIN_YEAR, MAX_YEAR = 2000, 2100


async def national_calendar(conn: Conn) -> NationalCalendar:
    """The national calendar as offices use it now: stored corrections over the seed."""
    return NationalCalendar(await repo.stored_years(conn))


def check_year(year: int, field: str = "year") -> None:
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise ValidationError(f"tahun harus {MIN_YEAR}-{MAX_YEAR}", field=field)


async def get_year(year: int | None) -> NationalYearOut:
    year = year or now().year
    check_year(year)
    async with app_engine().transaction() as tx:
        stored = await repo.stored_years(tx.connection)
        changes = await repo.changes(tx.connection, year)
    return _year_out(stored.get(year) or seed_year(year), year in stored, changes)


async def add_day(data: NationalDayCreate, *, acting: TenantContext) -> NationalYearOut:
    name = _name(data.name)
    new = NationalDay(data.date, data.kind, name, data.estimated)

    async def apply(conn: Conn, year: NationalYear) -> tuple[Any, Any]:
        if data.date in year.days:
            taken = year.days[data.date].name
            raise ConflictError(f"{data.date} sudah tercatat: {taken}", field="date")
        await repo.insert_day(conn, new)
        return None, _day_json(new)

    return await _correct(
        data.date.year, data.date, "national.day_added", data.reason, acting, apply
    )


async def move_day(data: NationalDayMove, *, acting: TenantContext) -> NationalYearOut:
    if data.new_date.year != data.date.year:
        raise ValidationError("tanggal baru harus di tahun yang sama", field="new_date")
    if data.new_date == data.date and data.name is None:
        raise ValidationError("tanggal baru sama dengan tanggal lama", field="new_date")
    name = None if data.name is None else _name(data.name)

    async def apply(conn: Conn, year: NationalYear) -> tuple[Any, Any]:
        old = _existing(year, data.date)
        if data.new_date != data.date and data.new_date in year.days:
            taken = year.days[data.new_date].name
            raise ConflictError(f"{data.new_date} sudah tercatat: {taken}", field="new_date")
        # A date the admin sets is decided: moving it confirms it.
        new = NationalDay(data.new_date, old.kind, name or old.name, False)
        await repo.update_day(conn, data.date, new)
        return _day_json(old), _day_json(new)

    return await _correct(
        data.date.year, data.date, "national.day_moved", data.reason, acting, apply
    )


async def remove_day(data: NationalDayRef, *, acting: TenantContext) -> NationalYearOut:
    async def apply(conn: Conn, year: NationalYear) -> tuple[Any, Any]:
        old = _existing(year, data.date)
        await repo.delete_day(conn, data.date)
        return _day_json(old), None

    return await _correct(
        data.date.year, data.date, "national.day_removed", data.reason, acting, apply
    )


async def confirm_day(data: NationalDayRef, *, acting: TenantContext) -> NationalYearOut:
    async def apply(conn: Conn, year: NationalYear) -> tuple[Any, Any]:
        old = _existing(year, data.date)
        if not old.estimated:
            raise ConflictError(f"{data.date} sudah pasti, bukan perkiraan", field="date")
        new = dataclasses.replace(old, estimated=False)
        await repo.update_day(conn, data.date, new)
        return _day_json(old), _day_json(new)

    return await _correct(
        data.date.year, data.date, "national.day_confirmed", data.reason, acting, apply
    )


async def set_ramadan(data: NationalRamadanSet, *, acting: TenantContext) -> NationalYearOut:
    check_year(data.year)
    if data.end.year != data.year:
        raise ValidationError(f"akhir Ramadan harus di tahun {data.year}", field="end")
    if not 29 <= (data.end - data.start).days + 1 <= 30:
        raise ValidationError("Ramadan berlangsung 29 atau 30 hari", field="end")

    async def apply(conn: Conn, year: NationalYear) -> tuple[Any, Any]:
        old = year.ramadan
        hours = old.hours if old else ramadan_hours()
        new = Ramadan(data.start, data.end, data.estimated, hours)
        await repo.update_ramadan(conn, data.year, new)
        return (_ramadan_json(old) if old else None), _ramadan_json(new)

    return await _correct(data.year, None, "national.ramadan_set", data.reason, acting, apply)


Apply = Callable[[Conn, NationalYear], Awaitable[tuple[Any, Any]]]


async def _correct(
    number: int,
    day: dt.date | None,
    action: str,
    reason: str,
    acting: TenantContext,
    apply: Apply,
) -> NationalYearOut:
    """One correction: the year stored (copied from its seed the first time), changed, and
    logged with who, when, why, before and after, in one transaction."""
    check_year(number, field="date" if day else "year")
    why = " ".join(reason.split())
    if len(why) < 5:
        raise ValidationError("alasan perubahan harus diisi (minimal 5 huruf)", field="reason")
    async with app_engine().transaction() as tx:
        conn = tx.connection
        if not await repo.lock_year(conn, number):
            await repo.store_year(conn, seed_year(number))
        year = (await repo.stored_years(conn))[number]
        before, after = await apply(conn, year)
        await repo.log_change(
            conn,
            actor_id=_uuid(acting.user_id),
            actor_label=f"platform_admin {acting.tenant_slug}:{acting.user_id or ''}",
            action=action,
            year=number,
            day=day,
            reason=why,
            before=before,
            after=after,
        )
        stored = await repo.stored_years(conn)
        changes = await repo.changes(conn, number)
    return _year_out(stored[number], True, changes)


def _existing(year: NationalYear, day: dt.date) -> NationalDay:
    found = year.days.get(day)
    if found is None:
        raise NotFoundError(f"Libur nasional pada {day}")
    return found


def _name(raw: str) -> str:
    name = " ".join(raw.split())
    if len(name) < 2:
        raise ValidationError("nama hari libur harus diisi", field="name")
    return name


def _uuid(raw: str | None) -> uuid.UUID | None:
    try:
        return uuid.UUID(raw) if raw else None
    except ValueError:
        return None


def _day_json(d: NationalDay) -> dict[str, Any]:
    return {"date": d.day.isoformat(), "kind": d.kind, "name": d.name, "estimated": d.estimated}


def _ramadan_json(r: Ramadan) -> dict[str, Any]:
    return {"start": r.start.isoformat(), "end": r.end.isoformat(), "estimated": r.estimated}


def ramadan_out(r: Ramadan | None) -> RamadanOut | None:
    if r is None:
        return None
    hours = {k: [list(span) for span in v] for k, v in r.hours.items()}
    return RamadanOut(r.start, r.end, r.estimated, hours)


def _year_out(
    year: NationalYear, corrected: bool, changes: list[dict[str, Any]]
) -> NationalYearOut:
    return NationalYearOut(
        year=year.year,
        source=year.source,
        skb=year.skb,
        corrected=corrected,
        days=[NationalDayOut(d.day, d.kind, d.name, d.estimated) for d in year.days.values()],
        ramadan=ramadan_out(year.ramadan),
        changes=[
            NationalChangeOut(
                at=c["at"],
                actor_label=c["actor_label"],
                action=c["action"],
                date=c["day"],
                reason=c["reason"],
                before=c["before"],
                after=c["after"],
            )
            for c in changes
        ],
    )
