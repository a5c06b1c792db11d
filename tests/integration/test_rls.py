"""Row-level security proven at SQL level, as the app role the API and workers use."""

from __future__ import annotations

import uuid
from typing import Any

import asyncpg
import pytest

pytestmark = pytest.mark.integration


async def _tenant_tables(conn: asyncpg.Connection[Any]) -> list[str]:
    rows = await conn.fetch(
        "select c.table_name from information_schema.columns c "
        "join information_schema.tables t using (table_schema, table_name) "
        "where c.table_schema = 'public' and c.column_name = 'tenant_id' "
        "and t.table_type = 'BASE TABLE' order by 1"
    )
    return [r["table_name"] for r in rows]


async def test_every_tenant_table_has_rls_enabled_and_forced(owner_conn: Any) -> None:
    tables = await _tenant_tables(owner_conn)
    assert {"org_units", "org_positions"} <= set(tables)
    rows = await owner_conn.fetch(
        "select relname, relrowsecurity, relforcerowsecurity from pg_class "
        "where relname = any($1::text[]) and relkind = 'r'",
        tables,
    )
    flags = {r["relname"]: (r["relrowsecurity"], r["relforcerowsecurity"]) for r in rows}
    assert flags == {t: (True, True) for t in tables}
    policies = await owner_conn.fetch(
        "select tablename from pg_policies where schemaname = 'public'"
    )
    assert set(tables) <= {p["tablename"] for p in policies}


async def test_app_role_is_not_owner_superuser_or_bypassrls(app_conn: Any) -> None:
    role = await app_conn.fetchrow(
        "select rolname, rolsuper, rolbypassrls, rolcreaterole, rolcreatedb from pg_roles "
        "where rolname = current_user"
    )
    assert not role["rolsuper"]
    assert not role["rolbypassrls"]
    assert not role["rolcreaterole"]
    assert not role["rolcreatedb"]
    owned = await app_conn.fetchval(
        "select count(*) from pg_class c join pg_namespace n on n.oid = c.relnamespace "
        "where n.nspname = 'public' and pg_get_userbyid(c.relowner) = current_user"
    )
    assert owned == 0
    db_owner = await app_conn.fetchval(
        "select pg_get_userbyid(datdba) from pg_database where datname = current_database()"
    )
    assert db_owner != role["rolname"]


async def test_without_tenant_context_no_rows_are_visible(app_conn: Any, owner_conn: Any) -> None:
    for table in await _tenant_tables(owner_conn):
        assert await app_conn.fetchval(f"select count(*) from {table}") == 0, table


async def _as_tenant(conn: Any, tenant_id: uuid.UUID) -> None:
    await conn.execute("select set_config('app.tenant_id', $1, true)", str(tenant_id))


async def test_tenant_a_sees_only_its_rows(app_conn: Any, tenant_ids: dict[str, uuid.UUID]) -> None:
    for slug, tid in tenant_ids.items():
        async with app_conn.transaction():
            await _as_tenant(app_conn, tid)
            foreign = await app_conn.fetchval(
                "select count(*) from org_units where tenant_id <> $1", tid
            )
            own = await app_conn.fetchval("select count(*) from org_units")
        assert foreign == 0, slug
        assert own > 0, slug


async def test_tenant_a_cannot_update_delete_or_insert_rows_of_b(
    app_conn: Any, owner_conn: Any, tenant_ids: dict[str, uuid.UUID]
) -> None:
    a, b = tenant_ids["kaltim"], tenant_ids["lampung"]
    async with owner_conn.transaction():
        await _as_tenant(owner_conn, b)
        victim = await owner_conn.fetchrow("select id, name from org_units order by code limit 1")

    async with app_conn.transaction():
        await _as_tenant(app_conn, a)
        assert (
            await app_conn.fetchval("select count(*) from org_units where id = $1", victim["id"])
            == 0
        )
        assert (
            await app_conn.execute(
                "update org_units set name = 'diretas' where id = $1", victim["id"]
            )
            == "UPDATE 0"
        )
        assert (
            await app_conn.execute("delete from org_positions where tenant_id = $1", b)
            == "DELETE 0"
        )
        with pytest.raises(asyncpg.InsufficientPrivilegeError, match="row-level security"):
            async with app_conn.transaction():
                await app_conn.execute(
                    "insert into org_units (tenant_id, code, name, kind) "
                    "values ($1, 'sisipan', 'Sisipan', 'seksi')",
                    b,
                )
        # Moving one's own row into the other tenant is refused too (WITH CHECK).
        own = await app_conn.fetchval("select id from org_units order by code limit 1")
        with pytest.raises(asyncpg.InsufficientPrivilegeError):
            async with app_conn.transaction():
                await app_conn.execute("update org_units set tenant_id = $1 where id = $2", b, own)

    async with owner_conn.transaction():
        await _as_tenant(owner_conn, b)
        after = await owner_conn.fetchrow(
            "select id, name from org_units where id = $1", victim["id"]
        )
        assert after["name"] == victim["name"]
        assert (
            await owner_conn.fetchval("select count(*) from org_units where code = 'sisipan'") == 0
        )


async def test_app_role_cannot_rewrite_the_tenant_registry(app_conn: Any) -> None:
    """It may add an office and change its IdP connection and status (onboarding), nothing
    more: an office's slug, host names and name stay as created, and none is deleted."""
    for sql in (
        "update tenants set name = 'x'",
        "update tenants set slug = 'x'",
        "update tenants set hosts = '[]'",
        "update tenants set origin = 'platform'",
        "delete from tenants",
    ):
        with pytest.raises(asyncpg.InsufficientPrivilegeError):
            await app_conn.execute(sql)
