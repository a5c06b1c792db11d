"""What an outside review of the hardening found, each shut: a NUL in the SPA's path, a
non-ASCII CSRF header, YAML values and text the database cannot store, reach widened by
appointing oneself or beyond one's units or by re-parenting, and pending appointments
shown to everyone."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from tests.integration.cases.support import Person
from tests.isolation.harness import LoggedIn, in_tenant, login_as

pytestmark = pytest.mark.integration


async def test_a_nul_in_any_path_is_a_refusal_not_an_error(client: Any) -> None:
    for path in ("/%00", "/assets/%00x.js", "/kasus/%00"):
        answer = await client.get(path)
        assert 400 <= answer.status_code < 500, (path, answer.status_code)


async def test_a_non_ascii_csrf_header_is_refused(
    client: Any, tenant_ids: dict[str, uuid.UUID]
) -> None:
    who = await login_as("lampung", tenant_ids["lampung"], ())
    answer = await client.post(
        "/auth/logout-all", cookies=who.cookies, headers={"x-csrf-token": b"\xe9t\xe9"}
    )
    assert answer.status_code == 403, answer.text


@pytest.mark.parametrize(
    ("body", "field"),
    [
        (b"tenant: lampung\nsop_id: x\ntanggal: 2026-13-45\n", "document"),
        (b'tenant: lampung\ntitle: "judul\\0rusak"\n', "title"),
        (b'tenant: lampung\nsteps: [{activity: "a\\ud800"}]\n', "steps[0].activity"),
    ],
)
async def test_yaml_values_the_database_cannot_take_are_refused(
    client: Any, tenant_ids: dict[str, uuid.UUID], body: bytes, field: str
) -> None:
    admin = await login_as("lampung", tenant_ids["lampung"], ("tenant_admin",))
    answer = await client.post(
        "/api/catalogue/import", content=body, cookies=admin.cookies, headers=admin.headers
    )
    assert answer.status_code == 422, answer.text
    assert answer.json()["field"] == field


async def test_a_book_with_a_nul_is_refused(client: Any, tenant_ids: dict[str, uuid.UUID]) -> None:
    admin = await login_as("lampung", tenant_ids["lampung"], ("tenant_admin",))
    answer = await client.post(
        "/api/catalogue/import-book?name=rusak.txt",
        content=b"SOP\n\x00\n",
        cookies=admin.cookies,
        headers=admin.headers,
    )
    assert answer.status_code == 422, answer.text
    assert answer.json()["field"] == "file"


async def _post(client: Any, who: LoggedIn, url: str, body: Any) -> Any:
    return await client.post(url, json=body, cookies=who.cookies, headers=who.headers)


async def _post_id(owner_conn: Any, tid: uuid.UUID, code: str) -> str:
    rows = await in_tenant(owner_conn, tid, "select id from org_positions where code = $1", code)
    return str(rows[0]["id"])


async def test_reach_does_not_grow_sideways_or_by_restructuring(
    client: Any, office: Any, owner_conn: Any, tenant_ids: dict[str, uuid.UUID]
) -> None:
    tid = tenant_ids["kaltim"]
    _, staff = await office("kaltim")
    kasi: Person = await staff("kasi-pembinaan-usaha-industri")
    admin = await login_as("kaltim", tid, ("tenant_admin",), user_id=kasi.user_id)
    clerk: Person = await staff("staf-seksi-pembinaan-usaha-industri")
    own_staff = await _post_id(owner_conn, tid, "staf-seksi-pembinaan-usaha-industri")
    other_kasi = await _post_id(owner_conn, tid, "kasi-perencanaan-industri")
    # Oneself, even to a post with no reach: the head decides.
    me = await _post(
        client,
        admin,
        f"/api/org/positions/{own_staff}/holders",
        {"user_id": str(kasi.user_id), "kind": "definitive"},
    )
    assert me.status_code == 202, me.text
    assert "diri sendiri" in me.json()["reason"]
    # Another Seksi's Kasi: the same level, but outside the units this Kasi reaches.
    sideways = await _post(
        client,
        admin,
        f"/api/org/positions/{other_kasi}/holders",
        {"user_id": str(clerk.user_id), "kind": "definitive"},
    )
    assert sideways.status_code == 202, sideways.text
    assert "di luar unit" in sideways.json()["reason"]
    # Putting another Seksi's Kasi under this Kasi is not the admin's to do.
    moved = await client.patch(
        f"/api/org/positions/{other_kasi}",
        json={"supervisor_id": await _post_id(owner_conn, tid, "kasi-pembinaan-usaha-industri")},
        cookies=admin.cookies,
        headers=admin.headers,
    )
    assert moved.status_code == 403, moved.text
    # A colleague sees only what concerns them among pending appointments.
    colleague = await staff("staf-seksi-perencanaan-industri")
    theirs = (
        await client.get("/api/org/appointment-requests", cookies=colleague.who.cookies)
    ).json()
    assert theirs["items"] == []
    mine = (await client.get("/api/org/appointment-requests", cookies=clerk.who.cookies)).json()
    assert [r["id"] for r in mine["items"]] == [sideways.json()["id"]]
