"""Editing the catalogue: drafts from the published version, whole-document edits with
field-named refusals, exact YAML/JSON export-import round trip, diff, and book import."""

from __future__ import annotations

import copy
import os
import uuid
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import asyncpg
import pytest

from tests.integration.pengesahan import pengesahan_off, submit_and_approve
from tests.isolation.harness import LoggedIn, login_as

pytestmark = pytest.mark.integration
ROOT = Path(__file__).resolve().parents[2]
BOOKS = ROOT / "tenants" / "kaltim" / "books"


@pytest.fixture
async def admin(tenant_ids: dict[str, uuid.UUID]) -> LoggedIn:
    return await login_as("lampung", tenant_ids["lampung"], ("tenant_admin",))


@pytest.fixture
async def clean(owner_conn: Any, tenant_ids: dict[str, uuid.UUID]) -> AsyncIterator[None]:
    """Drop what the tests added and put imported versions back as drafts (as imported:
    pengesahan signs the document it publishes)."""
    documents = {}
    for slug in ("lampung", "kaltim"):
        async with owner_conn.transaction():
            await owner_conn.execute(
                "select set_config('app.tenant_id', $1, true)", str(tenant_ids[slug])
            )
            documents[slug] = await owner_conn.fetch(
                "select id, document::text as document, document_hash from catalogue_versions"
                " where origin = 'file'"
            )
    yield
    for slug in ("lampung", "kaltim"):
        async with owner_conn.transaction():
            await owner_conn.execute(
                "select set_config('app.tenant_id', $1, true)", str(tenant_ids[slug])
            )
            await owner_conn.execute("delete from catalogue_versions where origin = 'admin'")
            await owner_conn.execute(
                "delete from catalogue_sops s where not exists "
                "(select 1 from catalogue_versions v where v.sop_id = s.id)"
            )
            await owner_conn.execute(
                "update catalogue_versions set status = 'draft', published_at = null,"
                " submitted_at = null, submitted_by = null, approved_at = null,"
                " approved_by = null, returned_at = null, returned_by = null, return_note = null"
                " where origin = 'file'"
            )
            await owner_conn.executemany(
                "update catalogue_versions set document = $2::json, document_hash = $3"
                " where id = $1 and document_hash <> $3",
                [(r["id"], r["document"], r["document_hash"]) for r in documents[slug]],
            )


async def _sop(client: Any, who: LoggedIn, key: str) -> dict[str, Any]:
    page = (await client.get(f"/api/catalogue/sops?q={key}", cookies=who.cookies)).json()
    summary = next(s for s in page["items"] if s["key"] == key)
    return (await client.get(f"/api/catalogue/sops/{summary['id']}", cookies=who.cookies)).json()


async def _publish_first(client: Any, admin: LoggedIn, key: str) -> dict[str, Any]:
    sop = await _sop(client, admin, key)
    await submit_and_approve(client, admin, sop["versions"][0]["id"])
    return sop


async def _publish_unsigned(client: Any, admin: LoggedIn, key: str) -> dict[str, Any]:
    """In force with the document exactly as imported: published directly, which only an
    office without pengesahan does (approval would sign and date the document)."""
    sop = await _sop(client, admin, key)
    async with pengesahan_off("lampung"):
        response = await client.post(
            f"/api/catalogue/versions/{sop['versions'][0]['id']}/publish",
            cookies=admin.cookies,
            headers=admin.headers,
        )
    assert response.status_code == 200, response.text
    return sop


async def test_draft_edit_validate_publish_retires_previous(
    client: Any, admin: LoggedIn, clean: None
) -> None:
    sop = await _publish_first(client, admin, "003-10")
    draft = await client.post(
        f"/api/catalogue/sops/{sop['id']}/drafts", cookies=admin.cookies, headers=admin.headers
    )
    assert draft.status_code == 201, draft.text
    assert draft.json()["number"] == 2
    second = await client.post(
        f"/api/catalogue/sops/{sop['id']}/drafts", cookies=admin.cookies, headers=admin.headers
    )
    assert second.status_code == 409

    document = copy.deepcopy(draft.json()["document"])
    document["steps"][0]["activity"] = "Menerima berkas (diperbarui oleh admin)"
    moved = document["steps"].pop()
    document["steps"].insert(len(document["steps"]), moved)  # reorder kept valid
    url = f"/api/catalogue/versions/{draft.json()['id']}/document"
    saved = await client.put(url, json=document, cookies=admin.cookies, headers=admin.headers)
    assert saved.status_code == 200, saved.text
    assert saved.json()["origin"] == "admin"

    await submit_and_approve(client, admin, draft.json()["id"])
    versions = (await _sop(client, admin, "003-10"))["versions"]
    assert [(v["number"], v["status"]) for v in versions] == [(1, "retired"), (2, "published")]

    diff = (
        await client.get(
            f"/api/catalogue/diff?from={versions[0]['id']}&to={versions[1]['id']}",
            cookies=admin.cookies,
        )
    ).json()
    assert {
        "path": "steps[0].activity",
        "before": versions[0]["document"]["steps"][0]["activity"],
        "after": "Menerima berkas (diperbarui oleh admin)",
    } in diff


@pytest.mark.parametrize(
    ("mutate", "field"),
    [
        (lambda d: d["unit"].update(unit_code="bidang-hantu"), "unit.unit_code"),
        (lambda d: d["steps"][0].update(performer="kolom-hantu"), "steps[0].performer"),
        (
            lambda d: d["steps"][0].update(
                kind="decision",
                decision={
                    "yes_target": 999,
                    "no_target": 1,
                    "yes_label": "ya",
                    "no_label": "tidak",
                    "provenance": "inferred",
                },
            ),
            "steps[0].decision",
        ),
        (lambda d: d["steps"][0]["waktu"].update(unit="fortnight"), "steps[0].waktu.unit"),
        (lambda d: d.pop("title"), None),
    ],
)
async def test_bad_edits_are_refused_naming_the_field_and_change_nothing(
    client: Any, admin: LoggedIn, clean: None, mutate: Any, field: str | None
) -> None:
    sop = await _sop(client, admin, "003-45")
    version = sop["versions"][0]
    document = copy.deepcopy(version["document"])
    mutate(document)
    url = f"/api/catalogue/versions/{version['id']}/document"
    response = await client.put(url, json=document, cookies=admin.cookies, headers=admin.headers)
    assert 400 <= response.status_code < 500, response.text
    if field is None:
        assert "title" in response.text
    else:
        assert response.json()["field"] == field
    assert (await _sop(client, admin, "003-45"))["versions"][0]["document"] == version["document"]


async def test_the_server_reads_waktu_from_its_text_not_the_numbers_sent(
    client: Any, admin: LoggedIn, clean: None
) -> None:
    """Due times come from min/max/unit, so a save keeps only what the raw text says."""
    sop = await _publish_first(client, admin, "003-10")
    created = await client.post(
        f"/api/catalogue/sops/{sop['id']}/drafts", cookies=admin.cookies, headers=admin.headers
    )
    assert created.status_code == 201, created.text
    version = created.json()
    document = copy.deepcopy(version["document"])
    document["steps"][0]["waktu"].update(
        raw="1-2 hari", category="numeric", min=50, max=99, unit="year", approximate=True
    )
    document["steps"][1]["waktu"].update(min=5, max=1)  # text unchanged, numbers tampered
    url = f"/api/catalogue/versions/{version['id']}/document"
    saved = await client.put(url, json=document, cookies=admin.cookies, headers=admin.headers)
    assert saved.status_code == 200, saved.text
    stored = (await _sop(client, admin, "003-10"))["versions"][1]["document"]["steps"]
    assert stored[0]["waktu"] == {
        "raw": "1-2 hari",
        "category": "numeric",
        "min": 1,
        "max": 2,
        "unit": "working_day",
        "approximate": False,
        "per_item": None,
        "hari_kerja": False,
        "unit_from_header": False,
        "mixed_units": False,
    }
    assert stored[1]["waktu"] == version["document"]["steps"][1]["waktu"]


async def test_export_import_export_is_byte_identical(
    client: Any, admin: LoggedIn, clean: None
) -> None:
    sop = await _publish_unsigned(client, admin, "003-83")
    version_id = sop["versions"][0]["id"]
    for fmt in ("yaml", "json"):
        first = await client.get(
            f"/api/catalogue/versions/{version_id}/export?format={fmt}", cookies=admin.cookies
        )
        assert first.status_code == 200
        if fmt == "yaml":
            committed = next((ROOT / "tenants" / "lampung" / "catalogue").glob("003-83-*.yaml"))
            assert first.text == committed.read_text(encoding="utf-8")
        imported = await client.post(
            "/api/catalogue/import",
            content=first.text.encode(),
            cookies=admin.cookies,
            headers=admin.headers,
        )
        assert imported.status_code == 201, imported.text
        assert imported.json()["number"] == 2
        again = await client.get(
            f"/api/catalogue/versions/{imported.json()['id']}/export?format={fmt}",
            cookies=admin.cookies,
        )
        assert again.text == first.text
        # One draft at a time: drop this one before trying the next format.
        assert await _drop_version(imported.json()["id"])


async def _drop_version(version_id: str) -> bool:
    conn = await asyncpg.connect(os.environ["ALUR_DATABASE_OWNER_URL"])
    try:
        async with conn.transaction():
            tid = await conn.fetchval("select id from tenants where slug = 'lampung'")
            await conn.execute("select set_config('app.tenant_id', $1, true)", str(tid))
            return (
                await conn.execute(
                    "delete from catalogue_versions where id = $1", uuid.UUID(version_id)
                )
            ) == "DELETE 1"
    finally:
        await conn.close()


async def test_import_refuses_malformed_or_foreign_documents(
    client: Any, admin: LoggedIn, clean: None
) -> None:
    broken = await client.post(
        "/api/catalogue/import",
        content=b"sop_id: [unclosed\n",
        cookies=admin.cookies,
        headers=admin.headers,
    )
    assert broken.status_code == 422
    assert broken.json()["field"].startswith("line ")
    kaltim_file = sorted((ROOT / "tenants" / "kaltim" / "catalogue").glob("*.yaml"))[0]
    foreign = await client.post(
        "/api/catalogue/import",
        content=kaltim_file.read_bytes(),
        cookies=admin.cookies,
        headers=admin.headers,
    )
    assert foreign.status_code == 422
    assert foreign.json()["field"] == "tenant"
    staff = await login_as("lampung", await _tenant_id("lampung"), ())
    by_staff = await client.post(
        "/api/catalogue/import",
        content=kaltim_file.read_bytes(),
        cookies=staff.cookies,
        headers=staff.headers,
    )
    assert by_staff.status_code == 403


async def _tenant_id(slug: str) -> uuid.UUID:
    conn = await asyncpg.connect(os.environ["ALUR_DATABASE_OWNER_URL"])
    try:
        return uuid.UUID(str(await conn.fetchval("select id from tenants where slug = $1", slug)))
    finally:
        await conn.close()


async def test_book_import_creates_drafts_with_warnings(
    client: Any, tenant_ids: dict[str, uuid.UUID], clean: None, owner_conn: Any
) -> None:
    """A new SOP book arrives: unknown SOPs become drafts, known ones are left alone."""
    admin = await login_as("kaltim", tenant_ids["kaltim"], ("tenant_admin",))
    book = (BOOKS / "000_20d4938a30053410.txt").read_bytes()
    known = await client.post(
        "/api/catalogue/import-book?name=000.txt",
        content=book,
        cookies=admin.cookies,
        headers=admin.headers,
    )
    assert known.status_code == 201, known.text
    assert known.json()["created"] == []
    assert len(known.json()["skipped_existing"]) == 11
    # Under its own file name the book finds the ids its SOPs already have ("000-01" ...).
    again = await client.post(
        "/api/catalogue/import-book?name=000_20d4938a30053410.txt",
        content=book,
        cookies=admin.cookies,
        headers=admin.headers,
    )
    assert again.status_code == 201, again.text
    assert again.json()["created"] == []
    assert sorted(again.json()["skipped_existing"]) == [f"000-{n:02d}" for n in range(1, 12)]
    empty = await client.post(
        "/api/catalogue/import-book", content=b"   ", cookies=admin.cookies, headers=admin.headers
    )
    assert empty.status_code == 422
    synthetic = (
        b"DAFTAR SOP\n\n- 1 UJI COBA LAYANAN BARU\n\n"
        b"Nomor SOP\t999/UJI/2026\nNama SOP\tUji Coba Layanan Baru\n"
        b"No\tUraian Kegiatan\tStaf\tKasubbag\tKelengkapan\tWaktu\tOutput\tKeterangan\n"
        b"1\tMenerima permohonan\t[Start]\t\tFormulir\t10 menit\tBerkas\t\n"
        b"2\tMemeriksa berkas\t\t[ ]\tBerkas\t1 jam\tBerkas diperiksa\t\n"
    )
    fresh = await client.post(
        "/api/catalogue/import-book?name=uji.txt",
        content=synthetic,
        cookies=admin.cookies,
        headers=admin.headers,
    )
    assert fresh.status_code == 201, fresh.text
    body = fresh.json()
    assert len(body["created"]) == 1
    assert body["sop_warnings"][body["created"][0]], "the importer explains what it guessed"
    async with owner_conn.transaction():
        await owner_conn.execute(
            "select set_config('app.tenant_id', $1, true)", str(tenant_ids["kaltim"])
        )
        assert (
            await owner_conn.fetchval(
                "select origin from catalogue_versions v join catalogue_sops s on s.id = v.sop_id"
                " where s.key = $1",
                body["created"][0],
            )
            == "admin"
        )


@pytest.mark.parametrize("slug", ["kaltim", "lampung"])
async def test_every_sop_exports_byte_identical_to_its_committed_file(
    client: Any, tenant_ids: dict[str, uuid.UUID], slug: str
) -> None:
    """Import (tenant sync) -> database -> export gives back the committed file, for all."""
    who = await login_as(slug, tenant_ids[slug], ("tenant_admin",))  # drafts: admins only
    page = (await client.get("/api/catalogue/sops?limit=200", cookies=who.cookies)).json()
    files = {
        p.read_text(encoding="utf-8")
        for p in (ROOT / "tenants" / slug / "catalogue").glob("*.yaml")
    }
    exported = set()
    for summary in page["items"]:
        sop = (await client.get(f"/api/catalogue/sops/{summary['id']}", cookies=who.cookies)).json()
        first = next(v for v in sop["versions"] if v["origin"] == "file")
        response = await client.get(
            f"/api/catalogue/versions/{first['id']}/export?format=yaml", cookies=who.cookies
        )
        exported.add(response.text)
    assert len(files) == page["total"]
    assert exported == files


async def test_book_import_refuses_a_non_utf8_file(
    client: Any, tenant_ids: dict[str, uuid.UUID]
) -> None:
    admin = await login_as("kaltim", tenant_ids["kaltim"], ("tenant_admin",))
    response = await client.post(
        "/api/catalogue/import-book",
        content=b"\xff\xfe\x00DAFTAR SOP\x80\x81",
        cookies=admin.cookies,
        headers=admin.headers,
    )
    assert response.status_code == 422
    assert response.json()["field"] == "file"
