"""The only place that queries users and position holders (tenant-scoped connections)."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from alur.core.dbtypes import Conn
from alur.domain.identity.schemas import HeldPosition, TenantAdminOut, UserRow

_USER_COLS = "id, subject, nip, name, email, idp_roles, granted_roles, active"


def _user(row: Any) -> UserRow:
    data = dict(row)
    data["idp_roles"] = list(data["idp_roles"])
    data["granted_roles"] = list(data["granted_roles"])
    return UserRow(**data)


async def get_user(conn: Conn, user_id: uuid.UUID) -> UserRow | None:
    row = await conn.fetchrow(f"select {_USER_COLS} from users where id = $1", user_id)
    return _user(row) if row else None


APPOINTED = "nip:"
"""The subject of a person a tenant admin added by NIP, until their first sign-in."""


async def link_appointed(conn: Conn, *, subject: str, nip: str) -> uuid.UUID | None:
    """At a first sign-in, the person the admin added under this NIP becomes this login
    (positions, tasks and history stay with the row); None when there is nobody to link."""
    if not nip:
        return None
    row = await conn.fetchval(
        "update users set subject = $1, updated_at = now() where subject = $2"
        " and not exists (select 1 from users where subject = $1) returning id",
        subject,
        APPOINTED + nip,
    )
    return uuid.UUID(str(row)) if row else None


async def nip_taken(conn: Conn, nip: str) -> bool:
    return bool(await conn.fetchval("select exists(select 1 from users where nip = $1)", nip))


async def insert_appointed(
    conn: Conn, tenant_id: uuid.UUID, *, nip: str, name: str, email: str
) -> UserRow:
    row = await conn.fetchrow(
        "insert into users (tenant_id, subject, nip, name, email, idp_roles)"
        f" values ($1, $2, $3, $4, $5, '{{}}') returning {_USER_COLS}",
        tenant_id,
        APPOINTED + nip,
        nip,
        name,
        email,
    )
    return _user(row)


async def upsert_from_login(
    conn: Conn,
    tenant_id: uuid.UUID,
    *,
    subject: str,
    nip: str,
    name: str,
    email: str,
    idp_roles: list[str],
) -> tuple[UserRow, bool]:
    """Insert on first login, refresh the IdP-owned fields afterwards; never touches
    granted roles or the active flag, which belong to the tenant admin."""
    row = await conn.fetchrow(
        "insert into users (tenant_id, subject, nip, name, email, idp_roles, last_login_at) "
        "values ($1, $2, $3, $4, $5, $6, now()) "
        "on conflict (tenant_id, subject) do update set nip = excluded.nip, "
        "name = excluded.name, email = excluded.email, idp_roles = excluded.idp_roles, "
        "last_login_at = now(), updated_at = now() "
        f"returning {_USER_COLS}, (xmax = 0) as inserted",
        tenant_id,
        subject,
        nip,
        name,
        email,
        idp_roles,
    )
    data = dict(row)
    inserted = bool(data.pop("inserted"))
    return _user(data), inserted


async def position_ids_by_code(conn: Conn, codes: list[str]) -> dict[str, uuid.UUID]:
    rows = await conn.fetch(
        "select code, id from org_positions where active and code = any($1::text[])", codes
    )
    return {r["code"]: r["id"] for r in rows}


async def sync_idp_holdings(
    conn: Conn, tenant_id: uuid.UUID, user_id: uuid.UUID, position_ids: set[uuid.UUID]
) -> None:
    """Definitive holdings that came from IdP groups follow the groups; admin-made ones stay,
    and a post the admin already appointed the person to is not added twice."""
    await conn.execute(
        "delete from position_holders where user_id = $1 and source = 'idp' "
        "and not (position_id = any($2::uuid[]))",
        user_id,
        list(position_ids),
    )
    await conn.execute(
        "insert into position_holders (tenant_id, user_id, position_id, kind, source) "
        "select $1, $2, p, 'definitive', 'idp' from unnest($3::uuid[]) as p "
        "where not exists (select 1 from position_holders h where h.user_id = $2 "
        "and h.position_id = p and (h.source = 'idp' or (h.kind = 'definitive'"
        " and h.ends_on is null)))",
        tenant_id,
        user_id,
        list(position_ids),
    )


async def held_positions(conn: Conn, user_id: uuid.UUID, on: dt.date) -> list[HeldPosition]:
    rows = await conn.fetch(
        "select p.id as position_id, p.code, p.title, u.code as unit_code, h.kind, "
        "h.starts_on, h.ends_on, u.name as unit_name from position_holders h "
        "join org_positions p on p.id = h.position_id join org_units u on u.id = p.unit_id "
        "where h.user_id = $1 and (h.starts_on is null or h.starts_on <= $2) "
        "and (h.ends_on is null or h.ends_on >= $2) order by h.kind, p.code",
        user_id,
        on,
    )
    return [HeldPosition(**dict(r)) for r in rows]


_USER_FILTER = "where ($1::text = '' or name ilike '%' || $1 || '%' or nip like $1 || '%')"


async def list_users(conn: Conn, *, q: str, limit: int, offset: int) -> tuple[list[UserRow], int]:
    rows = await conn.fetch(
        f"select {_USER_COLS} from users {_USER_FILTER} order by name limit $2 offset $3",
        q,
        limit,
        offset,
    )
    total = await conn.fetchval(f"select count(*) from users {_USER_FILTER}", q)
    return [_user(r) for r in rows], int(total)


async def update_user(conn: Conn, user_id: uuid.UUID, changes: dict[str, Any]) -> None:
    cols = list(changes)
    assigns = ", ".join(f"{c} = ${i + 2}" for i, c in enumerate(cols))
    await conn.execute(
        f"update users set {assigns}, updated_at = now() where id = $1",
        user_id,
        *(changes[c] for c in cols),
    )


_TOKEN_COLS = "id, name, scopes, created_at, expires_at, revoked_at, last_used_at"  # noqa: S105


async def insert_token(conn: Conn, tenant_id: uuid.UUID, values: dict[str, Any]) -> Any:
    return await conn.fetchrow(
        "insert into api_tokens (id, tenant_id, name, secret_hash, scopes, created_by, expires_at)"
        f" values ($1, $2, $3, $4, $5, $6, $7) returning {_TOKEN_COLS}",
        values["id"],
        tenant_id,
        values["name"],
        values["secret_hash"],
        values["scopes"],
        values["created_by"],
        values["expires_at"],
    )


async def list_tokens(conn: Conn) -> list[Any]:
    return list(await conn.fetch(f"select {_TOKEN_COLS} from api_tokens order by created_at desc"))


async def revoke_token(conn: Conn, token_id: uuid.UUID) -> bool:
    status = await conn.execute(
        "update api_tokens set revoked_at = coalesce(revoked_at, now()) where id = $1", token_id
    )
    return bool(status.endswith(" 1"))


async def held_position_units(
    conn: Conn, user_id: uuid.UUID, on: dt.date
) -> list[tuple[str, str, uuid.UUID]]:
    rows = await conn.fetch(
        "select p.code, p.kind, p.unit_id from position_holders h"
        " join org_positions p on p.id = h.position_id"
        " where h.user_id = $1 and p.active and (h.starts_on is null or h.starts_on <= $2)"
        " and (h.ends_on is null or h.ends_on >= $2)",
        user_id,
        on,
    )
    return [(r["code"], r["kind"], r["unit_id"]) for r in rows]


async def unit_codes_below(
    conn: Conn, roots: list[uuid.UUID], *, include_subtree: bool
) -> list[str]:
    rows = await conn.fetch(
        "with recursive down(id, depth) as ("
        " select id, 0 from org_units where id = any($1::uuid[])"
        " union all select u.id, d.depth + 1 from org_units u join down d on u.parent_id = d.id"
        " where $2 and d.depth < 100)"
        " select distinct u.code from down join org_units u using (id) order by 1",
        roots,
        include_subtree,
    )
    return [r["code"] for r in rows]


async def all_unit_codes(conn: Conn) -> list[str]:
    return [r["code"] for r in await conn.fetch("select code from org_units order by code")]


async def users_with_role(conn: Conn, role: str, on: dt.date) -> list[TenantAdminOut]:
    """Active users holding `role` (from the IdP or granted), each with the title of one
    position held on `on` (definitive first), ordered by name."""
    rows = await conn.fetch(
        "select u.name, (select p.title from position_holders h"
        "  join org_positions p on p.id = h.position_id"
        "  where h.user_id = u.id and (h.starts_on is null or h.starts_on <= $1)"
        "  and (h.ends_on is null or h.ends_on >= $1)"
        "  order by h.kind = 'definitive' desc, p.title limit 1) as position"
        " from users u where u.active"
        " and $2 = any(u.idp_roles || u.granted_roles)"
        " order by u.name",
        on,
        role,
    )
    return [TenantAdminOut(**dict(r)) for r in rows]
