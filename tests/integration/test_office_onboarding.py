"""A third office onboarded through the API with no restart: created, its IdP connected (the
dev IdP's spare issuer, discovery asked live, the secret sealed), a book imported, the org
skeleton accepted, a tenant admin named who signs in through the real IdP and publishes;
then suspended (sign-ins, sessions, tokens and jobs stop), resumed, and exported as one
archive whose audit chain checks out with the verifier inside it."""

from __future__ import annotations

import asyncio
import datetime as dt
import io
import subprocess
import sys
import time
import zipfile
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from alur.core.tenancy import TenantContext
from alur.domain.catalogue.services import read_catalogue
from alur.domain.jobs import outbox
from alur.domain.tenants.files import load_tenants
from tests.offices import SPARE_ADMIN_NIP, SPARE_HOST, SPARE_SLUG, purge_office, spare_idp
from tests.sso import sign_in

pytestmark = pytest.mark.integration
BOOK = Path(__file__).resolve().parents[2] / "tenants" / "kaltim" / "books"
OFFICE = {
    "slug": SPARE_SLUG,
    "name": "Dinas Perindustrian dan Perdagangan Provinsi Papua",
    "short_name": "Disperindag Papua",
    "province": "Papua",
    "time_zone": "Asia/Jayapura",
    "hosts": [SPARE_HOST],
    "pengesahan": False,
}


@pytest.fixture
async def spare_office(owner_conn: Any) -> AsyncIterator[str]:
    await purge_office(owner_conn, SPARE_SLUG)
    yield SPARE_SLUG
    await purge_office(owner_conn, SPARE_SLUG)


def _verify(folder: Path) -> subprocess.CompletedProcess[str]:
    """The verifier as whoever receives the archive runs it: plain python, no Alur."""
    return subprocess.run(
        [sys.executable, "-I", "audit/verify_audit.py", "audit/events.jsonl"],
        cwd=folder,
        capture_output=True,
        text=True,
        check=False,
    )


async def _call(client: Any, who: Any, method: str, path: str, **kwargs: Any) -> Any:
    return await client.request(method, path, cookies=who.cookies, headers=who.headers, **kwargs)


async def test_onboard_a_third_office_end_to_end(
    client: Any, platform_admin: Any, spare_office: str, owner_conn: Any
) -> None:
    base = f"/api/platform/offices/{spare_office}"
    created = await _call(client, platform_admin, "POST", "/api/platform/offices", json=OFFICE)
    assert created.status_code == 201, created.text
    assert created.json()["origin"] == "platform"
    assert created.json()["office_hours"]["friday"] == [["07:30", "11:30"], ["13:00", "16:30"]]
    picker = (await client.get("/api/public/tenants")).json()
    assert spare_office not in {o["slug"] for o in picker}, "not offered before its IdP is"
    again = await _call(client, platform_admin, "POST", "/api/platform/offices", json=OFFICE)
    assert (again.status_code, again.json()["field"]) == (409, "slug")

    # Discovery is asked live: an issuer that does not answer is refused, nothing stored.
    idp = spare_idp()
    wrong = await _call(
        client, platform_admin, "PUT", f"{base}/idp", json={**idp, "issuer": idp["issuer"] + "x"}
    )
    assert (wrong.status_code, wrong.json()["field"]) == (422, "issuer"), wrong.text
    assert (await _call(client, platform_admin, "GET", base)).json()["idp_issuer"] == ""
    connected = await _call(client, platform_admin, "PUT", f"{base}/idp", json=idp)
    assert connected.status_code == 200, connected.text
    assert connected.json()["idp_secret_stored"] is True
    assert idp["client_secret"] not in connected.text
    stored = await owner_conn.fetchval(
        "select idp_secret from tenants where slug = $1", spare_office
    )
    assert stored, "the secret is stored"
    assert idp["client_secret"] not in stored, "the secret is kept sealed"

    book = (BOOK / "001_c1d392d4acc0acf2.txt").read_bytes()
    imported = await _call(
        client, platform_admin, "POST", f"{base}/books?name=sop-perencanaan.txt", content=book
    )
    assert imported.status_code == 201, imported.text
    assert len(imported.json()["created"]) == 10

    skeleton = (await _call(client, platform_admin, "GET", f"{base}/org-skeleton")).json()
    assert (skeleton["drafts_read"], skeleton["has_org"]) == (10, False)
    units = {u["code"]: u for u in skeleton["units"]}
    assert units["sub-bagian-perencanaan"]["parent"] == "sekretariat"
    assert units["sub-bagian-perencanaan"]["source"].startswith("sop-perencanaan.txt:")
    kinds = {p["kind"] for p in skeleton["positions"]}
    assert {"kepala_dinas", "sekretaris", "kasubbag", "staf"} <= kinds
    accept = {"units": skeleton["units"], "positions": skeleton["positions"]}
    broken = {**accept, "units": [u for u in accept["units"] if u["code"] != "sekretariat"]}
    refused = await _call(client, platform_admin, "POST", f"{base}/org-skeleton", json=broken)
    assert refused.status_code == 422, refused.text
    accepted = await _call(client, platform_admin, "POST", f"{base}/org-skeleton", json=accept)
    assert accepted.status_code == 201, accepted.text
    twice = await _call(client, platform_admin, "POST", f"{base}/org-skeleton", json=accept)
    assert twice.status_code == 409

    named = await _call(
        client,
        platform_admin,
        "POST",
        f"{base}/admins",
        json={"nip": SPARE_ADMIN_NIP, "name": "Yohana Wenda"},
    )
    assert named.status_code == 201, named.text
    assert [(a["nip"], a["signed_in"]) for a in named.json()["admins"]] == [
        (SPARE_ADMIN_NIP, False)
    ]

    # The named admin signs in through the office's own IdP, with no restart of anything.
    picker = (await client.get("/api/public/tenants", headers={"host": SPARE_HOST})).json()
    assert {o["slug"]: o["this_host"] for o in picker}[spare_office] is True
    cookies = await sign_in(client, spare_office, SPARE_ADMIN_NIP)
    csrf = {"X-CSRF-Token": cookies["alur_csrf"]}
    me = (await client.get("/api/me", cookies=cookies)).json()
    assert me["tenant"]["slug"] == spare_office
    assert "tenant_admin" in me["user"]["roles"]
    sops = (await client.get("/api/catalogue/sops?limit=50", cookies=cookies)).json()["items"]
    published = []
    for sop in sops:
        detail = (await client.get(f"/api/catalogue/sops/{sop['id']}", cookies=cookies)).json()
        version = next(v["id"] for v in detail["versions"] if v["status"] == "draft")
        await client.post(
            f"/api/catalogue/versions/{version}/accept-suggestions",
            json={},
            cookies=cookies,
            headers=csrf,
        )
        done = await client.post(
            f"/api/catalogue/versions/{version}/publish", cookies=cookies, headers=csrf
        )
        if done.status_code == 200:
            published.append(sop["key"])
    assert published, "at least one SOP of the new office publishes from its book and skeleton"
    office = (await _call(client, platform_admin, "GET", base)).json()
    assert office["published_sops"] == len(published)
    assert office["admins"][0]["signed_in"] is True

    # Not for anyone but a platform admin.
    for method, path in (("POST", "/api/platform/offices"), ("GET", base)):
        denied = await client.request(method, path, json=OFFICE, cookies=cookies, headers=csrf)
        assert denied.status_code == 403, (path, denied.status_code)

    # Suspended: sign-in refused, the session ended, its jobs held; resumed: back.
    reason = {"reason": "Uji penghentian sementara"}
    stopped = await _call(client, platform_admin, "POST", f"{base}/suspend", json=reason)
    assert (stopped.status_code, stopped.json()["status"]) == (200, "suspended")
    assert (await client.get("/api/me", cookies=cookies)).status_code == 401
    start = await client.get(f"/auth/{spare_office}/login", follow_redirects=False)
    assert start.status_code == 403, start.text
    picker = (await client.get("/api/public/tenants")).json()
    assert spare_office not in {o["slug"] for o in picker}, "a suspended office is not offered"
    tenant_id = await owner_conn.fetchval("select id from tenants where slug = $1", spare_office)
    async with owner_conn.transaction():
        await owner_conn.execute("select set_config('app.tenant_id', $1, true)", str(tenant_id))
        await owner_conn.execute("select set_config('app.outbox_relay', 'on', true)")
        job = await outbox.enqueue(
            owner_conn,
            TenantContext(tenant_id, spare_office),
            "jobs.probe",
            {"n": 0},
            key=f"probe:suspended:{time.time()}",
        )
        due = await outbox.due_for_relay(owner_conn, dt.timedelta(minutes=2))
        assert job not in {d["id"] for d in due}, "a suspended office's jobs wait"
        await owner_conn.execute("delete from outbox_jobs where id = $1", job)
    resumed = await _call(client, platform_admin, "POST", f"{base}/resume", json=reason)
    assert resumed.json()["status"] == "active"
    assert (
        await client.get(f"/auth/{spare_office}/login", follow_redirects=False)
    ).status_code in (
        302,
        307,
    )

    # Every step is in the office's own audit chain, the platform admin named.
    async with owner_conn.transaction():
        await owner_conn.execute("select set_config('app.tenant_id', $1, true)", str(tenant_id))
        actions = await owner_conn.fetch(
            "select action, actor_label from audit_events where action like 'office.%' order by seq"
        )
    assert [a["action"] for a in actions] == [
        "office.created",
        "office.idp_connected",
        "office.org_skeleton_accepted",
        "office.admin_named",
        "office.suspended",
        "office.resumed",
    ]
    assert all(a["actor_label"].startswith("platform admin kaltim:") for a in actions)


async def test_bad_office_input_is_refused_with_the_field_named(
    client: Any, platform_admin: Any, spare_office: str
) -> None:
    cases = [
        ({"slug": "Papua!"}, 422, "slug"),
        ({"slug": "api"}, 422, "slug"),
        ({"time_zone": "Asia/Atlantis"}, 422, "time_zone"),
        ({"hosts": ["bukan host"]}, 422, "hosts"),
        ({"name": " "}, 422, "name"),
        ({"office_hours": {"monday": [["16:00", "08:00"]]}}, 422, "office_hours"),
    ]
    for change, status, field in cases:
        response = await _call(
            client, platform_admin, "POST", "/api/platform/offices", json={**OFFICE, **change}
        )
        assert (response.status_code, response.json().get("field")) == (status, field), change
    assert (
        await _call(client, platform_admin, "GET", f"/api/platform/offices/{SPARE_SLUG}")
    ).status_code == 404
    created = await _call(client, platform_admin, "POST", "/api/platform/offices", json=OFFICE)
    assert created.status_code == 201
    taken = await _call(
        client,
        platform_admin,
        "POST",
        "/api/platform/offices",
        json={**OFFICE, "slug": "uji-host", "hosts": [SPARE_HOST]},
    )
    assert (taken.status_code, taken.json()["field"]) == (409, "hosts")
    no_secret = await _call(
        client,
        platform_admin,
        "PUT",
        f"/api/platform/offices/{SPARE_SLUG}/idp",
        json={**spare_idp(), "client_secret": ""},
    )
    assert (no_secret.status_code, no_secret.json()["field"]) == (422, "client_secret")
    file_office = await _call(
        client, platform_admin, "PUT", "/api/platform/offices/kaltim/idp", json=spare_idp()
    )
    assert file_office.status_code == 409, "a file office's IdP stays with its files"


async def test_an_office_exports_as_one_archive_with_a_verifiable_chain(
    client: Any, platform_admin: Any, spare_office: str, job_processes: Any, tmp_path: Path
) -> None:
    base = f"/api/platform/offices/{spare_office}"
    await _call(client, platform_admin, "POST", "/api/platform/offices", json=OFFICE)
    book = (BOOK / "001_c1d392d4acc0acf2.txt").read_bytes()
    await _call(client, platform_admin, "POST", f"{base}/books?name=sop.txt", content=book)
    await _call(client, platform_admin, "PUT", f"{base}/idp", json=spare_idp())
    skeleton = (await _call(client, platform_admin, "GET", f"{base}/org-skeleton")).json()
    await _call(
        client,
        platform_admin,
        "POST",
        f"{base}/org-skeleton",
        json={"units": skeleton["units"], "positions": skeleton["positions"]},
    )
    await _call(
        client, platform_admin, "POST", f"{base}/suspend", json={"reason": "Instansi keluar"}
    )
    started = await _call(client, platform_admin, "POST", f"{base}/exports")
    assert started.status_code == 202, started.text
    deadline = time.monotonic() + 60
    while True:
        job = (
            await _call(client, platform_admin, "GET", f"{base}/exports/{started.json()['id']}")
        ).json()
        if job["status"] in ("done", "dead") or time.monotonic() > deadline:
            break
        await asyncio.sleep(0.2)
    assert job["status"] == "done", job
    link = (await _call(client, platform_admin, "GET", f"{base}/exports/{job['id']}/link")).json()
    async with httpx.AsyncClient() as s3:
        data = (await s3.get(link["url"])).content
    archive = zipfile.ZipFile(io.BytesIO(data))
    names = set(archive.namelist())
    assert {"tenant.json", "audit/events.jsonl", "audit/verify_audit.py"} <= names
    assert {"tables/catalogue_sops.jsonl", "tables/outbox_jobs.jsonl"} <= names
    assert sum(n.startswith("catalogue/") for n in names) == 10
    assert "idp_secret" not in archive.read("tenant.json").decode()
    archive.extractall(tmp_path)
    # The office also leaves as a seed folder that `alur tenants sync` accepts elsewhere.
    [bundle] = load_tenants(tmp_path / "tenants")
    assert bundle.tenant.slug == spare_office
    assert bundle.tenant.idp.client_secret_env == "ALUR_IDP_PAPUA_CLIENT_SECRET"
    assert {u.code for u in bundle.org.units} >= {"dinas", "sub-bagian-perencanaan"}
    docs, problems = read_catalogue(tmp_path / "tenants" / spare_office / "catalogue")
    assert (len(docs), problems) == (10, [])
    check = await asyncio.to_thread(_verify, tmp_path)
    assert (check.returncode, check.stdout[:6]) == (0, "intact"), check.stdout
    events = (tmp_path / "audit/events.jsonl").read_text().splitlines()
    assert len(events) >= 12  # created, 10 drafts imported, suspended, exported
    events[1] = events[1].replace("catalogue.book_imported", "catalogue.book_deleted")
    (tmp_path / "audit/events.jsonl").write_text("\n".join(events) + "\n")
    tampered = await asyncio.to_thread(_verify, tmp_path)
    assert tampered.returncode == 1, tampered.stdout
    assert "event 2" in tampered.stdout
