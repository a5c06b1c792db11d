"""A tenant admin adds a person by NIP before their first sign-in and appoints them (the
Kepala Dinas approving, the post being above the admin's reach); work for
the post waits for them; their first sign-in through the office's SSO is linked to that
record, and they find the task waiting. Bad input is refused and changes nothing."""

from __future__ import annotations

import os
import uuid
from typing import Any

import pytest
import yaml

from tests.integration.cases.support import publish_with_performers
from tests.isolation.harness import in_tenant
from tests.sso import sign_in

pytestmark = pytest.mark.integration
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
KASUBBAG = "kasubbag-umum-dan-kepegawaian"


def _demo(slug: str, position: str) -> dict[str, Any]:
    with open(os.path.join(ROOT, "tenants", slug, "demo-users.yaml")) as f:
        users = yaml.safe_load(f)["users"]
    return dict(next(u for u in users if u["position"] == position))


async def test_bad_appointments_are_refused_and_change_nothing(
    client: Any, office: Any, owner_conn: Any, tenant_ids: dict[str, uuid.UUID]
) -> None:
    admin, staff = await office("lampung")
    someone = await staff("staf-seksi-fasilitasi-industri")
    count = "select count(*) as n from users"
    before = (await in_tenant(owner_conn, tenant_ids["lampung"], count))[0]["n"]
    for body, status, field in (
        ({"nip": "12345", "name": "Budi Santoso"}, 422, "nip"),
        ({"nip": "19850101 201001 1 001", "name": "B"}, 422, "name"),
        ({"nip": "198501012010011001", "name": "Budi", "email": "bukan-surel"}, 422, "email"),
        ({"nip": "199501012020011001", "name": "NIP sudah dipakai"}, 409, "nip"),
    ):
        answer = await client.post(
            "/api/users", json=body, cookies=admin.cookies, headers=admin.headers
        )
        assert answer.status_code == status, (body, answer.text)
        assert answer.json()["field"] == field
    refused = await client.post(
        "/api/users",
        json={"nip": "198501012010011009", "name": "Budi Santoso"},
        cookies=someone.who.cookies,
        headers=someone.who.headers,
    )
    assert refused.status_code == 403
    after = (await in_tenant(owner_conn, tenant_ids["lampung"], count))[0]["n"]
    assert after == before


async def test_a_person_appointed_by_nip_finds_the_task_waiting_at_first_sign_in(
    client: Any, office: Any, owner_conn: Any, tenant_ids: dict[str, uuid.UUID]
) -> None:
    """The Lampung Kasubbag Umum's demo account stands in for a newcomer: its row is moved
    aside (and put back afterwards) so the IdP's login is someone Alur has never seen."""
    tid = tenant_ids["lampung"]
    person = _demo("lampung", KASUBBAG)
    aside = f"aside-{uuid.uuid4().hex[:8]}"
    moved = await in_tenant(
        owner_conn,
        tid,
        "update users set subject = $2 || subject, nip = $2 || nip where nip = $1"
        " returning id, subject",
        person["nip"],
        aside,
    )
    ended = await in_tenant(
        owner_conn,
        tid,
        "update position_holders set ends_on = current_date - 2 where ends_on is null and"
        " position_id = (select id from org_positions where code = $1) returning id",
        KASUBBAG,
    )
    added: list[Any] = []
    try:
        admin, staff = await office("lampung")
        sop = await publish_with_performers(client, admin, "003-02", {})
        answer = await client.post(
            "/api/users",
            json={"nip": person["nip"], "name": "Calon Kasubbag"},
            cookies=admin.cookies,
            headers=admin.headers,
        )
        assert answer.status_code == 201, answer.text
        newcomer = answer.json()
        added.append(uuid.UUID(newcomer["id"]))
        assert newcomer["awaiting_sign_in"] is True
        position = await in_tenant(
            owner_conn, tid, "select id from org_positions where code = $1", KASUBBAG
        )
        appointed = await client.post(
            f"/api/org/positions/{position[0]['id']}/holders",
            json={"user_id": newcomer["id"], "kind": "definitive"},
            cookies=admin.cookies,
            headers=admin.headers,
        )
        # A Kasubbag's reach (the Sub Bagian) is above the admin's own: the head approves.
        assert appointed.status_code == 202, appointed.text
        kadis = await staff("kepala-dinas")
        approved = await client.post(
            f"/api/org/appointment-requests/{appointed.json()['id']}/approve",
            json={},
            cookies=kadis.who.cookies,
            headers=kadis.who.headers,
        )
        assert approved.status_code == 200, approved.text
        assert approved.json()["status"] == "approved"

        starter = await staff("staf-sub-bagian-umum-dan-kepegawaian")
        started = await client.post(
            "/api/cases",
            json={"sop_id": sop["id"], "subject": "Menunggu pegawai baru"},
            cookies=starter.who.cookies,
            headers=starter.who.headers,
        )
        case_id = started.json()["id"]
        for _ in range(2):
            detail = await client.get(f"/api/cases/{case_id}", cookies=starter.who.cookies)
            task = detail.json()["current"]
            done = await client.post(
                f"/api/tasks/{task['id']}/complete",
                json={},
                cookies=starter.who.cookies,
                headers=starter.who.headers,
            )
            assert done.status_code == 200
        waiting = (await client.get(f"/api/cases/{case_id}", cookies=starter.who.cookies)).json()
        assert waiting["current"]["position_code"] == KASUBBAG, "held, so not passed upwards"
        assert "kosong" not in waiting["current"]["routing"]

        cookies = await sign_in(client, "lampung", person["nip"])
        me = (await client.get("/api/me", cookies=cookies)).json()
        assert me["user"]["id"] == newcomer["id"], "the sign-in is linked to the added person"
        assert me["user"]["name"] == person["name"], "the IdP's name replaces the typed one"
        held = [p["code"] for p in me["user"]["positions"]]
        assert held.count(KASUBBAG) == 1, "the IdP's group does not add the post a second time"
        inbox = (await client.get("/api/tasks/mine", cookies=cookies)).json()
        assert waiting["current"]["id"] in {t["id"] for t in inbox["items"]}
        users = (await client.get(f"/api/users?q={person['nip']}", cookies=admin.cookies)).json()
        assert [u["awaiting_sign_in"] for u in users["items"]] == [False]
    finally:
        client.cookies.clear()  # the sign-in set a session on the shared client
        await in_tenant(
            owner_conn,
            tid,
            "delete from position_holders where user_id = any($1::uuid[])",
            added,
        )
        await in_tenant(
            owner_conn,
            tid,
            "update users set nip = left('gone' || id::text, 32), subject = 'gone-' || id,"
            " active = false"
            " where id = any($1::uuid[])",
            added,
        )
        await in_tenant(
            owner_conn,
            tid,
            "update users set subject = substr(subject, $2 + 1), nip = substr(nip, $2 + 1)"
            " where id = any($1::uuid[])",
            [r["id"] for r in moved],
            len(aside),
        )
        await in_tenant(
            owner_conn,
            tid,
            "update position_holders set ends_on = null where id = any($1::uuid[])",
            [r["id"] for r in ended],
        )
