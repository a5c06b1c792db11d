"""An appointment above the appointer's own reach waits for the head of office: a tenant
admin who is staff cannot make themselves (or anyone) Plt Kepala Dinas or a Kasi; the
Kepala Dinas approves or rejects with a reason; posts within reach are appointed at once."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import pytest

from tests.isolation.harness import LoggedIn, in_tenant, login_as

pytestmark = pytest.mark.integration
STAF = "staf-sub-bagian-umum-dan-kepegawaian"


async def _position(owner_conn: Any, tid: uuid.UUID, where: str) -> str:
    rows = await in_tenant(owner_conn, tid, f"select id from org_positions where {where} limit 1")
    return str(rows[0]["id"])


async def _post(client: Any, who: LoggedIn, url: str, body: Any) -> Any:
    return await client.post(url, json=body, cookies=who.cookies, headers=who.headers)


async def _scope(client: Any, who: LoggedIn) -> str:
    return str((await client.get("/api/me/scope", cookies=who.cookies)).json()["level"])


async def test_an_admin_cannot_make_themselves_plt_kepala_dinas(
    client: Any, office: Any, owner_conn: Any, tenant_ids: dict[str, uuid.UUID]
) -> None:
    tid = tenant_ids["lampung"]
    _, staff = await office("lampung")
    clerk = await staff(STAF)  # staff, and the office's tenant admin
    admin = await login_as("lampung", tid, ("tenant_admin",), user_id=clerk.user_id)
    kadis = await staff("kepala-dinas")
    head_post = await _position(owner_conn, tid, "kind = 'kepala_dinas'")
    today = dt.datetime.now(dt.UTC).date()
    body = {
        "user_id": str(clerk.user_id),
        "kind": "plt",
        "starts_on": str(today),
        "ends_on": str(today + dt.timedelta(days=14)),
    }
    reach_before = await _scope(client, admin)
    asked = await _post(client, admin, f"/api/org/positions/{head_post}/holders", body)
    assert asked.status_code == 202, asked.text
    request = asked.json()
    assert request["status"] == "pending"
    assert "diri sendiri" in request["reason"]
    holders = await in_tenant(
        owner_conn,
        tid,
        "select count(*) as n from position_holders where user_id = $1 and position_id = $2",
        clerk.user_id,
        uuid.UUID(head_post),
    )
    assert holders[0]["n"] == 0, "nothing is held until the head approves"
    assert await _scope(client, admin) == reach_before

    # Neither the requester nor another staff member may decide it; a rejection needs a reason.
    url = f"/api/org/appointment-requests/{request['id']}"
    assert (await _post(client, admin, f"{url}/approve", {})).status_code == 403
    other = await staff("staf-seksi-fasilitasi-industri")
    assert (await _post(client, other.who, f"{url}/approve", {})).status_code == 403
    no_reason = await _post(client, kadis.who, f"{url}/reject", {"note": ""})
    assert no_reason.status_code == 422
    assert no_reason.json()["field"] == "note"

    listed = (await client.get("/api/org/appointment-requests", cookies=kadis.who.cookies)).json()
    assert request["id"] in {r["id"] for r in listed["items"]}
    assert listed["can_decide"] is True
    theirs = (await client.get("/api/org/appointment-requests", cookies=admin.cookies)).json()
    assert theirs["can_decide"] is False
    rejected = await _post(client, kadis.who, f"{url}/reject", {"note": "Tidak ada SK Plt"})
    assert rejected.status_code == 200, rejected.text
    assert (rejected.json()["status"], rejected.json()["note"]) == ("rejected", "Tidak ada SK Plt")
    again = await _post(client, kadis.who, f"{url}/approve", {})
    assert again.status_code == 409, "a decided request stays decided"
    assert await _scope(client, admin) == reach_before
    audit = await in_tenant(
        owner_conn,
        tid,
        "select action from audit_events where entity_id = $1 order by seq",
        request["id"],
    )
    assert [a["action"] for a in audit] == [
        "org.appointment_requested",
        "org.appointment_rejected",
    ]


async def test_the_head_approves_and_the_post_is_held(
    client: Any, office: Any, owner_conn: Any, tenant_ids: dict[str, uuid.UUID]
) -> None:
    tid = tenant_ids["lampung"]
    admin, staff = await office("lampung")
    kadis = await staff("kepala-dinas")
    newcomer = await staff("staf-seksi-fasilitasi-industri")
    kasi_post = await _position(owner_conn, tid, "kind = 'kasi' order by code")
    asked = await _post(
        client,
        admin,
        f"/api/org/positions/{kasi_post}/holders",
        {"user_id": str(newcomer.user_id), "kind": "definitive"},
    )
    assert asked.status_code == 202, asked.text
    approved = await _post(
        client,
        kadis.who,
        f"/api/org/appointment-requests/{asked.json()['id']}/approve",
        {"note": "Sesuai SK"},
    )
    assert approved.status_code == 200, approved.text
    holder_id = approved.json()["holder_id"]
    holders = (
        await client.get(f"/api/org/positions/{kasi_post}/holders", cookies=admin.cookies)
    ).json()
    assert holder_id in {h["id"] for h in holders}
    assert await _scope(client, newcomer.who) == "unit", "the approved Kasi leads the Seksi"


async def test_posts_within_reach_are_appointed_at_once(
    client: Any, office: Any, owner_conn: Any, tenant_ids: dict[str, uuid.UUID]
) -> None:
    tid = tenant_ids["lampung"]
    admin, staff = await office("lampung")
    someone = await staff("staf-seksi-fasilitasi-industri")
    staff_post = await _position(owner_conn, tid, f"code = '{STAF}'")
    made = await _post(
        client,
        admin,
        f"/api/org/positions/{staff_post}/holders",
        {"user_id": str(someone.user_id), "kind": "definitive"},
    )
    assert made.status_code == 201, made.text
    assert made.json()["user_id"] == str(someone.user_id)
