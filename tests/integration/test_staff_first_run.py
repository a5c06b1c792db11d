"""Staff on their first run: the catalogue shows them only SOPs in force (never drafts, not
even when asked for), and they may learn whom to ask (the office's tenant admins, by name
only) when nothing is published yet."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from typing import Any

import pytest

from alur.core.sessions import SESSION_COOKIE
from tests.isolation.harness import LoggedIn, in_tenant, login_as

pytestmark = pytest.mark.integration

KEY = "003-02"
"""A lampung SOP whose imported draft is valid as it stands."""


@pytest.fixture
async def staff(tenant_ids: dict[str, uuid.UUID]) -> LoggedIn:
    return await login_as("lampung", tenant_ids["lampung"], ())


@pytest.fixture
async def admin(tenant_ids: dict[str, uuid.UUID]) -> LoggedIn:
    return await login_as("lampung", tenant_ids["lampung"], ("tenant_admin",))


@pytest.fixture
async def keep_sop(owner_conn: Any, tenant_ids: dict[str, uuid.UUID]) -> AsyncIterator[None]:
    """Put KEY's versions back as they were: new ones removed, statuses restored."""
    tenant = tenant_ids["lampung"]
    before = await in_tenant(
        owner_conn,
        tenant,
        "select v.id, v.status, v.published_at, v.published_by from catalogue_versions v"
        " join catalogue_sops s on s.id = v.sop_id where s.key = $1",
        KEY,
    )
    yield
    async with owner_conn.transaction():
        await owner_conn.execute("select set_config('app.tenant_id', $1, true)", str(tenant))
        await owner_conn.execute(
            "delete from catalogue_versions v using catalogue_sops s where s.id = v.sop_id"
            " and s.key = $1 and not (v.id = any($2::uuid[]))",
            KEY,
            [r["id"] for r in before],
        )
        for r in before:
            await owner_conn.execute(
                "update catalogue_versions set status = $2, published_at = $3,"
                " published_by = $4 where id = $1",
                r["id"],
                r["status"],
                r["published_at"],
                r["published_by"],
            )


async def _list(client: Any, who: LoggedIn, query: str = "") -> dict[str, Any]:
    response = await client.get(f"/api/catalogue/sops?limit=200{query}", cookies=who.cookies)
    assert response.status_code == 200, response.text
    return dict(response.json())


async def test_staff_never_list_or_read_drafts(
    client: Any,
    staff: LoggedIn,
    admin: LoggedIn,
    owner_conn: Any,
    tenant_ids: dict[str, uuid.UUID],
    keep_sop: None,
) -> None:
    everything = await _list(client, admin)
    drafts = {s["key"]: s for s in everything["items"] if s["published_version"] is None}
    sop = next(s for s in everything["items"] if s["key"] == KEY)
    assert sop["latest_status"] == "draft", "the imported SOPs start as drafts"
    other = next(s for k, s in drafts.items() if k != KEY)

    # A draft is not there for staff: not listed, whatever status they ask for, nor readable.
    for query in ("", "&status=draft", "&status=retired", "&status=published"):
        listed = await _list(client, staff, query)
        assert KEY not in {s["key"] for s in listed["items"]}, query
        assert all(s["latest_status"] == "published" for s in listed["items"]), query
    unseen = await client.get(f"/api/catalogue/sops/{other['id']}", cookies=staff.cookies)
    assert unseen.status_code == 404
    assert (
        await client.get("/api/catalogue/sops?status=arsip", cookies=staff.cookies)
    ).status_code == 422

    detail = (await client.get(f"/api/catalogue/sops/{sop['id']}", cookies=admin.cookies)).json()
    version = detail["versions"][0]
    # Put it in force directly: how (publishing, or pengesahan by the head) is not the point.
    await in_tenant(
        owner_conn,
        tenant_ids["lampung"],
        "update catalogue_versions set status = 'published', published_at = now() where id = $1",
        uuid.UUID(version["id"]),
    )
    # The tenant admin starts the next draft: staff keep seeing the version in force.
    draft = await client.post(
        f"/api/catalogue/sops/{sop['id']}/drafts", cookies=admin.cookies, headers=admin.headers
    )
    assert draft.status_code in (200, 201), draft.text
    assert draft.json()["status"] == "draft"

    as_admin = next(s for s in (await _list(client, admin))["items"] if s["key"] == KEY)
    assert as_admin["latest_status"] == "draft"
    assert as_admin["latest_version"] == version["number"] + 1
    for query in ("", "&status=draft"):
        listed = await _list(client, staff, query)
        mine = next(s for s in listed["items"] if s["key"] == KEY)
        assert mine["latest_status"] == "published", query
        assert mine["latest_version"] == mine["published_version"] == version["number"], query
    read = (await client.get(f"/api/catalogue/sops/{sop['id']}", cookies=staff.cookies)).json()
    assert [(v["number"], v["status"]) for v in read["versions"]] == [
        (version["number"], "published")
    ]
    full = (await client.get(f"/api/catalogue/sops/{sop['id']}", cookies=admin.cookies)).json()
    assert [v["status"] for v in full["versions"]] == ["published", "draft"]


@pytest.fixture
async def people(owner_conn: Any, tenant_ids: dict[str, uuid.UUID]) -> AsyncIterator[str]:
    """Admins and staff in both offices (subjects 'uji-admins-<run>-...'); removed after."""
    run = uuid.uuid4().hex[:8]
    rows = [
        # slug, name, idp roles, granted roles, active, email
        ("lampung", f"Admin IdP {run}", ["tenant_admin"], [], True),
        ("lampung", f"Admin Diberi {run}", [], ["tenant_admin"], True),
        ("lampung", f"Admin Nonaktif {run}", ["tenant_admin"], [], False),
        ("lampung", f"Staf Biasa {run}", [], [], True),
        ("kaltim", f"Admin Kaltim {run}", ["tenant_admin"], [], True),
    ]
    for n, (slug, name, idp, granted, active) in enumerate(rows):
        async with owner_conn.transaction():
            await owner_conn.execute(
                "select set_config('app.tenant_id', $1, true)", str(tenant_ids[slug])
            )
            user = await owner_conn.fetchval(
                "insert into users (tenant_id, subject, nip, name, email, idp_roles,"
                " granted_roles, active) values ($1, $2, $3, $4, $5, $6, $7, $8) returning id",
                tenant_ids[slug],
                f"uji-admins-{run}-{n}",
                f"19900101202001{n:04d}",
                name,
                f"rahasia-{run}-{n}@example.test",
                idp,
                granted,
                active,
            )
            if name.startswith("Admin Diberi"):
                position = await owner_conn.fetchval(
                    "select id from org_positions where active order by code limit 1"
                )
                await owner_conn.execute(
                    "insert into position_holders (tenant_id, user_id, position_id, kind,"
                    " source) values ($1, $2, $3, 'definitive', 'admin')",
                    tenant_ids[slug],
                    user,
                    position,
                )
    yield run
    for slug in ("lampung", "kaltim"):
        async with owner_conn.transaction():
            await owner_conn.execute(
                "select set_config('app.tenant_id', $1, true)", str(tenant_ids[slug])
            )
            pattern = f"uji-admins-{run}-%"
            await owner_conn.execute(
                "delete from position_holders where user_id in"
                " (select id from users where subject like $1)",
                pattern,
            )
            await owner_conn.execute("delete from users where subject like $1", pattern)


async def test_any_member_sees_the_office_admins_by_name_only(
    client: Any, staff: LoggedIn, owner_conn: Any, tenant_ids: dict[str, uuid.UUID], people: str
) -> None:
    response = await client.get("/api/org/admins", cookies=staff.cookies)
    assert response.status_code == 200, response.text
    admins = response.json()
    assert all(set(a) == {"name", "position"} for a in admins), "names and titles, nothing else"
    assert "rahasia" not in response.text
    assert "@" not in response.text
    names = {a["name"] for a in admins}
    assert {f"Admin IdP {people}", f"Admin Diberi {people}"} <= names
    assert f"Admin Nonaktif {people}" not in names, "a deactivated admin is no one to ask"
    assert f"Staf Biasa {people}" not in names
    assert f"Admin Kaltim {people}" not in names, "another office's admin"
    title = await in_tenant(
        owner_conn,
        tenant_ids["lampung"],
        "select title from org_positions where active order by code limit 1",
    )
    granted = next(a for a in admins if a["name"] == f"Admin Diberi {people}")
    assert granted["position"] == title[0]["title"]
    assert next(a for a in admins if a["name"] == f"Admin IdP {people}")["position"] is None

    kaltim = await login_as("kaltim", tenant_ids["kaltim"], ())
    theirs = {
        a["name"] for a in (await client.get("/api/org/admins", cookies=kaltim.cookies)).json()
    }
    assert f"Admin Kaltim {people}" in theirs
    assert not {n for n in theirs if n.endswith(people)} - {f"Admin Kaltim {people}"}
    # No session (a cookie the server never issued; the shared client may hold a real one).
    nobody = {SESSION_COOKIE: "no-such-session"}
    assert (await client.get("/api/org/admins", cookies=nobody)).status_code == 401
