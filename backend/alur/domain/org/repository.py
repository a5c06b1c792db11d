"""The only place that queries org tables. Every function runs on a tenant-scoped connection."""

from __future__ import annotations

import uuid
from typing import Any

from alur.core.dbtypes import Conn
from alur.domain.org.schemas import PositionOut, UnitOut

_UNIT_COLS = "id, code, name, kind, parent_id, active, source, note"
_POS_COLS = "id, code, title, kind, unit_id, supervisor_id, active, source, note"


async def count_units(conn: Conn) -> int:
    return int(await conn.fetchval("select count(*) from org_units"))


async def list_units(conn: Conn, *, limit: int, offset: int) -> list[UnitOut]:
    rows = await conn.fetch(
        f"select {_UNIT_COLS} from org_units order by code limit $1 offset $2", limit, offset
    )
    return [UnitOut(**dict(r)) for r in rows]


async def get_unit(conn: Conn, unit_id: uuid.UUID) -> UnitOut | None:
    row = await conn.fetchrow(f"select {_UNIT_COLS} from org_units where id = $1", unit_id)
    return UnitOut(**dict(row)) if row else None


async def get_position(conn: Conn, position_id: uuid.UUID) -> PositionOut | None:
    row = await conn.fetchrow(f"select {_POS_COLS} from org_positions where id = $1", position_id)
    return PositionOut(**dict(row)) if row else None


async def list_positions(conn: Conn, *, unit_id: uuid.UUID | None = None) -> list[PositionOut]:
    rows = await conn.fetch(
        f"select {_POS_COLS} from org_positions where ($1::uuid is null or unit_id = $1) "
        "order by code",
        unit_id,
    )
    return [PositionOut(**dict(r)) for r in rows]


async def update_unit(conn: Conn, unit_id: uuid.UUID, changes: dict[str, Any]) -> bool:
    if not changes:
        return True
    cols = list(changes)
    assigns = ", ".join(f"{c} = ${i + 2}" for i, c in enumerate(cols))
    status = await conn.execute(
        f"update org_units set {assigns}, updated_at = now() where id = $1",
        unit_id,
        *(changes[c] for c in cols),
    )
    return bool(status.endswith(" 1"))


# --- used by the tenant sync -------------------------------------------------------------


async def units_by_code(conn: Conn) -> dict[str, dict[str, Any]]:
    rows = await conn.fetch("select * from org_units")
    return {r["code"]: dict(r) for r in rows}


async def positions_by_code(conn: Conn) -> dict[str, dict[str, Any]]:
    rows = await conn.fetch("select * from org_positions")
    return {r["code"]: dict(r) for r in rows}


async def insert_row(conn: Conn, table: str, values: dict[str, Any]) -> None:
    cols = list(values)
    placeholders = ", ".join(f"${i + 1}" for i in range(len(cols)))
    await conn.execute(
        f"insert into {table} ({', '.join(cols)}) values ({placeholders})",
        *(values[c] for c in cols),
    )


async def update_row(conn: Conn, table: str, row_id: uuid.UUID, values: dict[str, Any]) -> None:
    cols = list(values)
    assigns = ", ".join(f"{c} = ${i + 2}" for i, c in enumerate(cols))
    await conn.execute(
        f"update {table} set {assigns}, updated_at = now() where id = $1",
        row_id,
        *(values[c] for c in cols),
    )
