"""Org reads and admin edits; each call is one tenant-scoped transaction."""

from __future__ import annotations

import uuid

from alur.core.errors import NotFoundError, ValidationError
from alur.core.security import require_role
from alur.core.tenancy import TenantContext, tenant_transaction
from alur.domain.org import repository as repo
from alur.domain.org.schemas import PositionOut, UnitOut, UnitPage, UnitPatch


async def list_units(ctx: TenantContext, *, limit: int, offset: int) -> UnitPage:
    async with tenant_transaction(ctx) as tx:
        items = await repo.list_units(tx.connection, limit=limit, offset=offset)
        total = await repo.count_units(tx.connection)
    return UnitPage(items=items, total=total, limit=limit, offset=offset)


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


async def update_unit(
    ctx: TenantContext, unit_id: uuid.UUID, patch: UnitPatch, *, acting_user: str
) -> UnitOut:
    """Tenant admins may rename a unit or annotate it; the tree itself comes from org.yaml."""
    require_role(ctx, "tenant_admin")
    changes: dict[str, str] = {}
    if patch.name is not None:
        name = patch.name.strip()
        if not 2 <= len(name) <= 300:
            raise ValidationError("nama unit harus 2-300 karakter", field="name")
        changes["name"] = name
    if patch.note is not None:
        changes["note"] = patch.note.strip()
    async with tenant_transaction(ctx) as tx:
        if await repo.get_unit(tx.connection, unit_id) is None:
            raise NotFoundError("Unit")
        await repo.update_unit(tx.connection, unit_id, changes)
        unit = await repo.get_unit(tx.connection, unit_id)
    if unit is None:  # deleted concurrently
        raise NotFoundError("Unit")
    return unit
