"""The tenant admin's org tools on the real database: edits, cycles refused, acting
officials (Plt/Plh) for a date range, users deactivated, integration tokens."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import AsyncIterator
from typing import Any

import pytest

from tests.isolation.harness import LoggedIn, in_tenant, login_as

pytestmark = pytest.mark.integration


@pytest.fixture
async def admin(owner_conn: Any, tenant_ids: dict[str, uuid.UUID]) -> AsyncIterator[LoggedIn]:
    """A tenant admin who is also the office's Kepala Dinas, so appointments here are made
    directly (an admin's appointment above their own reach waits for the head of office:
    tests/integration/test_appointment_approval.py)."""
    tid = tenant_ids["kaltim"]
    head = await _user(owner_conn, tid, "Kepala Dinas Uji")
    await in_tenant(
        owner_conn,
        tid,
        "insert into position_holders (tenant_id, user_id, position_id, kind, source)"
        " select $1, $2, id, 'definitive', 'idp' from org_positions where kind = 'kepala_dinas'",
        tid,
        head,
    )
    yield await login_as("kaltim", tid, ("tenant_admin",), user_id=head)
    await in_tenant(owner_conn, tid, "delete from users where id = $1", head)


@pytest.fixture
async def scratch(owner_conn: Any, tenant_ids: dict[str, uuid.UUID]) -> AsyncIterator[None]:
    yield
    async with owner_conn.transaction():
        await owner_conn.execute(
            "select set_config('app.tenant_id', $1, true)", str(tenant_ids["kaltim"])
        )
        await owner_conn.execute("delete from position_holders where source = 'admin'")
        await owner_conn.execute("delete from org_positions where code like 'uji-%'")
        await owner_conn.execute("delete from org_units where code like 'uji-%'")
        await owner_conn.execute("delete from users where subject like 'uji-%'")
        await owner_conn.execute("delete from api_tokens where name like 'uji%'")


async def _ids(client: Any, who: LoggedIn) -> dict[str, Any]:
    units = (await client.get("/api/org/units?limit=200", cookies=who.cookies)).json()["items"]
    positions = (await client.get("/api/org/positions?limit=200", cookies=who.cookies)).json()[
        "items"
    ]
    return {
        "units": {u["code"]: u for u in units},
        "positions": {p["code"]: p for p in positions},
    }


async def _held(client: Any, who: LoggedIn) -> list[str]:
    """The position codes /api/me says this person holds today."""
    me = await client.get("/api/me", cookies=who.cookies)
    return [p["code"] for p in me.json()["user"]["positions"]]


async def _user(owner_conn: Any, tenant_id: uuid.UUID, name: str) -> uuid.UUID:
    async with owner_conn.transaction():
        await owner_conn.execute("select set_config('app.tenant_id', $1, true)", str(tenant_id))
        return uuid.UUID(
            str(
                await owner_conn.fetchval(
                    "insert into users (tenant_id, subject, nip, name) values ($1, $2, $3, $4) "
                    "returning id",
                    tenant_id,
                    f"uji-{uuid.uuid4().hex}",
                    "199501012020011001",
                    name,
                )
            )
        )


async def test_create_unit_and_position_and_refuse_cycles(
    client: Any, admin: LoggedIn, scratch: None
) -> None:
    ids = await _ids(client, admin)
    bidang = next(u for u in ids["units"].values() if u["kind"] == "bidang")
    kabid = next(p for p in ids["positions"].values() if p["kind"] == "kabid")
    unit = await client.post(
        "/api/org/units",
        json={
            "code": "uji-seksi",
            "name": "Seksi Uji",
            "kind": "seksi",
            "parent_id": bidang["id"],
        },
        cookies=admin.cookies,
        headers=admin.headers,
    )
    assert unit.status_code == 201, unit.text
    assert unit.json()["origin"] == "admin"
    duplicate = await client.post(
        "/api/org/units",
        json={
            "code": "uji-seksi",
            "name": "Seksi Uji",
            "kind": "seksi",
            "parent_id": bidang["id"],
        },
        cookies=admin.cookies,
        headers=admin.headers,
    )
    assert duplicate.status_code == 409
    assert duplicate.json()["field"] == "code"

    kasi = await client.post(
        "/api/org/positions",
        json={
            "code": "uji-kasi",
            "title": "Kasi Uji",
            "kind": "kasi",
            "unit_id": unit.json()["id"],
            "supervisor_id": kabid["id"],
        },
        cookies=admin.cookies,
        headers=admin.headers,
    )
    assert kasi.status_code == 201, kasi.text
    # Making the Kabid report to its own Kasi would loop the chain of command.
    loop = await client.patch(
        f"/api/org/positions/{kabid['id']}",
        json={
            "supervisor_id": kasi.json()["id"],
        },
        cookies=admin.cookies,
        headers=admin.headers,
    )
    assert loop.status_code == 422
    assert loop.json()["field"] == "supervisor_id"
    # ... and a unit under its own child likewise.
    unit_loop = await client.patch(
        f"/api/org/units/{bidang['id']}",
        json={
            "parent_id": unit.json()["id"],
        },
        cookies=admin.cookies,
        headers=admin.headers,
    )
    assert unit_loop.status_code == 422
    after = await client.get(f"/api/org/positions/{kabid['id']}", cookies=admin.cookies)
    assert after.json()["supervisor_id"] == kabid["supervisor_id"]


async def test_invalid_bodies_name_the_field(client: Any, admin: LoggedIn) -> None:
    ids = await _ids(client, admin)
    bidang = next(u for u in ids["units"].values() if u["kind"] == "bidang")
    cases = [
        ({"code": "Bad Code", "name": "Seksi", "kind": "seksi", "parent_id": bidang["id"]}, "code"),
        (
            {"code": "uji-x", "name": "Seksi", "kind": "direktorat", "parent_id": bidang["id"]},
            "kind",
        ),
        (
            {"code": "uji-x", "name": "Seksi", "kind": "seksi", "parent_id": str(uuid.uuid4())},
            "parent_id",
        ),
    ]
    for body, field in cases:
        response = await client.post(
            "/api/org/units", json=body, cookies=admin.cookies, headers=admin.headers
        )
        assert 400 <= response.status_code < 500, response.text
        assert field in response.text
    listed = (await client.get("/api/org/units?limit=200", cookies=admin.cookies)).json()
    assert "uji-x" not in {u["code"] for u in listed["items"]}


async def test_acting_official_holds_the_position_only_in_their_dates(
    client: Any,
    admin: LoggedIn,
    owner_conn: Any,
    tenant_ids: dict[str, uuid.UUID],
    scratch: None,
) -> None:
    ids = await _ids(client, admin)
    kasi = next(p for p in ids["positions"].values() if p["kind"] == "kasi")
    user_id = await _user(owner_conn, tenant_ids["kaltim"], "Pelaksana Tugas Uji")
    today = dt.datetime.now(dt.UTC).date()
    url = f"/api/org/positions/{kasi['id']}/holders"

    async def appoint(kind: str, days: tuple[int, int] | None) -> Any:
        body: dict[str, str] = {"user_id": str(user_id), "kind": kind}
        if days is not None:
            body["starts_on"] = str(today + dt.timedelta(days=days[0]))
            body["ends_on"] = str(today + dt.timedelta(days=days[1]))
        return await client.post(url, json=body, cookies=admin.cookies, headers=admin.headers)

    missing_dates = await appoint("plt", None)
    assert missing_dates.status_code == 422
    plt = await appoint("plt", (-1, 30))
    assert plt.status_code == 201, plt.text
    overlap = await appoint("plh", (5, 6))
    assert overlap.status_code == 409
    future = await appoint("plh", (40, 41))
    assert future.status_code == 201

    acting = await login_as("kaltim", tenant_ids["kaltim"], (), user_id=user_id)

    assert await _held(client, acting) == [kasi["code"]], (
        "the Plt holds it today; the future Plh not yet"
    )
    removed = await client.delete(
        f"/api/org/holders/{plt.json()['id']}", cookies=admin.cookies, headers=admin.headers
    )
    assert removed.status_code == 204
    assert await _held(client, acting) == []


async def test_deactivating_a_user_ends_their_sessions(
    client: Any,
    admin: LoggedIn,
    owner_conn: Any,
    tenant_ids: dict[str, uuid.UUID],
    scratch: None,
) -> None:
    user_id = await _user(owner_conn, tenant_ids["kaltim"], "Akan Dinonaktifkan")
    victim = await login_as("kaltim", tenant_ids["kaltim"], (), user_id=user_id)
    assert (await client.get("/api/me", cookies=victim.cookies)).status_code == 200
    bad_role = await client.patch(
        f"/api/users/{user_id}",
        json={"granted_roles": ["raja"]},
        cookies=admin.cookies,
        headers=admin.headers,
    )
    assert bad_role.status_code == 422
    off = await client.patch(
        f"/api/users/{user_id}",
        json={"active": False},
        cookies=admin.cookies,
        headers=admin.headers,
    )
    assert off.status_code == 200
    assert off.json()["active"] is False
    assert (await client.get("/api/me", cookies=victim.cookies)).status_code == 401
    found = (await client.get("/api/users?q=Akan%20Dinonaktifkan", cookies=admin.cookies)).json()
    assert [u["id"] for u in found["items"]] == [str(user_id)]


async def test_api_token_lifecycle(client: Any, admin: LoggedIn, scratch: None) -> None:
    refused = await client.post(
        "/api/tokens",
        json={"name": "uji-tulis", "scopes": ["org:write"]},
        cookies=admin.cookies,
        headers=admin.headers,
    )
    assert refused.status_code == 422
    assert refused.json()["field"] == "scopes"
    created = await client.post(
        "/api/tokens",
        json={"name": "uji-baca", "scopes": ["org:read"]},
        cookies=admin.cookies,
        headers=admin.headers,
    )
    assert created.status_code == 201, created.text
    secret = created.json()["secret"]
    token_id = created.json()["token"]["id"]
    bearer = {"authorization": f"Bearer {secret}"}
    assert (await client.get("/api/org/units", headers=bearer)).status_code == 200
    # Scoped: a read token cannot read users or write org, CSRF or not.
    assert (await client.get("/api/users", headers=bearer)).status_code == 403
    assert (await client.post("/api/org/units", json={}, headers=bearer)).status_code == 403
    listed = (await client.get("/api/tokens", cookies=admin.cookies)).json()
    mine = next(t for t in listed if t["id"] == token_id)
    assert "secret" not in mine
    assert mine["last_used_at"] is not None
    tampered = secret[:-3] + ("aaa" if not secret.endswith("aaa") else "bbb")
    assert (
        await client.get("/api/org/units", headers={"authorization": f"Bearer {tampered}"})
    ).status_code == 401
    revoked = await client.delete(
        f"/api/tokens/{token_id}", cookies=admin.cookies, headers=admin.headers
    )
    assert revoked.status_code == 204
    assert (await client.get("/api/org/units", headers=bearer)).status_code == 401


async def test_a_token_of_one_office_is_useless_at_the_other(
    client: Any, admin: LoggedIn, scratch: None
) -> None:
    created = await client.post(
        "/api/tokens",
        json={"name": "uji-silang", "scopes": ["org:read"]},
        cookies=admin.cookies,
        headers=admin.headers,
    )
    secret = created.json()["secret"]
    forged = secret.replace("alur_kaltim_", "alur_lampung_", 1)
    response = await client.get("/api/org/units", headers={"authorization": f"Bearer {forged}"})
    assert response.status_code == 401


async def test_ending_an_appointment_keeps_it_on_record(
    client: Any,
    admin: LoggedIn,
    owner_conn: Any,
    tenant_ids: dict[str, uuid.UUID],
    scratch: None,
) -> None:
    ids = await _ids(client, admin)
    kasi = next(p for p in ids["positions"].values() if p["kind"] == "kasi")
    user_id = await _user(owner_conn, tenant_ids["kaltim"], "Plt Berakhir Uji")
    today = dt.datetime.now(dt.UTC).date()
    day = dt.timedelta(days=1)
    url = f"/api/org/positions/{kasi['id']}/holders"
    headers, cookies = admin.headers, admin.cookies

    backwards = await client.post(
        url,
        json={
            "user_id": str(user_id),
            "kind": "definitive",
            "starts_on": str(today),
            "ends_on": str(today - day),
        },
        cookies=cookies,
        headers=headers,
    )
    assert backwards.status_code == 422, "a definitive holder's dates are checked too"
    assert "tanggal selesai sebelum tanggal mulai" in backwards.text

    plt = await client.post(
        url,
        json={
            "user_id": str(user_id),
            "kind": "plt",
            "starts_on": str(today - 10 * day),
            "ends_on": str(today + 30 * day),
        },
        cookies=cookies,
        headers=headers,
    )
    assert plt.status_code == 201, plt.text
    holder = f"/api/org/holders/{plt.json()['id']}"
    acting = await login_as("kaltim", tenant_ids["kaltim"], (), user_id=user_id)

    assert await _held(client, acting) == [kasi["code"]]
    for bad, reason in (
        (today - 11 * day, "tanggal selesai sebelum tanggal mulai"),
        (today + 31 * day, "hanya dapat dimajukan"),
    ):
        refused = await client.patch(
            holder, json={"ends_on": str(bad)}, cookies=cookies, headers=headers
        )
        assert refused.status_code == 422
        assert reason in refused.text
    unknown = await client.patch(
        f"/api/org/holders/{uuid.uuid4()}",
        json={"ends_on": str(today)},
        cookies=cookies,
        headers=headers,
    )
    assert unknown.status_code == 404

    ended = await client.patch(
        holder, json={"ends_on": str(today - day)}, cookies=cookies, headers=headers
    )
    assert ended.status_code == 200, ended.text
    assert ended.json()["ends_on"] == str(today - day)
    assert await _held(client, acting) == [], "ended yesterday: no longer holds the position"
    listed = (await client.get(url, cookies=cookies)).json()
    assert any(h["id"] == plt.json()["id"] and h["ends_on"] == str(today - day) for h in listed)
    staff = await login_as("kaltim", tenant_ids["kaltim"], ())
    forbidden = await client.patch(
        holder,
        json={"ends_on": str(today - 2 * day)},
        cookies=staff.cookies,
        headers=staff.headers,
    )
    assert forbidden.status_code == 403
