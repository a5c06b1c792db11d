"""The access policy, as a table: for each role, which routes answer 2xx and which 403.

Read a row as: this caller, doing this, gets this. Routes change nothing the matrix cares
about (writes go to scratch rows created by the fixture).
"""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from alur.core.settings import get_settings
from tests.isolation.harness import login_as

pytestmark = pytest.mark.integration

OK, FORBIDDEN, UNAUTH, BAD_INPUT, NO_BODY, NOT_FOUND = "2xx", 403, 401, 422, 400, 404
"""BAD_INPUT: allowed through the guard, then refused by validation (the body is empty);
NO_BODY: allowed through the guard, then refused for the missing JSON body;
NOT_FOUND: allowed through the guard, and a task nobody can see is not found."""

# fmt: off
MATRIX: list[tuple[str, Any, Any, Any, Any]] = [
    # route                                          anonymous  staff      tenant_admin  platform_admin
    ("GET /api/public/tenants",                      OK,        OK,        OK,           OK),
    ("GET /api/me",                                  UNAUTH,    OK,        OK,           OK),
    ("GET /api/me/scope",                            UNAUTH,    OK,        OK,           OK),
    ("GET /api/org/admins",                          UNAUTH,    OK,        OK,           OK),
    ("GET /api/org/units",                           UNAUTH,    OK,        OK,           OK),
    ("GET /api/org/units/{unit}",                    UNAUTH,    OK,        OK,           OK),
    ("PATCH /api/org/units/{unit}",                  UNAUTH,    FORBIDDEN, OK,           FORBIDDEN),
    ("POST /api/org/units",                          UNAUTH,    FORBIDDEN, OK,           FORBIDDEN),
    ("GET /api/org/positions",                       UNAUTH,    OK,        OK,           OK),
    ("GET /api/org/positions/{position}/holders",    UNAUTH,    OK,        OK,           OK),
    ("POST /api/org/positions",                      UNAUTH,    FORBIDDEN, OK,           FORBIDDEN),
    ("GET /api/users",                               UNAUTH,    FORBIDDEN, OK,           FORBIDDEN),
    ("PATCH /api/users/{user}",                      UNAUTH,    FORBIDDEN, OK,           FORBIDDEN),
    ("POST /api/users",                              UNAUTH,    FORBIDDEN, NO_BODY,      FORBIDDEN),
    ("GET /api/tokens",                              UNAUTH,    FORBIDDEN, OK,           FORBIDDEN),
    ("POST /api/tokens",                             UNAUTH,    FORBIDDEN, OK,           FORBIDDEN),
    ("GET /api/platform/tenants",                    UNAUTH,    FORBIDDEN, FORBIDDEN,    OK),
    ("GET /api/platform/status",                     UNAUTH,    FORBIDDEN, FORBIDDEN,    OK),
    ("GET /api/catalogue/sops",                      UNAUTH,    OK,        OK,           OK),
    ("POST /api/catalogue/versions/{version}/validate", UNAUTH, OK,        OK,           OK),
    ("GET /api/catalogue/versions/{version}/export", UNAUTH,    OK,        OK,           OK),
    ("POST /api/catalogue/import",                   UNAUTH,    FORBIDDEN, BAD_INPUT,    FORBIDDEN),
    ("GET /api/cases",                               UNAUTH,    OK,        OK,           OK),
    ("GET /api/org/vacant-posts",                    UNAUTH,    FORBIDDEN, OK,           FORBIDDEN),
    ("GET /api/cases/export.csv",                    UNAUTH,    FORBIDDEN, OK,           FORBIDDEN),
    ("GET /api/tasks/{task}/reassign-targets",       UNAUTH,    NOT_FOUND, NOT_FOUND,    NOT_FOUND),
    ("GET /api/org/appointment-requests",            UNAUTH,    OK,        OK,           OK),
    ("POST /api/org/appointment-requests/{task}/approve", UNAUTH, NOT_FOUND, NOT_FOUND,  NOT_FOUND),
    ("GET /api/platform/calendar",                   UNAUTH,    FORBIDDEN, FORBIDDEN,    OK),
    ("POST /api/platform/calendar/days/move",        UNAUTH,    FORBIDDEN, FORBIDDEN,    NO_BODY),
]
# fmt: on
ROLES = ("anonymous", "staff", "tenant_admin", "platform_admin")


async def _owner_ids(owner_conn: Any, tenant_id: uuid.UUID) -> dict[str, Any]:
    async with owner_conn.transaction():
        await owner_conn.execute("select set_config('app.tenant_id', $1, true)", str(tenant_id))
        unit = await owner_conn.fetchrow(
            "select id, code from org_units where kind = 'seksi' order by code limit 1"
        )
        position = await owner_conn.fetchval(
            "select id from org_positions where kind = 'kasi' order by code limit 1"
        )
        user = await owner_conn.fetchval(
            "insert into users (tenant_id, subject, nip, name) values ($1, $2, '1', 'Matriks') "
            "on conflict (tenant_id, subject) do update set name = 'Matriks' returning id",
            tenant_id,
            "matrix-user",
        )
        version = await owner_conn.fetchval("select id from catalogue_versions limit 1")
    return {
        "unit": unit["id"],
        "unit_code": unit["code"],
        "position": position,
        "user": user,
        "version": version,
        "task": uuid.uuid4(),
    }


def _body(route: str, ids: dict[str, Any], n: int) -> dict[str, Any] | None:
    suffix = uuid.uuid4().hex[:8]
    return {
        "PATCH /api/org/units/{unit}": {"note": f"matriks {n}"},
        "POST /api/org/units": {
            "code": f"uji-{suffix}",
            "name": "Seksi Uji Matriks",
            "kind": "seksi",
            "parent_id": None,
        },
        "POST /api/org/positions": {
            "code": f"uji-{suffix}",
            "title": "Staf Uji",
            "kind": "staf",
            "unit_id": str(ids["unit"]),
            "supervisor_id": str(ids["position"]),
        },
        "PATCH /api/users/{user}": {"granted_roles": []},
        "POST /api/org/appointment-requests/{task}/approve": {},
        "POST /api/tokens": {"name": "matriks", "scopes": ["org:read"]},
    }.get(route)


async def _parent_unit(owner_conn: Any, tenant_id: uuid.UUID) -> uuid.UUID:
    async with owner_conn.transaction():
        await owner_conn.execute("select set_config('app.tenant_id', $1, true)", str(tenant_id))
        return await owner_conn.fetchval("select id from org_units where kind = 'bidang' limit 1")


async def _caller(
    role: str, tenant_id: uuid.UUID, platform_user: str
) -> tuple[dict[str, str], dict[str, str]]:
    if role == "anonymous":
        return {}, {}
    roles = ["tenant_admin"] if role == "tenant_admin" else []
    # The platform admin is named by Alur user id in ALUR_PLATFORM_ADMINS; every caller has
    # the same NIP (login_as's), to show it plays no part.
    user_id = platform_user if role == "platform_admin" else None
    who = await login_as("kaltim", tenant_id, roles, user_id=user_id)
    return who.cookies, who.headers


@pytest.mark.parametrize("role", ROLES)
async def test_access_matrix(
    client: Any,
    owner_conn: Any,
    tenant_ids: dict[str, uuid.UUID],
    role: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:

    platform_user = str(uuid.uuid4())
    monkeypatch.setenv("ALUR_PLATFORM_ADMINS", f"kaltim:{platform_user}")
    get_settings.cache_clear()
    try:
        tenant_id = tenant_ids["kaltim"]
        ids = await _owner_ids(owner_conn, tenant_id)
        parent = await _parent_unit(owner_conn, tenant_id)
        cookies, headers = await _caller(role, tenant_id, platform_user)
        column = ROLES.index(role) + 1
        mismatches = []
        for n, row in enumerate(MATRIX):
            route, expected = row[0], row[column]
            method, path = route.split(" ", 1)
            url = path.format(
                **{k: ids[k] for k in ("unit", "position", "user", "version", "task")}
            )
            body = _body(route, ids, n)
            if body and "parent_id" in body:
                body["parent_id"] = str(parent)
            response = await client.request(
                method, url, json=body, cookies=cookies, headers=headers
            )
            got = "2xx" if 200 <= response.status_code < 300 else response.status_code
            if got != expected:
                mismatches.append(
                    f"{role}: {route} -> {got} (expected {expected}) {response.text[:120]}"
                )
        assert mismatches == []
    finally:
        get_settings.cache_clear()
        await _drop_scratch_rows(owner_conn, tenant_ids["kaltim"])


async def _drop_scratch_rows(owner_conn: Any, tenant_id: uuid.UUID) -> None:
    async with owner_conn.transaction():
        await owner_conn.execute("select set_config('app.tenant_id', $1, true)", str(tenant_id))
        await owner_conn.execute("delete from org_positions where code like 'uji-%'")
        await owner_conn.execute("delete from org_units where code like 'uji-%'")
        await owner_conn.execute("delete from api_tokens where name = 'matriks'")


async def test_platform_admin_cannot_come_from_a_tenant(
    client: Any, tenant_ids: dict[str, uuid.UUID]
) -> None:
    """A role named platform_admin in an office's IdP claims (or session) grants nothing."""
    who = await login_as("kaltim", tenant_ids["kaltim"], ("platform_admin", "tenant_admin"))
    response = await client.get("/api/platform/tenants", cookies=who.cookies)
    assert response.status_code == 403


async def test_platform_view_shows_each_office_health(
    client: Any, platform_admin: Any, owner_conn: Any
) -> None:
    """Per office: size, work and health. An office whose IdP does not answer is named as
    unhealthy with the reason; the other stays healthy."""
    platform = platform_admin
    healthy = {
        t["slug"]: t
        for t in (await client.get("/api/platform/tenants", cookies=platform.cookies)).json()
    }
    for slug in ("kaltim", "lampung"):
        office = healthy[slug]
        assert office["idp"]["ok"] is True, office["idp"]
        assert office["published_sops"] >= 0
        assert office["units"] > 0
        assert office["healthy"] is (office["dead_jobs"] == 0)

    issuer = await owner_conn.fetchval("select idp->>'issuer' from tenants where slug = 'lampung'")
    await owner_conn.execute(
        "update tenants set idp = jsonb_set(idp, '{issuer}', '\"http://127.0.0.1:9/nowhere\"')"
        " where slug = 'lampung'"
    )
    try:
        broken = {
            t["slug"]: t
            for t in (await client.get("/api/platform/tenants", cookies=platform.cookies)).json()
        }
    finally:
        await owner_conn.execute(
            "update tenants set idp = jsonb_set(idp, '{issuer}', to_jsonb($1::text))"
            " where slug = 'lampung'",
            issuer,
        )
    assert broken["lampung"]["healthy"] is False
    assert broken["lampung"]["idp"]["ok"] is False
    assert "idp:lampung" in broken["lampung"]["problems"][0]
    assert broken["kaltim"]["idp"]["ok"] is True
