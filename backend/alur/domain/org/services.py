"""Org reads and the tenant admin's edits. Each call is one tenant-scoped transaction.

Rows loaded from tenants/<slug>/org.yaml are marked origin='file'; an admin edit takes a row
over (origin='admin'), and the tenant sync leaves such rows alone from then on.
"""

from __future__ import annotations

import uuid
from typing import Any

from alur.core.errors import ConflictError, NotFoundError, ValidationError
from alur.core.tenancy import TenantContext, tenant_transaction
from alur.domain.audit.chain import plain as _plain
from alur.domain.audit.chain import record
from alur.domain.org import appointments
from alur.domain.org import repository as repo
from alur.domain.org.holdings import check_dates, check_holding, insert_holding
from alur.domain.org.schemas import (
    AppointmentRequestOut,
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


async def list_units(ctx: TenantContext, *, limit: int, offset: int) -> UnitPage:
    async with tenant_transaction(ctx) as tx:
        items = await repo.list_units(tx.connection, limit=limit, offset=offset)
        total = await repo.count_units(tx.connection)
    return UnitPage(items=items, total=total, limit=limit, offset=offset)


async def list_positions(
    ctx: TenantContext, *, unit_id: uuid.UUID | None, limit: int, offset: int
) -> PositionPage:
    async with tenant_transaction(ctx) as tx:
        items, total = await repo.list_positions(
            tx.connection, unit_id=unit_id, limit=limit, offset=offset
        )
    return PositionPage(items=items, total=total, limit=limit, offset=offset)


async def access_unit_by_id(ctx: TenantContext, unit_id: uuid.UUID) -> UnitOut:
    """Another tenant's unit is indistinguishable from a missing one."""
    async with tenant_transaction(ctx) as tx:
        unit = await repo.get_unit(tx.connection, unit_id)
    if unit is None:
        raise NotFoundError("Unit")
    return unit


async def access_position_by_id(ctx: TenantContext, position_id: uuid.UUID) -> PositionOut:
    async with tenant_transaction(ctx) as tx:
        position = await repo.get_position(tx.connection, position_id)
    if position is None:
        raise NotFoundError("Jabatan")
    return position


def _name(value: str, field: str) -> str:
    cleaned = value.strip()
    if not 2 <= len(cleaned) <= 300:
        raise ValidationError(f"{field} harus 2-300 karakter", field=field)
    return cleaned


async def _existing_unit(conn: Any, unit_id: uuid.UUID, field: str) -> UnitOut:
    unit = await repo.get_unit(conn, unit_id)
    if unit is None:
        raise ValidationError("unit tidak dikenal", field=field)
    return unit


async def _existing_position(conn: Any, position_id: uuid.UUID, field: str) -> PositionOut:
    position = await repo.get_position(conn, position_id)
    if position is None:
        raise ValidationError("jabatan tidak dikenal", field=field)
    return position


async def create_unit(ctx: TenantContext, data: UnitCreate, *, acting_user: str) -> UnitOut:
    if data.kind == "dinas":
        raise ValidationError("sebuah instansi hanya punya satu unit dinas", field="kind")
    async with tenant_transaction(ctx) as tx:
        await _existing_unit(tx.connection, data.parent_id, "parent_id")
        if await repo.code_taken(tx.connection, "org_units", data.code):
            raise ConflictError(f"kode unit {data.code!r} sudah dipakai", field="code")
        unit_id = uuid.uuid4()
        await repo.insert_row(
            tx.connection,
            "org_units",
            {
                "id": unit_id,
                "tenant_id": ctx.tenant_id,
                "code": data.code,
                "name": _name(data.name, "name"),
                "kind": data.kind,
                "parent_id": data.parent_id,
                "note": data.note.strip(),
                "origin": "admin",
                "source": f"admin:{acting_user}",
            },
        )
        unit = await repo.get_unit(tx.connection, unit_id)
        await record(tx.connection, ctx, "org.unit_created", "unit", unit_id, after=_plain(unit))
    assert unit is not None  # noqa: S101 - inserted in this transaction
    return unit


async def update_unit(
    ctx: TenantContext, unit_id: uuid.UUID, patch: UnitPatch, *, acting_user: str
) -> UnitOut:
    changes: dict[str, Any] = {}
    if patch.name is not None:
        changes["name"] = _name(patch.name, "name")
    if patch.note is not None:
        changes["note"] = patch.note.strip()
    if patch.active is not None:
        changes["active"] = patch.active
    async with tenant_transaction(ctx) as tx:
        unit = await repo.get_unit(tx.connection, unit_id)
        if unit is None:
            raise NotFoundError("Unit")
        if patch.parent_id is not None:
            if unit.parent_id is None:
                raise ValidationError("unit dinas tidak punya induk", field="parent_id")
            await _existing_unit(tx.connection, patch.parent_id, "parent_id")
            if unit_id in await repo.unit_ancestors(tx.connection, patch.parent_id):
                raise ValidationError("induk ini membuat silsilah unit berputar", field="parent_id")
            await appointments.refuse_bringing_under_oneself(
                tx.connection, ctx, parent_id=patch.parent_id
            )
            changes["parent_id"] = patch.parent_id
        if changes:
            await repo.update_row(
                tx.connection, "org_units", unit_id, {**changes, "origin": "admin"}
            )
        updated = await repo.get_unit(tx.connection, unit_id)
        if changes:
            await record(
                tx.connection,
                ctx,
                "org.unit_updated",
                "unit",
                unit_id,
                before=_plain(unit),
                after=_plain(updated),
            )
    assert updated is not None  # noqa: S101 - locked by this transaction's update
    return updated


async def create_position(
    ctx: TenantContext, data: PositionCreate, *, acting_user: str
) -> PositionOut:
    if data.kind == "kepala_dinas":
        raise ValidationError("jabatan kepala dinas sudah ada", field="kind")
    async with tenant_transaction(ctx) as tx:
        await _existing_unit(tx.connection, data.unit_id, "unit_id")
        await _existing_position(tx.connection, data.supervisor_id, "supervisor_id")
        if await repo.code_taken(tx.connection, "org_positions", data.code):
            raise ConflictError(f"kode jabatan {data.code!r} sudah dipakai", field="code")
        position_id = uuid.uuid4()
        await repo.insert_row(
            tx.connection,
            "org_positions",
            {
                "id": position_id,
                "tenant_id": ctx.tenant_id,
                "code": data.code,
                "title": _name(data.title, "title"),
                "kind": data.kind,
                "unit_id": data.unit_id,
                "supervisor_id": data.supervisor_id,
                "note": data.note.strip(),
                "origin": "admin",
                "source": f"admin:{acting_user}",
            },
        )
        position = await repo.get_position(tx.connection, position_id)
        await record(
            tx.connection,
            ctx,
            "org.position_created",
            "position",
            position_id,
            after=_plain(position),
        )
    assert position is not None  # noqa: S101 - inserted in this transaction
    return position


async def update_position(
    ctx: TenantContext, position_id: uuid.UUID, patch: PositionPatch, *, acting_user: str
) -> PositionOut:
    changes: dict[str, Any] = {}
    if patch.title is not None:
        changes["title"] = _name(patch.title, "title")
    if patch.note is not None:
        changes["note"] = patch.note.strip()
    if patch.active is not None:
        changes["active"] = patch.active
    async with tenant_transaction(ctx) as tx:
        position = await repo.get_position(tx.connection, position_id)
        if position is None:
            raise NotFoundError("Jabatan")
        if patch.supervisor_id is not None:
            if position.supervisor_id is None:
                raise ValidationError("kepala dinas tidak punya atasan", field="supervisor_id")
            await _existing_position(tx.connection, patch.supervisor_id, "supervisor_id")
            await appointments.refuse_bringing_under_oneself(
                tx.connection, ctx, supervisor_id=patch.supervisor_id
            )
            if position_id in await repo.supervisor_chain(tx.connection, patch.supervisor_id):
                raise ValidationError(
                    "atasan ini membuat rantai atasan berputar", field="supervisor_id"
                )
            changes["supervisor_id"] = patch.supervisor_id
        if changes:
            await repo.update_row(
                tx.connection, "org_positions", position_id, {**changes, "origin": "admin"}
            )
        updated = await repo.get_position(tx.connection, position_id)
        if changes:
            await record(
                tx.connection,
                ctx,
                "org.position_updated",
                "position",
                position_id,
                before=_plain(position),
                after=_plain(updated),
            )
    assert updated is not None  # noqa: S101 - locked by this transaction's update
    return updated


async def holders(ctx: TenantContext, position_id: uuid.UUID) -> list[HolderOut]:
    async with tenant_transaction(ctx) as tx:
        if await repo.get_position(tx.connection, position_id) is None:
            raise NotFoundError("Jabatan")
        return await repo.holders_of(tx.connection, position_id)


async def add_holder(
    ctx: TenantContext, position_id: uuid.UUID, data: HolderCreate, *, acting_user: str
) -> HolderOut | AppointmentRequestOut:
    """Definitive holders are open-ended; a Plt/Plh acts for a date range and receives the
    position's work and escalations meanwhile, so two acting officials may not overlap. A
    post above the appointer's own reach becomes a request for the head of office."""
    check_dates(data)
    async with tenant_transaction(ctx) as tx:
        conn = tx.connection
        today = await appointments.today_in(conn, ctx.tenant_id)
        wait = await appointments.reason_to_wait(conn, ctx, position_id, data.user_id, today)
        if wait is None:
            return await insert_holding(conn, ctx, position_id, data)
        await check_holding(conn, position_id, data)  # refused now if it could never be held
        return await appointments.request(conn, ctx, position_id, data, wait)


async def end_holder(
    ctx: TenantContext, holder_id: uuid.UUID, data: HolderEnd, *, acting_user: str
) -> HolderOut:
    """An appointment ends on a date and stays on record. Only ever earlier: extending an
    acting official's range could overlap another's, and that is a new appointment."""
    async with tenant_transaction(ctx) as tx:
        if not await repo.lock_holder(tx.connection, holder_id):
            raise NotFoundError("Pemegang jabatan")
        before = await repo.get_holder(tx.connection, holder_id)
        assert before is not None  # noqa: S101 - locked above
        if before.starts_on and data.ends_on < before.starts_on:
            raise ValidationError("tanggal selesai sebelum tanggal mulai", field="ends_on")
        if before.ends_on and data.ends_on > before.ends_on:
            raise ValidationError(
                f"jabatan ini sudah berakhir {before.ends_on.isoformat()}; tanggal selesai"
                " hanya dapat dimajukan",
                field="ends_on",
            )
        await repo.set_holder_end(tx.connection, holder_id, data.ends_on)
        after = await repo.get_holder(tx.connection, holder_id)
        assert after is not None  # noqa: S101 - same transaction
        await record(
            tx.connection,
            ctx,
            "org.holder_ended",
            "holder",
            holder_id,
            before=_plain(before),
            after=_plain(after),
        )
    return after


async def remove_holder(ctx: TenantContext, holder_id: uuid.UUID, *, acting_user: str) -> None:
    async with tenant_transaction(ctx) as tx:
        before = await repo.get_holder(tx.connection, holder_id)
        if before is None or not await repo.delete_holder(tx.connection, holder_id):
            raise NotFoundError("Pemegang jabatan")
        await record(
            tx.connection, ctx, "org.holder_removed", "holder", holder_id, before=_plain(before)
        )
