"""Documents through the real API, outbox relay, Dramatiq worker and S3 server: verified
checksums, real types from the content, versions, presigned links, and the size limit."""

from __future__ import annotations

import asyncio
import hashlib
import time
import uuid
from typing import Any

import httpx
import pytest

from alur.core.settings import get_settings
from alur.core.storage import get_storage
from tests.integration.cases.support import Person, publish_with_performers

pytestmark = pytest.mark.integration

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 64


async def _case(client: Any, office: Any) -> tuple[Person, Person, str]:
    admin, staff = await office("lampung")
    sop = await publish_with_performers(client, admin, "003-02", {})
    stf = await staff("staf-sub-bagian-umum-dan-kepegawaian")
    outsider = await staff("staf-seksi-pembangunan-sumber-daya-industri")
    case = await client.post(
        "/api/cases",
        json={"sop_id": sop["id"], "subject": "Surat dengan lampiran"},
        cookies=stf.who.cookies,
        headers=stf.who.headers,
    )
    assert case.status_code == 201, case.text
    return stf, outsider, str(case.json()["id"])


async def _upload(
    client: Any, who: Person, case_id: str, body: bytes, name: str, **params: str
) -> Any:
    return await client.post(
        f"/api/cases/{case_id}/documents",
        params={"name": name, **params},
        content=body,
        cookies=who.who.cookies,
        headers={**who.who.headers, "content-type": "application/pdf"},
    )


async def _settled(client: Any, who: Person, case_id: str, doc_id: str) -> dict[str, Any]:
    deadline = time.monotonic() + 40
    while time.monotonic() < deadline:
        docs = (await client.get(f"/api/cases/{case_id}/documents", cookies=who.who.cookies)).json()
        doc = next(d for d in docs if d["id"] == doc_id)
        if doc["status"] != "quarantine":
            return dict(doc)
        await asyncio.sleep(0.2)
    raise AssertionError(f"document {doc_id} still in quarantine")


async def test_pdf_becomes_available_and_links_expire(
    client: Any, office: Any, job_processes: Any
) -> None:
    stf, outsider, case_id = await _case(client, office)
    sha = hashlib.sha256(PDF).hexdigest()
    uploaded = await _upload(client, stf, case_id, PDF, "surat.pdf", sha256=sha)
    assert uploaded.status_code == 201, uploaded.text
    assert uploaded.json()["status"] == "quarantine"
    doc = await _settled(client, stf, case_id, uploaded.json()["id"])
    assert doc["status"] == "available", doc
    assert doc["sha256"] == sha
    assert doc["content_type"] == "application/pdf"

    link = (await client.get(f"/api/documents/{doc['id']}/link", cookies=stf.who.cookies)).json()
    async with httpx.AsyncClient() as s3:
        fetched = await s3.get(link["url"])
        assert fetched.status_code == 200
        assert fetched.content == PDF
        tampered = link["url"].replace("X-Amz-Signature=", "X-Amz-Signature=0")
        assert (await s3.get(tampered)).status_code == 403
        short = (
            await client.get(f"/api/documents/{doc['id']}/link?seconds=1", cookies=stf.who.cookies)
        ).json()
        await asyncio.sleep(2.2)
        assert (await s3.get(short["url"])).status_code == 403, "expired"
    hidden = await client.get(f"/api/documents/{doc['id']}/link", cookies=outsider.who.cookies)
    assert hidden.status_code == 404, "someone who may not see the case gets no link"


async def test_executable_named_pdf_and_wrong_checksum_are_rejected(
    client: Any, office: Any, job_processes: Any
) -> None:
    stf, _, case_id = await _case(client, office)
    exe = await _upload(client, stf, case_id, EXE, "laporan.pdf")
    assert exe.status_code == 201
    wrong = await _upload(client, stf, case_id, PDF, "surat.pdf", sha256="0" * 64)
    assert wrong.status_code == 201
    exe_doc = await _settled(client, stf, case_id, exe.json()["id"])
    assert exe_doc["status"] == "rejected"
    assert "application/x-executable" in exe_doc["reason"]
    wrong_doc = await _settled(client, stf, case_id, wrong.json()["id"])
    assert wrong_doc["status"] == "rejected"
    assert "SHA-256" in wrong_doc["reason"]
    refused = await client.get(f"/api/documents/{exe_doc['id']}/link", cookies=stf.who.cookies)
    assert refused.status_code == 409


async def test_reupload_keeps_the_earlier_version(
    client: Any, office: Any, job_processes: Any
) -> None:
    stf, _, case_id = await _case(client, office)
    task = (await client.get(f"/api/cases/{case_id}", cookies=stf.who.cookies)).json()["current"]
    first = await _upload(client, stf, case_id, PDF, "hasil.pdf", task_id=task["id"])
    second = await _upload(client, stf, case_id, PDF + b"%v2\n", "hasil.pdf", task_id=task["id"])
    assert second.json()["version"] == 2
    assert second.json()["supersedes"] == first.json()["id"]
    for doc in (first.json(), second.json()):
        assert (await _settled(client, stf, case_id, doc["id"]))["status"] == "available"
    detail = (await client.get(f"/api/cases/{case_id}", cookies=stf.who.cookies)).json()
    assert [d["version"] for d in detail["documents"]] == [1, 2]


async def test_bad_uploads_are_refused_and_store_nothing(
    client: Any, office: Any, owner_conn: Any, tenant_ids: dict[str, uuid.UUID]
) -> None:
    stf, outsider, case_id = await _case(client, office)
    bad_sha = await _upload(client, stf, case_id, PDF, "a.pdf", sha256="xyz")
    assert bad_sha.status_code == 422
    assert bad_sha.json()["field"] == "sha256"
    empty = await _upload(client, stf, case_id, b"", "a.pdf")
    assert empty.status_code == 422
    foreign = await _upload(client, outsider, case_id, PDF, "a.pdf")
    assert foreign.status_code == 404
    await owner_conn.execute(
        "update tenants set settings = jsonb_set(settings, '{documents,max_mb}', '1')"
        " where slug = 'lampung'"
    )
    try:
        big = await _upload(client, stf, case_id, b"x" * (1024 * 1024 + 1), "besar.txt")
    finally:
        await owner_conn.execute(
            "update tenants set settings = jsonb_set(settings, '{documents,max_mb}', '20')"
            " where slug = 'lampung'"
        )
    assert big.status_code == 413
    assert "1 MB" in big.json()["detail"]
    docs = (await client.get(f"/api/cases/{case_id}/documents", cookies=stf.who.cookies)).json()
    assert docs == []
    leftovers = list(
        get_storage().list_objects(
            get_settings().s3.bucket, prefix=f"quarantine/{tenant_ids['lampung']}/", recursive=True
        )
    )
    assert all(o.size != 1024 * 1024 + 1 for o in leftovers)


ACTIVE = {
    "halaman.txt": b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>",
    "gambar.svg": b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"></svg>',
    "skrip.js": b"fetch('/api/me').then(r => r.text()).then(alert)\n",
    "data.xml": b'<?xml version="1.0"?><x:script xmlns:x="http://www.w3.org/1999/xhtml"/>',
    "catatan.txt": b"Catatan biasa\n<script>alert(1)</script>\n",
    "gambar.txt": b"Lihat gambar: <img src=x onerror=alert(1)>\n",
    "halaman.html.": b"Teks biasa yang disimpan sebagai halaman\n",
    "jalankan.bat": b"echo teks biasa\n",
}


async def test_active_content_is_refused_and_a_file_is_always_saved_never_shown(
    client: Any, office: Any, job_processes: Any
) -> None:
    """HTML, SVG, JS and XML are refused whatever their name or bytes claim; a text file
    that passes is stored with `Content-Disposition: attachment` and a neutral type on the
    object itself, so even a link without response-* parameters downloads it."""
    stf, _, case_id = await _case(client, office)
    sent = {
        name: (await _upload(client, stf, case_id, body, name)).json()["id"]
        for name, body in ACTIVE.items()
    }
    for name, doc_id in sent.items():
        doc = await _settled(client, stf, case_id, doc_id)
        assert doc["status"] == "rejected", (name, doc)
        assert "tidak diizinkan" in doc["reason"], (name, doc["reason"])
    plain = await _upload(client, stf, case_id, b"Daftar hadir rapat\n", "daftar hadir.txt")
    doc = await _settled(client, stf, case_id, plain.json()["id"])
    assert doc["status"] == "available", doc
    assert doc["content_type"] == "text/plain"
    stored = await asyncio.to_thread(
        get_storage().stat_object,
        get_settings().s3.bucket,
        f"tenants/lampung/cases/{case_id}/{doc['id']}/daftar_hadir.txt",
    )
    assert stored.content_type == "application/octet-stream"
    headers = {k.lower(): v for k, v in (stored.metadata or {}).items()}
    assert headers["content-disposition"] == 'attachment; filename="daftar hadir.txt"'
    link = (await client.get(f"/api/documents/{doc['id']}/link", cookies=stf.who.cookies)).json()
    async with httpx.AsyncClient() as s3:
        fetched = await s3.get(link["url"])
    assert fetched.headers["content-disposition"].startswith("attachment")
    assert not fetched.headers["content-type"].startswith("text/html")
