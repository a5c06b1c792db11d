"""Every tenant-scoped org route, tried with the other tenant's ids: 404, nothing changed."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.isolation.harness import TenantRoute, assert_isolated, in_tenant

pytestmark = [pytest.mark.integration, pytest.mark.isolation]


async def _a_unit(conn: Any) -> uuid.UUID:
    return uuid.UUID(str(await conn.fetchval("select id from org_units order by code limit 1")))


async def _a_position(conn: Any) -> uuid.UUID:
    return uuid.UUID(str(await conn.fetchval("select id from org_positions order by code limit 1")))


async def _a_user(conn: Any) -> uuid.UUID:
    tenant = await conn.fetchval("select current_setting('app.tenant_id')")
    return uuid.UUID(
        str(
            await conn.fetchval(
                "insert into users (tenant_id, subject, nip, name) values ($1::uuid, 'isolasi', '1', "
                "'Korban Isolasi') on conflict (tenant_id, subject) do update set name = excluded.name "
                "returning id",
                tenant,
            )
        )
    )


async def _a_holder(conn: Any) -> uuid.UUID:
    user = await _a_user(conn)
    position = await _a_position(conn)
    existing = await conn.fetchval(
        "select id from position_holders where user_id = $1 and source = 'admin'", user
    )
    if existing:
        return uuid.UUID(str(existing))
    return uuid.UUID(
        str(
            await conn.fetchval(
                "insert into position_holders (tenant_id, user_id, position_id, kind, source) "
                "values (current_setting('app.tenant_id')::uuid, $1, $2, 'definitive', 'admin') "
                "returning id",
                user,
                position,
            )
        )
    )


async def _a_token(conn: Any) -> uuid.UUID:
    existing = await conn.fetchval("select id from api_tokens where name = 'isolasi'")
    if existing:
        return uuid.UUID(str(existing))
    return uuid.UUID(
        str(
            await conn.fetchval(
                "insert into api_tokens (tenant_id, name, secret_hash, scopes) values "
                "(current_setting('app.tenant_id')::uuid, 'isolasi', repeat('0', 64), '{org:read}') "
                "returning id",
            )
        )
    )


async def _an_appointment_request(conn: Any) -> uuid.UUID:
    """A pending request of theirs (a Plt Kepala Dinas for their isolation user)."""
    user = await _a_user(conn)
    return uuid.UUID(
        str(
            await conn.fetchval(
                "insert into appointment_requests (tenant_id, position_id, user_id, kind,"
                " starts_on, ends_on, reason, requested_by) select"
                " current_setting('app.tenant_id')::uuid, p.id, $1, 'plt', current_date,"
                " current_date + 7, 'isolasi', $1 from org_positions p"
                " where p.kind = 'kepala_dinas' limit 1 returning id",
                user,
            )
        )
    )


APPOINTMENT_SNAPSHOT = (
    "select status, decided_at, holder_id from appointment_requests where id = $1"
)


async def _a_sop(conn: Any) -> uuid.UUID:
    return uuid.UUID(str(await conn.fetchval("select id from catalogue_sops order by key limit 1")))


async def _a_version(conn: Any) -> uuid.UUID:
    return uuid.UUID(
        str(
            await conn.fetchval(
                "select v.id from catalogue_versions v join catalogue_sops s on s.id = v.sop_id "
                "order by s.key, v.number limit 1"
            )
        )
    )


# A well-formed document (a committed kaltim SOP), so only the foreign id can make it fail.
FOREIGN_DOCUMENT = yaml.safe_load(
    sorted((Path(__file__).resolve().parents[2] / "tenants/kaltim/catalogue").glob("*.yaml"))[
        0
    ].read_text(encoding="utf-8")
)

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
    TenantRoute(
        "PATCH",
        "/api/org/positions/{id}",
        _a_position,
        body={"title": "Diambil Alih"},
        snapshot_sql="select title, note, updated_at from org_positions where id = $1",
    ),
    TenantRoute("GET", "/api/org/positions/{id}/holders", _a_position),
    TenantRoute(
        "POST",
        "/api/org/positions/{id}/holders",
        _a_position,
        body={"user_id": str(uuid.uuid4()), "kind": "definitive"},
        snapshot_sql="select count(*) from position_holders where position_id = $1",
    ),
    TenantRoute(
        "PATCH",
        "/api/org/holders/{id}",
        _a_holder,
        body={"ends_on": "2020-01-01"},
        snapshot_sql="select id, kind, ends_on from position_holders where id = $1",
    ),
    TenantRoute(
        "DELETE",
        "/api/org/holders/{id}",
        _a_holder,
        snapshot_sql="select id, kind from position_holders where id = $1",
    ),
    TenantRoute("GET", "/api/users/{id}", _a_user),
    TenantRoute(
        "PATCH",
        "/api/users/{id}",
        _a_user,
        body={"active": False},
        snapshot_sql="select active, granted_roles, updated_at from users where id = $1",
    ),
    TenantRoute(
        "DELETE",
        "/api/tokens/{id}",
        _a_token,
        snapshot_sql="select revoked_at from api_tokens where id = $1",
    ),
    TenantRoute(
        "POST",
        "/api/org/appointment-requests/{id}/approve",
        _an_appointment_request,
        body={},
        snapshot_sql=APPOINTMENT_SNAPSHOT,
    ),
    TenantRoute(
        "POST",
        "/api/org/appointment-requests/{id}/reject",
        _an_appointment_request,
        body={"note": "diambil alih"},
        snapshot_sql=APPOINTMENT_SNAPSHOT,
    ),
    TenantRoute("GET", "/api/catalogue/sops/{id}", _a_sop),
    TenantRoute("POST", "/api/catalogue/versions/{id}/validate", _a_version),
    TenantRoute(
        "POST",
        "/api/catalogue/versions/{id}/publish",
        _a_version,
        snapshot_sql="select status, published_at from catalogue_versions where id = $1",
    ),
    TenantRoute(
        "POST",
        "/api/catalogue/sops/{id}/drafts",
        _a_sop,
        snapshot_sql="select count(*) from catalogue_versions where sop_id = $1",
    ),
    TenantRoute(
        "PUT",
        "/api/catalogue/versions/{id}/document",
        _a_version,
        body=FOREIGN_DOCUMENT,
        snapshot_sql="select document::text from catalogue_versions where id = $1",
    ),
    TenantRoute("GET", "/api/catalogue/versions/{id}/export", _a_version),
    TenantRoute("GET", "/api/catalogue/versions/{id}/suggestions", _a_version),
    TenantRoute(
        "POST",
        "/api/catalogue/versions/{id}/accept-suggestions",
        _a_version,
        body={},
        snapshot_sql="select document::text from catalogue_versions where id = $1",
    ),
    TenantRoute("GET", "/api/catalogue/diff?from={id}&to={id}", _a_version),
    TenantRoute(
        "POST",
        "/api/catalogue/versions/{id}/submit",
        _a_version,
        snapshot_sql="select status, submitted_at from catalogue_versions where id = $1",
    ),
    TenantRoute(
        "POST",
        "/api/catalogue/versions/{id}/approve",
        _a_version,
        snapshot_sql="select status, approved_at, document::text from catalogue_versions"
        " where id = $1",
    ),
    TenantRoute(
        "POST",
        "/api/catalogue/versions/{id}/return",
        _a_version,
        body={"note": "isolasi"},
        snapshot_sql="select status, return_note from catalogue_versions where id = $1",
    ),
]


@pytest.mark.parametrize(("attacker", "victim"), [("kaltim", "lampung"), ("lampung", "kaltim")])
async def test_org_routes_answer_404_for_foreign_ids(
    client: Any, owner_conn: Any, tenant_ids: dict[str, uuid.UUID], attacker: str, victim: str
) -> None:
    try:
        failures = await assert_isolated(
            client, owner_conn, ORG_ROUTES, tenant_ids, attacker, victim
        )
    finally:  # the requests made for the approve/reject routes wait on nobody's dashboard
        await in_tenant(
            owner_conn,
            tenant_ids[victim],
            "delete from appointment_requests where reason = 'isolasi' returning id",
        )
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
