"""Export jobs through the real worker: a case file and the catalogue, polled for progress,
fetched from S3 through a short-lived link, and private to whoever asked."""

from __future__ import annotations

import asyncio
import io
import time
import zipfile
from typing import Any

import httpx
import pytest

from tests.integration.cases.support import publish_with_performers

pytestmark = pytest.mark.integration


async def _done(client: Any, who: Any, job_id: str) -> dict[str, Any]:
    deadline = time.monotonic() + 60
    seen: set[int | None] = set()
    while time.monotonic() < deadline:
        job = (await client.get(f"/api/jobs/{job_id}", cookies=who.cookies)).json()
        seen.add(job["progress"])
        if job["status"] in ("done", "dead"):
            return dict(job, seen=seen)
        await asyncio.sleep(0.1)
    raise AssertionError("export did not finish")


async def test_case_file_and_catalogue_exports(
    client: Any, office: Any, job_processes: Any
) -> None:
    admin, staff = await office("lampung")
    sop = await publish_with_performers(client, admin, "003-02", {})
    stf = await staff("staf-sub-bagian-umum-dan-kepegawaian")
    other = await staff("staf-sub-bagian-umum-dan-kepegawaian")
    case = (
        await client.post(
            "/api/cases",
            json={"sop_id": sop["id"], "subject": "Surat untuk diekspor"},
            cookies=stf.who.cookies,
            headers=stf.who.headers,
        )
    ).json()
    started = await client.post(
        f"/api/exports/cases/{case['id']}", cookies=stf.who.cookies, headers=stf.who.headers
    )
    assert started.status_code == 201, started.text
    job = await _done(client, stf.who, started.json()["id"])
    assert job["status"] == "done"
    assert job["progress"] == 100
    assert (
        await client.get(f"/api/jobs/{job['id']}", cookies=other.who.cookies)
    ).status_code == 404
    link = (await client.get(f"/api/exports/{job['id']}/link", cookies=stf.who.cookies)).json()
    async with httpx.AsyncClient() as s3:
        page = await s3.get(link["url"])
    assert page.status_code == 200
    assert case["number"] in page.text
    assert "Menerima surat keluar" in page.text
    assert "case.started" in page.text

    catalogue = await client.post(
        "/api/exports/catalogue", cookies=admin.cookies, headers=admin.headers
    )
    done = await _done(client, admin, catalogue.json()["id"])
    assert done["status"] == "done"
    assert len(done["seen"]) >= 2, f"progress was visible on the way: {done['seen']}"
    link = (await client.get(f"/api/exports/{done['id']}/link", cookies=admin.cookies)).json()
    async with httpx.AsyncClient() as s3:
        archive = zipfile.ZipFile(io.BytesIO((await s3.get(link["url"])).content))
    names = archive.namelist()
    listed = (await client.get("/api/catalogue/sops?limit=1", cookies=admin.cookies)).json()
    assert len(names) == len(set(names)) == done["result"]["sops"] == listed["total"]
    assert "003-02.yaml" in names
