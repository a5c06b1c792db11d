"""The only place that queries org tables. Every function runs on a tenant-scoped connection."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from alur.core.dbtypes import Conn
from alur.domain.org.schemas import HolderOut, PositionOut, UnitOut

_UNIT_COLS = "id, code, name, kind, parent_id, active, source, note, origin"
_POS_COLS = "id, code, title, kind, unit_id, supervisor_id, active, source, note, origin"


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


_POS_FILTER = "where ($1::uuid is null or unit_id = $1)"


async def list_positions(
    conn: Conn, *, unit_id: uuid.UUID | None, limit: int, offset: int
) -> tuple[list[PositionOut], int]:
    rows = await conn.fetch(
        f"select {_POS_COLS} from org_positions {_POS_FILTER} order by code limit $2 offset $3",
        unit_id,
        limit,
        offset,
    )
    total = await conn.fetchval(f"select count(*) from org_positions {_POS_FILTER}", unit_id)
    return [PositionOut(**dict(r)) for r in rows], int(total)


async def lock_position(conn: Conn, position_id: uuid.UUID) -> bool:
    row = await conn.fetchval("select id from org_positions where id = $1 for update", position_id)
    return row is not None


async def code_taken(conn: Conn, table: str, code: str) -> bool:
    return bool(await conn.fetchval(f"select exists(select 1 from {table} where code = $1)", code))


async def unit_ancestors(conn: Conn, unit_id: uuid.UUID) -> list[uuid.UUID]:
    rows = await conn.fetch(
        "with recursive up(id, parent_id, depth) as ("
        " select id, parent_id, 0 from org_units where id = $1"
        " union all select u.id, u.parent_id, up.depth + 1 from org_units u"
        " join up on u.id = up.parent_id where up.depth < 100)"
        " select id from up order by depth",
        unit_id,
    )
    return [r["id"] for r in rows]


async def supervisor_chain(conn: Conn, position_id: uuid.UUID) -> list[uuid.UUID]:
    rows = await conn.fetch(
        "with recursive up(id, supervisor_id, depth) as ("
        " select id, supervisor_id, 0 from org_positions where id = $1"
        " union all select p.id, p.supervisor_id, up.depth + 1 from org_positions p"
        " join up on p.id = up.supervisor_id where up.depth < 100)"
        " select id from up order by depth",
        position_id,
    )
    return [r["id"] for r in rows]


async def holders_of(conn: Conn, position_id: uuid.UUID) -> list[HolderOut]:
    rows = await conn.fetch(
        "select h.id, h.position_id, h.user_id, u.name as user_name, u.nip as user_nip, h.kind,"
        " h.source, h.starts_on, h.ends_on from position_holders h"
        " join users u on u.id = h.user_id where h.position_id = $1"
        " order by h.kind, h.starts_on nulls first, u.name",
        position_id,
    )
    return [HolderOut(**dict(r)) for r in rows]


async def get_holder(conn: Conn, holder_id: uuid.UUID) -> HolderOut | None:
    row = await conn.fetchrow(
        "select h.id, h.position_id, h.user_id, u.name as user_name, u.nip as user_nip, h.kind,"
        " h.source, h.starts_on, h.ends_on from position_holders h"
        " join users u on u.id = h.user_id where h.id = $1",
        holder_id,
    )
    return HolderOut(**dict(row)) if row else None


async def overlapping_acting(
    conn: Conn, position_id: uuid.UUID, starts_on: Any, ends_on: Any
) -> bool:
    """Two acting officials for one position on the same day would split its work."""
    return bool(
        await conn.fetchval(
            "select exists(select 1 from position_holders where position_id = $1"
            " and kind in ('plt', 'plh') and starts_on <= $3 and ends_on >= $2)",
            position_id,
            starts_on,
            ends_on,
        )
    )


async def insert_holder(conn: Conn, tenant_id: uuid.UUID, values: dict[str, Any]) -> uuid.UUID:
    return uuid.UUID(
        str(
            await conn.fetchval(
                "insert into position_holders (tenant_id, user_id, position_id, kind, source,"
                " starts_on, ends_on) values ($1, $2, $3, $4, 'admin', $5, $6) returning id",
                tenant_id,
                values["user_id"],
                values["position_id"],
                values["kind"],
                values["starts_on"],
                values["ends_on"],
            )
        )
    )


async def lock_holder(conn: Conn, holder_id: uuid.UUID) -> bool:
    row = await conn.fetchval("select 1 from position_holders where id = $1 for update", holder_id)
    return row is not None


async def set_holder_end(conn: Conn, holder_id: uuid.UUID, ends_on: dt.date) -> None:
    await conn.execute("update position_holders set ends_on = $2 where id = $1", holder_id, ends_on)


async def delete_holder(conn: Conn, holder_id: uuid.UUID) -> bool:
    status = await conn.execute("delete from position_holders where id = $1", holder_id)
    return bool(status.endswith(" 1"))


# --- writes (tenant sync and admin API) ---------------------------------------------------


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


NATIONAL = "00000000-0000-0000-0000-000000000000"
"""The office id under which office_versions counts the national calendar's changes."""


async def office_versions(conn: Conn, tenant_id: uuid.UUID) -> tuple[int, int, int]:
    """(org, office calendar, national calendar) change counters, moved by triggers on every
    change (cases migration 2026-12-07): what the in-process caches are keyed by."""
    row = await conn.fetchrow(
        "select coalesce(max(org) filter (where office_id = $1), 0) as org,"
        " coalesce(max(calendar) filter (where office_id = $1), 0) as calendar,"
        " coalesce(max(calendar) filter (where office_id = $2::uuid), 0) as national"
        " from office_versions where office_id in ($1, $2::uuid)",
        tenant_id,
        NATIONAL,
    )
    return (int(row["org"]), int(row["calendar"]), int(row["national"])) if row else (0, 0, 0)


async def snapshot_rows(conn: Conn) -> tuple[list[Any], list[Any]]:
    positions = await conn.fetch(
        "select id, code, kind, unit_id, title, supervisor_id from org_positions where active"
    )
    units = await conn.fetch("select id, code, name, parent_id from org_units where active")
    return list(positions), list(units)


async def held_by_today(
    conn: Conn, position_id: uuid.UUID | None, today: dt.date
) -> list[uuid.UUID]:
    """Everyone who holds the post today, definitive or acting (Plt/Plh), and is active."""
    if position_id is None:
        return []
    rows = await conn.fetch(
        "select distinct h.user_id from position_holders h join users u on u.id = h.user_id"
        " where h.position_id = $1 and u.active and (h.starts_on is null or h.starts_on <= $2)"
        " and (h.ends_on is null or h.ends_on >= $2)",
        position_id,
        today,
    )
    return [r["user_id"] for r in rows]


async def held_by_today_many(
    conn: Conn, position_ids: list[uuid.UUID], today: dt.date
) -> dict[uuid.UUID, list[uuid.UUID]]:
    """`held_by_today` for many posts in one query (posts nobody holds are left out)."""
    rows = await conn.fetch(
        "select distinct h.position_id, h.user_id from position_holders h"
        " join users u on u.id = h.user_id where h.position_id = any($1::uuid[]) and u.active"
        " and (h.starts_on is null or h.starts_on <= $2) and (h.ends_on is null or h.ends_on >= $2)"
        " order by h.position_id, h.user_id",
        position_ids,
        today,
    )
    held: dict[uuid.UUID, list[uuid.UUID]] = {}
    for r in rows:
        held.setdefault(r["position_id"], []).append(r["user_id"])
    return held


async def supervisor_chains(
    conn: Conn, position_ids: list[uuid.UUID]
) -> dict[uuid.UUID, list[uuid.UUID]]:
    """`supervisor_chain` for many posts in one query: each post, then the posts above it."""
    rows = await conn.fetch(
        "with recursive up(start, id, supervisor_id, depth) as ("
        " select id, id, supervisor_id, 0 from org_positions where id = any($1::uuid[])"
        " union all select up.start, p.id, p.supervisor_id, up.depth + 1 from org_positions p"
        " join up on p.id = up.supervisor_id where up.depth < 100)"
        " select start, id from up order by start, depth",
        position_ids,
    )
    chains: dict[uuid.UUID, list[uuid.UUID]] = {}
    for r in rows:
        chains.setdefault(r["start"], []).append(r["id"])
    return chains
