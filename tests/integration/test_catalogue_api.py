"""The catalogue on the real database: loaded from the committed SOP files by the tenant
sync, listed and searched, validated, and published only when valid, by a tenant admin."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from tests.integration.pengesahan import submit_and_approve
from tests.isolation.harness import LoggedIn, login_as

pytestmark = pytest.mark.integration
ROOT = Path(__file__).resolve().parents[2]


def _files(slug: str) -> int:
    return len(list((ROOT / "tenants" / slug / "catalogue").glob("*.yaml")))


@pytest.fixture
async def staff(tenant_ids: dict[str, uuid.UUID]) -> LoggedIn:
    return await login_as("lampung", tenant_ids["lampung"], ())


@pytest.fixture
async def admin(tenant_ids: dict[str, uuid.UUID]) -> LoggedIn:
    return await login_as("lampung", tenant_ids["lampung"], ("tenant_admin",))


@pytest.fixture
async def restore_drafts(owner_conn: Any, tenant_ids: dict[str, uuid.UUID]) -> AsyncIterator[None]:
    """Publishing changes shared rows (pengesahan signs the document too): put them back as
    imported drafts afterwards."""
    tenant = str(tenant_ids["lampung"])
    async with owner_conn.transaction():
        await owner_conn.execute("select set_config('app.tenant_id', $1, true)", tenant)
        documents = await owner_conn.fetch(
            "select id, document::text as document, document_hash from catalogue_versions"
            " where origin = 'file'"
        )
    yield
    async with owner_conn.transaction():
        await owner_conn.execute("select set_config('app.tenant_id', $1, true)", tenant)
        await owner_conn.execute(
            "update catalogue_versions set status = 'draft', published_at = null,"
            " published_by = null, submitted_at = null, submitted_by = null, approved_at = null,"
            " approved_by = null, returned_at = null, returned_by = null, return_note = null"
            " where origin = 'file'"
        )
        await owner_conn.executemany(
            "update catalogue_versions set document = $2::json, document_hash = $3"
            " where id = $1 and document_hash <> $3",
            [(r["id"], r["document"], r["document_hash"]) for r in documents],
        )


async def test_every_committed_sop_is_in_the_catalogue(
    client: Any, tenant_ids: dict[str, uuid.UUID]
) -> None:
    for slug in ("kaltim", "lampung"):
        # The imported SOPs are drafts: only a tenant admin lists those.
        who = await login_as(slug, tenant_ids[slug], ("tenant_admin",))
        page = (await client.get("/api/catalogue/sops?limit=1", cookies=who.cookies)).json()
        assert page["total"] == _files(slug), slug


async def test_search_filter_and_paginate(client: Any, admin: LoggedIn) -> None:
    """On the imported drafts, so as a tenant admin (staff list only SOPs in force)."""
    found = (await client.get("/api/catalogue/sops?q=surat%20masuk", cookies=admin.cookies)).json()
    assert found["total"] >= 1
    assert all("surat masuk" in s["title"].lower() for s in found["items"])
    first = (await client.get("/api/catalogue/sops?limit=10", cookies=admin.cookies)).json()
    second = (
        await client.get("/api/catalogue/sops?limit=10&offset=10", cookies=admin.cookies)
    ).json()
    assert {s["id"] for s in first["items"]}.isdisjoint({s["id"] for s in second["items"]})
    unit = next(s["unit_code"] for s in first["items"] if s["unit_code"])
    by_unit = (
        await client.get(f"/api/catalogue/sops?unit={unit}&limit=200", cookies=admin.cookies)
    ).json()
    assert by_unit["total"] >= 1
    assert {s["unit_code"] for s in by_unit["items"]} == {unit}
    bad = await client.get("/api/catalogue/sops?status=arsip", cookies=admin.cookies)
    assert bad.status_code == 422
    assert bad.json()["field"] == "status"


async def _sop(client: Any, who: LoggedIn, key: str) -> dict[str, Any]:
    page = (await client.get(f"/api/catalogue/sops?q={key}", cookies=who.cookies)).json()
    summary = next(s for s in page["items"] if s["key"] == key)
    return (await client.get(f"/api/catalogue/sops/{summary['id']}", cookies=who.cookies)).json()


async def test_a_version_keeps_the_imported_document(client: Any, admin: LoggedIn) -> None:
    sop = await _sop(client, admin, "003-02")
    version = sop["versions"][0]
    assert version["status"] == "draft"
    assert version["origin"] == "file"
    document = version["document"]
    assert document["sop_id"] == "003-02"
    assert document["source"]["book"] == "003_ca0a78af03ad09e5.txt"
    assert len(document["steps"]) > 0


async def test_invalid_sop_cannot_be_published_and_nothing_changes(
    client: Any, tenant_ids: dict[str, uuid.UUID], restore_drafts: None
) -> None:
    admin = await login_as("kaltim", tenant_ids["kaltim"], ("tenant_admin",))
    sop = await _sop(client, admin, "000-01")
    version = sop["versions"][0]
    report = (
        await client.post(
            f"/api/catalogue/versions/{version['id']}/validate",
            cookies=admin.cookies,
            headers=admin.headers,
        )
    ).json()
    assert report["valid"] is False
    assert any("pelaksana" in p["reason"] for p in report["problems"])
    refused = await client.post(  # pengesahan makes the same checks publishing does
        f"/api/catalogue/versions/{version['id']}/submit",
        cookies=admin.cookies,
        headers=admin.headers,
    )
    assert refused.status_code == 422
    assert refused.json()["field"]
    after = await _sop(client, admin, "000-01")
    assert after["versions"][0]["status"] == "draft"


async def test_publish_needs_a_tenant_admin_and_a_valid_draft(
    client: Any, staff: LoggedIn, admin: LoggedIn, restore_drafts: None
) -> None:
    sop = await _sop(client, admin, "003-02")
    version_id = sop["versions"][0]["id"]
    report = (
        await client.post(
            f"/api/catalogue/versions/{version_id}/validate",
            cookies=staff.cookies,
            headers=staff.headers,
        )
    ).json()
    assert report == {"version_id": version_id, "valid": True, "problems": []}
    by_staff = await client.post(
        f"/api/catalogue/versions/{version_id}/publish",
        cookies=staff.cookies,
        headers=staff.headers,
    )
    assert by_staff.status_code == 403
    direct = await client.post(
        f"/api/catalogue/versions/{version_id}/publish",
        cookies=admin.cookies,
        headers=admin.headers,
    )
    assert direct.status_code == 409, "the office requires pengesahan"
    assert direct.json()["field"] == "status"
    assert "pengesahan" in direct.json()["detail"]
    await submit_and_approve(client, admin, version_id)
    again = await client.post(
        f"/api/catalogue/versions/{version_id}/publish",
        cookies=admin.cookies,
        headers=admin.headers,
    )
    assert again.status_code == 409
    listed = (
        await client.get("/api/catalogue/sops?status=published&limit=200", cookies=staff.cookies)
    ).json()
    assert "003-02" in {s["key"] for s in listed["items"]}
    assert (await _sop(client, staff, "003-02"))["versions"][0]["status"] == "published"


async def test_sync_keeps_published_versions(
    client: Any, admin: LoggedIn, owner_url: str, restore_drafts: None
) -> None:
    from alur.domain.tenants.services import sync_tenants

    sop = await _sop(client, admin, "003-07")
    version_id = sop["versions"][0]["id"]
    await submit_and_approve(client, admin, version_id)
    report = await sync_tenants(owner_url, ROOT / "tenants", ["lampung"])
    assert report["lampung"]["catalogue"]["kept"] >= 1
    assert report["lampung"]["catalogue"]["created"] == 0
    assert (await _sop(client, admin, "003-07"))["versions"][0]["status"] == "published"


async def test_a_removed_file_takes_its_untouched_draft_with_it(
    owner_conn: Any, tenant_ids: dict[str, uuid.UUID]
) -> None:
    """A book re-imported into fewer SOPs drops a file: the sync removes that file's draft,
    but never an SOP someone edited or published (they have more than the file's version)."""
    from alur.domain.catalogue.services import load_catalogue, read_catalogue

    docs, bad = read_catalogue(ROOT / "tenants" / "lampung" / "catalogue")
    assert not bad
    gone = docs[-1][1].sop_id
    tx = owner_conn.transaction()
    await tx.start()
    try:
        await owner_conn.execute(
            "select set_config('app.tenant_id', $1, true)", str(tenant_ids["lampung"])
        )
        edited = docs[0][1].sop_id
        sop = await owner_conn.fetchval("select id from catalogue_sops where key = $1", edited)
        await owner_conn.execute(
            "insert into catalogue_versions (tenant_id, sop_id, number, status, origin, document,"
            " document_hash) select tenant_id, sop_id, 2, 'retired', 'admin', document,"
            " document_hash from catalogue_versions where sop_id = $1 and number = 1",
            sop,
        )
        report = await load_catalogue(owner_conn, tenant_ids["lampung"], docs[1:-1])
        assert report["removed"] == 1
        keys = {r["key"] for r in await owner_conn.fetch("select key from catalogue_sops")}
        assert gone not in keys
        assert edited in keys, "an SOP with an edited version is kept"
        again = await load_catalogue(owner_conn, tenant_ids["lampung"], docs)
        assert again["created"] == 1
        assert again["removed"] == 0
    finally:
        await tx.rollback()


async def test_performer_suggestions_for_a_draft(
    client: Any, admin: LoggedIn, staff: LoggedIn
) -> None:
    """Steps the book left without a performer get a proposed column with its reasons; the
    stored document does not change, and only a tenant admin may ask."""
    page = (await client.get("/api/catalogue/sops?q=003-13", cookies=admin.cookies)).json()
    sop_id = next(s["id"] for s in page["items"] if s["key"] == "003-13")
    sop = (await client.get(f"/api/catalogue/sops/{sop_id}", cookies=admin.cookies)).json()
    version = sop["versions"][0]
    before = version["document"]
    missing = [s["position"] for s in before["steps"] if s["performer"] is None]
    assert missing, "003-13 lost its flowchart marks (arrows only)"
    url = f"/api/catalogue/versions/{version['id']}/suggestions"
    response = await client.get(url, cookies=admin.cookies)
    assert response.status_code == 200, response.text
    found = {s["position"]: s for s in response.json()["suggestions"]}
    assert set(missing) <= set(found)
    keys = {p["key"]: p["header"] for p in before["performers"]}
    for suggestion in found.values():
        assert keys[suggestion["column"]] == suggestion["header"]
        assert 0 < suggestion["confidence"] <= 1
        assert suggestion["reasons"]
        assert all(isinstance(r, str) and r for r in suggestion["reasons"])
    # Book line 862: "Penandatanganan surat pengantar permohonan" is the Kepala Dinas's.
    signing = next(s for s in before["steps"] if s["activity"].startswith("Penandatanganan"))
    assert found[signing["position"]]["header"] == "Kepala Dinas"
    again = (await client.get(f"/api/catalogue/sops/{sop_id}", cookies=admin.cookies)).json()
    assert again["versions"][0]["document"] == before
    refused = await client.get(url, cookies=staff.cookies)
    assert refused.status_code == 403
    bad = await client.get("/api/catalogue/versions/bukan-id/suggestions", cookies=admin.cookies)
    assert bad.status_code in (400, 404, 422)


async def test_accepting_suggestions_marks_them_suggested(
    client: Any, admin: LoggedIn, owner_conn: Any, tenant_ids: dict[str, uuid.UUID]
) -> None:
    """Accepted suggestions fill the draft's performers as `suggested` (never `read`); bad
    positions are refused with the field named and change nothing."""
    page = (await client.get("/api/catalogue/sops?q=003-13", cookies=admin.cookies)).json()
    sop_id = next(s["id"] for s in page["items"] if s["key"] == "003-13")
    version = (await client.get(f"/api/catalogue/sops/{sop_id}", cookies=admin.cookies)).json()[
        "versions"
    ][0]
    url = f"/api/catalogue/versions/{version['id']}/accept-suggestions"
    async with owner_conn.transaction():
        await owner_conn.execute(
            "select set_config('app.tenant_id', $1, true)", str(tenant_ids["lampung"])
        )
        original = await owner_conn.fetchval(
            "select document::text from catalogue_versions where id = $1", uuid.UUID(version["id"])
        )
    assert original
    try:
        bad = await client.post(
            url, json={"positions": [99]}, cookies=admin.cookies, headers=admin.headers
        )
        assert bad.status_code == 422
        assert bad.json()["field"] == "positions"
        unchanged = await client.get(f"/api/catalogue/sops/{sop_id}", cookies=admin.cookies)
        assert unchanged.json()["versions"][0]["document"] == version["document"]
        suggested = (
            await client.get(
                f"/api/catalogue/versions/{version['id']}/suggestions", cookies=admin.cookies
            )
        ).json()["suggestions"]
        first = suggested[0]
        one = await client.post(
            url,
            json={"positions": [first["position"]]},
            cookies=admin.cookies,
            headers=admin.headers,
        )
        assert one.status_code == 200, one.text
        steps = {s["position"]: s for s in one.json()["document"]["steps"]}
        assert steps[first["position"]]["performer"] == first["column"]
        assert steps[first["position"]]["provenance"]["performer"] == "suggested"
        everything = await client.post(url, json={}, cookies=admin.cookies, headers=admin.headers)
        assert everything.status_code == 200, everything.text
        after = everything.json()["document"]["steps"]
        assert all(s["performer"] for s in after)
        assert not any(
            s["provenance"]["performer"] == "read"
            and s["performer"] != version["document"]["steps"][s["position"] - 1]["performer"]
            for s in after
        ), "a suggestion is never stored as read"
    finally:
        async with owner_conn.transaction():
            await owner_conn.execute(
                "select set_config('app.tenant_id', $1, true)", str(tenant_ids["lampung"])
            )
            await owner_conn.execute(
                "update catalogue_versions set document = $2::json, origin = 'file',"
                " document_hash = encode(sha256(convert_to($2::text, 'UTF8')), 'hex') where id = $1",
                uuid.UUID(version["id"]),
                original,
            )


async def test_column_links_are_suggested_and_accepted(
    client: Any, admin: LoggedIn, owner_conn: Any, tenant_ids: dict[str, uuid.UUID]
) -> None:
    """Columns the importer could not link (003-30: "KPA Kepala Dinas", "PPK", "PPSPM") get a
    proposed rule with reasons; accepting one column changes only that column, as
    `suggested`; an unknown column key is refused with the field named."""
    page = (await client.get("/api/catalogue/sops?q=003-30", cookies=admin.cookies)).json()
    sop_id = next(s["id"] for s in page["items"] if s["key"] == "003-30")
    version = (await client.get(f"/api/catalogue/sops/{sop_id}", cookies=admin.cookies)).json()[
        "versions"
    ][0]
    unresolved = {
        c["key"] for c in version["document"]["performers"] if c["rule"]["kind"] == "unresolved"
    }
    assert {"kpa-kepala-dinas", "ppk", "ppspm"} <= unresolved
    report = (
        await client.get(
            f"/api/catalogue/versions/{version['id']}/suggestions", cookies=admin.cookies
        )
    ).json()
    columns = {c["key"]: c for c in report["columns"]}
    assert unresolved <= set(columns)
    kpa = columns["kpa-kepala-dinas"]
    assert kpa["rule"]["kind"] == "position"
    assert kpa["rule"]["code"] == "kepala-dinas"
    assert any("Kepala Dinas" in r for r in kpa["reasons"])
    # "Kabid/PPK" in 003-33 and 003-34 of the same book tells who holds PPK.
    assert any("Kabid/PPK" in r for r in columns["ppk"]["reasons"])
    url = f"/api/catalogue/versions/{version['id']}/accept-suggestions"
    async with owner_conn.transaction():
        await owner_conn.execute(
            "select set_config('app.tenant_id', $1, true)", str(tenant_ids["lampung"])
        )
        original = await owner_conn.fetchval(
            "select document::text from catalogue_versions where id = $1", uuid.UUID(version["id"])
        )
    try:
        bad = await client.post(
            url, json={"columns": ["bukan-kolom"]}, cookies=admin.cookies, headers=admin.headers
        )
        assert bad.status_code == 422
        assert bad.json()["field"] == "columns"
        one = await client.post(
            url,
            json={"columns": ["kpa-kepala-dinas"]},
            cookies=admin.cookies,
            headers=admin.headers,
        )
        assert one.status_code == 200, one.text
        after = {c["key"]: c for c in one.json()["document"]["performers"]}
        assert after["kpa-kepala-dinas"]["rule"]["code"] == "kepala-dinas"
        assert after["kpa-kepala-dinas"]["provenance"] == "suggested"
        assert after["ppk"]["rule"]["kind"] == "unresolved"  # not chosen, not touched
        assert one.json()["document"]["steps"] == version["document"]["steps"]
        everything = await client.post(url, json={}, cookies=admin.cookies, headers=admin.headers)
        assert everything.status_code == 200, everything.text
        check = await client.post(
            f"/api/catalogue/versions/{version['id']}/validate",
            cookies=admin.cookies,
            headers=admin.headers,
        )
        assert check.json()["valid"], check.json()["problems"]
    finally:
        async with owner_conn.transaction():
            await owner_conn.execute(
                "select set_config('app.tenant_id', $1, true)", str(tenant_ids["lampung"])
            )
            await owner_conn.execute(
                "update catalogue_versions set document = $2::json, origin = 'file',"
                " document_hash = encode(sha256(convert_to($2::text, 'UTF8')), 'hex') where id = $1",
                uuid.UUID(version["id"]),
                original,
            )
