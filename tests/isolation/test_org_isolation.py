"""Every tenant-scoped org route, tried with the other tenant's ids: 404, nothing changed."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from tests.isolation.harness import TenantRoute, assert_isolated

pytestmark = [pytest.mark.integration, pytest.mark.isolation]


async def _a_unit(conn: Any) -> uuid.UUID:
    return uuid.UUID(str(await conn.fetchval("select id from org_units order by code limit 1")))


async def _a_position(conn: Any) -> uuid.UUID:
    return uuid.UUID(str(await conn.fetchval("select id from org_positions order by code limit 1")))


ORG_ROUTES = [
    TenantRoute("GET", "/api/org/units/{id}", _a_unit),
    TenantRoute("GET", "/api/org/positions/{id}", _a_position),
    TenantRoute(
        "PATCH",
        "/api/org/units/{id}",
        _a_unit,
        body={"name": "Diambil Alih"},
        snapshot_sql="select name, note, updated_at from org_units where id = $1",
    ),
]


@pytest.mark.parametrize(("attacker", "victim"), [("kaltim", "lampung"), ("lampung", "kaltim")])
async def test_org_routes_answer_404_for_foreign_ids(
    client: Any, owner_conn: Any, tenant_ids: dict[str, uuid.UUID], attacker: str, victim: str
) -> None:
    failures = await assert_isolated(client, owner_conn, ORG_ROUTES, tenant_ids, attacker, victim)
    assert failures == []


async def test_harness_notices_a_route_that_leaks(
    client: Any, owner_conn: Any, tenant_ids: dict[str, uuid.UUID]
) -> None:
    """The harness itself must be able to fail: an own-tenant id answers 200, not 404."""

    async def own_unit(_: Any) -> uuid.UUID:
        async with owner_conn.transaction():
            await owner_conn.execute(
                "select set_config('app.tenant_id', $1, true)", str(tenant_ids["kaltim"])
            )
            return await _a_unit(owner_conn)

    route = TenantRoute("GET", "/api/org/units/{id}", own_unit)
    failures = await assert_isolated(client, owner_conn, [route], tenant_ids, "kaltim", "lampung")
    assert len(failures) == 1
    assert "expected 404, got 200" in failures[0]
