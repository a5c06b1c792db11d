"""Pengesahan on the real stack: the tenant admin submits a valid draft, the Kepala Dinas (or
the Plt/Plh) approves it (published, signed and dated, on the audit chain) or sends it back
with a note; every refusal names its field and changes nothing; an office may turn it off."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from tests.conftest import OfficeOpener
from tests.integration.cases.support import sop_by_key
from tests.integration.pengesahan import pengesahan_off
from tests.isolation.harness import LoggedIn, in_tenant

pytestmark = pytest.mark.integration

SLUG = "lampung"
KEY = "003-02"
"""A lampung SOP whose imported draft is valid as it stands."""
NIP = "199501012020011001"  # every test person's NIP (tests.integration.cases.support.person)


async def _post(client: Any, who: LoggedIn, version_id: str, action: str, **body: Any) -> Any:
    return await client.post(
        f"/api/catalogue/versions/{version_id}/{action}",
        json=body or None,
        cookies=who.cookies,
        headers=who.headers,
    )


async def _row(owner_conn: Any, tenant_id: uuid.UUID, version_id: str) -> dict[str, Any]:
    rows = await in_tenant(
        owner_conn,
        tenant_id,
        "select status, document_hash, submitted_at, submitted_by, approved_at, approved_by,"
        " returned_at, return_note, published_at from catalogue_versions where id = $1",
        uuid.UUID(version_id),
    )
    return dict(rows[0])


async def _events(owner_conn: Any, tenant_id: uuid.UUID, version_id: str) -> list[Any]:
    rows = await in_tenant(
        owner_conn,
        tenant_id,
        "select action, actor_id, after from audit_events where entity_id = $1 order by seq",
        version_id,
    )
    return [(r["action"], r["actor_id"], json.loads(r["after"] or "null")) for r in rows]


async def _draft(client: Any, admin: LoggedIn) -> tuple[dict[str, Any], dict[str, Any]]:
    """KEY's draft: the imported one, or a new one when a version is already in force."""
    sop = await sop_by_key(client, admin, KEY)
    latest = sop["versions"][-1]
    if latest["status"] == "draft":
        return sop, latest
    created = await client.post(
        f"/api/catalogue/sops/{sop['id']}/drafts", cookies=admin.cookies, headers=admin.headers
    )
    assert created.status_code == 201, created.text
    return sop, dict(created.json())


def _today() -> str:
    return dt.datetime.now(ZoneInfo("Asia/Jakarta")).date().isoformat()


async def test_submitted_then_approved_by_the_head_is_published_signed_and_dated(
    client: Any, office: OfficeOpener, owner_conn: Any, tenant_ids: dict[str, uuid.UUID]
) -> None:
    admin, staff = await office(SLUG)
    head = await staff("kepala-dinas")
    sop, version = await _draft(client, admin)
    vid = version["id"]
    in_force = next((v["id"] for v in sop["versions"] if v["status"] == "published"), None)

    submitted = await _post(client, admin, vid, "submit")
    assert submitted.status_code == 200, submitted.text
    assert submitted.json()["status"] == "submitted"
    assert submitted.json()["submitted_at"] is not None

    # Menunggu pengesahan: no edits, no second draft, no direct publishing.
    edit = await client.put(
        f"/api/catalogue/versions/{vid}/document",
        json=version["document"],
        cookies=admin.cookies,
        headers=admin.headers,
    )
    assert (edit.status_code, edit.json()["field"]) == (409, "status")
    again = await client.post(
        f"/api/catalogue/sops/{sop['id']}/drafts", cookies=admin.cookies, headers=admin.headers
    )
    assert (again.status_code, again.json()["field"]) == (409, "status")
    direct = await _post(client, admin, vid, "publish")
    assert (direct.status_code, direct.json()["field"]) == (409, "status")
    twice = await _post(client, admin, vid, "submit")
    assert (twice.status_code, twice.json()["field"]) == (409, "status")

    # The head sees it waiting, with the version in force (if any) to compare against.
    queue = (await client.get("/api/catalogue/approvals", cookies=head.who.cookies)).json()
    assert queue["required"] is True
    assert queue["can_approve"] is True
    waiting = next(i for i in queue["items"] if i["version"]["id"] == vid)
    assert waiting["key"] == KEY
    assert (waiting["published"] or {}).get("id") == in_force

    approved = await _post(client, head.who, vid, "approve")
    assert approved.status_code == 200, approved.text
    body = approved.json()
    assert body["status"] == "published"
    assert body["approved_at"] is not None
    identity = body["document"]["identity"]
    assert identity["disahkan_oleh"] == {
        "raw": "Kepala Dinas Perindustrian dan Perdagangan Provinsi Lampung",
        "position": "Kepala Dinas",
        "name": "Uji kepala-dinas",
        "nip": NIP,
        "provenance": "edited",
    }
    effective = identity["tanggal_efektif"]
    assert (effective["date"], effective["precision"], effective["provenance"]) == (
        _today(),
        "day",
        "edited",
    )
    assert identity["provenance"]["disahkan_oleh"] == "edited"

    row = await _row(owner_conn, tenant_ids[SLUG], vid)
    assert row["approved_by"] == head.user_id
    assert row["published_at"] is not None

    events = await _events(owner_conn, tenant_ids[SLUG], vid)
    actions = [a for a, _, _ in events]
    assert actions[-3:] == ["catalogue.submitted", "catalogue.approved", "catalogue.published"]
    _, actor, after = events[-2]
    assert actor == head.user_id
    assert after["approver"]["name"] == "Uji kepala-dinas"
    assert after["approver"]["nip"] == NIP
    assert after["approver"]["position"] == "Kepala Dinas"
    assert after["date"] == _today()
    assert after["document_hash"] == row["document_hash"]

    # In force for everyone; nothing waits any more.
    member = await staff("staf-sub-bagian-umum-dan-kepegawaian")
    seen = await sop_by_key(client, member.who, KEY)
    assert [v["status"] for v in seen["versions"]][-1:] == ["published"]
    assert seen["versions"][-1]["id"] == vid
    queue = (await client.get("/api/catalogue/approvals", cookies=head.who.cookies)).json()
    assert vid not in {i["version"]["id"] for i in queue["items"]}


async def test_sent_back_with_a_note_the_admin_sees_it_and_may_edit_again(
    client: Any, office: OfficeOpener, owner_conn: Any, tenant_ids: dict[str, uuid.UUID]
) -> None:
    admin, staff = await office(SLUG)
    head = await staff("kepala-dinas")
    vid = (await _draft(client, admin))[1]["id"]
    assert (await _post(client, admin, vid, "submit")).status_code == 200
    before = await _row(owner_conn, tenant_ids[SLUG], vid)

    for body in ({}, {"note": "   "}):
        bare = await _post(client, head.who, vid, "return", **body)
        assert (bare.status_code, bare.json()["field"]) == (422, "note"), bare.text
    assert await _row(owner_conn, tenant_ids[SLUG], vid) == before

    note = "Dasar hukum belum memuat Pergub terbaru."
    returned = await _post(client, head.who, vid, "return", note=note)
    assert returned.status_code == 200, returned.text
    assert returned.json()["status"] == "draft"
    assert returned.json()["return_note"] == note

    # The tenant admin reads the note on the SOP page and the draft is theirs to edit again.
    seen = next(v for v in (await sop_by_key(client, admin, KEY))["versions"] if v["id"] == vid)
    assert seen["return_note"] == note
    document = seen["document"]
    saved = await client.put(
        f"/api/catalogue/versions/{vid}/document",
        json=document,
        cookies=admin.cookies,
        headers=admin.headers,
    )
    assert saved.status_code == 200, saved.text

    events = await _events(owner_conn, tenant_ids[SLUG], vid)
    _, actor, after = next(e for e in reversed(events) if e[0] == "catalogue.returned")
    assert actor == head.user_id
    assert after["note"] == note
    assert after["by"]["name"] == "Uji kepala-dinas"
    assert after["date"] == _today()

    resubmitted = await _post(client, admin, vid, "submit")
    assert resubmitted.status_code == 200
    assert resubmitted.json()["return_note"] is None


async def test_refusals_name_the_field_and_change_nothing(
    client: Any, office: OfficeOpener, owner_conn: Any, tenant_ids: dict[str, uuid.UUID]
) -> None:
    admin, staff = await office(SLUG)
    head = await staff("kepala-dinas")
    sekretaris = await staff("sekretaris")
    vid = (await _draft(client, admin))[1]["id"]

    # Not submitted: nothing to approve or return.
    draft_row = await _row(owner_conn, tenant_ids[SLUG], vid)
    early = await _post(client, head.who, vid, "approve")
    assert early.status_code == 409, early.text
    assert (early.status_code, early.json()["field"]) == (409, "status")
    early_return = await _post(client, head.who, vid, "return", note="terlalu awal")
    assert (early_return.status_code, early_return.json()["field"]) == (409, "status")
    by_staff = await _post(client, sekretaris.who, vid, "submit")
    assert by_staff.status_code == 403
    assert await _row(owner_conn, tenant_ids[SLUG], vid) == draft_row

    assert (await _post(client, admin, vid, "submit")).status_code == 200
    waiting = await _row(owner_conn, tenant_ids[SLUG], vid)
    # Neither another official nor the tenant admin may approve or return it.
    for who in (sekretaris.who, admin):
        for action, body in (("approve", {}), ("return", {"note": "bukan wewenang"})):
            refused = await _post(client, who, vid, action, **body)
            assert refused.status_code == 403, (action, refused.text)
            assert "Kepala Dinas" in refused.json()["detail"]
    assert await _row(owner_conn, tenant_ids[SLUG], vid) == waiting
    queue = (await client.get("/api/catalogue/approvals", cookies=sekretaris.who.cookies)).json()
    assert queue == {"required": True, "can_approve": False, "items": []}
    bad = await client.post(
        f"/api/catalogue/versions/{uuid.uuid4()}/approve",
        cookies=head.who.cookies,
        headers=head.who.headers,
    )
    assert bad.status_code == 404
    # Sent back by the head so an admin who is also the head can try to approve their own.
    assert (await _post(client, head.who, vid, "return", note="ulang")).status_code == 200

    both = await staff("kepala-dinas", roles=("tenant_admin",))
    assert (await _post(client, both.who, vid, "submit")).status_code == 200
    own = await _post(client, both.who, vid, "approve")
    assert (own.status_code, own.json()["field"]) == (403, "submitted_by"), own.text
    assert "sendiri" in own.json()["detail"]
    row = await _row(owner_conn, tenant_ids[SLUG], vid)
    assert (row["status"], row["approved_at"]) == ("submitted", None)
    # Another head (a second holder) may.
    assert (await _post(client, head.who, vid, "approve")).status_code == 200


async def test_an_acting_head_may_approve_while_the_appointment_lasts(
    client: Any, office: OfficeOpener, owner_conn: Any, tenant_ids: dict[str, uuid.UUID]
) -> None:
    admin, staff = await office(SLUG)
    plt = await staff("kepala-dinas", kind="plt")
    ended = await staff("kepala-dinas", kind="plh")
    yesterday = dt.datetime.now(ZoneInfo("Asia/Jakarta")).date() - dt.timedelta(days=1)
    await in_tenant(
        owner_conn,
        tenant_ids[SLUG],
        "update position_holders set starts_on = $2::date - 10, ends_on = $2 where user_id = $1",
        ended.user_id,
        yesterday,
    )
    vid = (await _draft(client, admin))[1]["id"]
    assert (await _post(client, admin, vid, "submit")).status_code == 200

    over = await _post(client, ended.who, vid, "approve")
    assert over.status_code == 403, over.text
    approved = await _post(client, plt.who, vid, "approve")
    assert approved.status_code == 200, approved.text
    signer = approved.json()["document"]["identity"]["disahkan_oleh"]
    assert signer["position"] == "Plt. Kepala Dinas"
    assert signer["raw"].startswith("Plt. Kepala Dinas Perindustrian")
    events = await _events(owner_conn, tenant_ids[SLUG], vid)
    approval = next(a for action, _, a in reversed(events) if action == "catalogue.approved")
    assert approval["approver"]["holding"] == "plt"


async def test_an_office_without_pengesahan_publishes_directly(
    client: Any, office: OfficeOpener
) -> None:
    admin, _ = await office(SLUG)
    vid = (await _draft(client, admin))[1]["id"]
    async with pengesahan_off(SLUG):
        queue = (await client.get("/api/catalogue/approvals", cookies=admin.cookies)).json()
        assert queue["required"] is False
        refused = await _post(client, admin, vid, "submit")
        assert (refused.status_code, refused.json()["field"]) == (409, "status")
        published = await _post(client, admin, vid, "publish")
        assert published.status_code == 200, published.text
    versions = (await sop_by_key(client, admin, KEY))["versions"]
    assert next(v["status"] for v in versions if v["id"] == vid) == "published"
