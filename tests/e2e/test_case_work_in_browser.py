"""Case work in a real browser, for each office, signed in through the office's SSO: a staff
member starts a case and completes a step with a document upload (progress, then verified by
the worker); the supervisor sees it in the team view and takes the ya/tidak decision; the
head of office sees the SOP in the office figures; a user of the other office cannot open the
case by its URL. Screenshots of every dashboard and the case page go to artifacts/e2e/."""

from __future__ import annotations

import asyncio
import concurrent.futures
import os
import re
import uuid
from collections.abc import Coroutine, Iterator
from typing import Any, TypeVar

import asyncpg
import httpx
import pytest
import yaml

from tests.e2e.conftest import ROOT, screenshot
from tests.integration.cases.support import restore, snapshot_catalogue
from tests.isolation.harness import login_as

pytestmark = pytest.mark.e2e
T = TypeVar("T")
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"

# Per office: the SOP, the performers its admin assigns where the book lost them, and who
# does what. Kaltim runs a Bidang Industri SOP in the staff member's Seksi.
FLOWS = {
    "kaltim": {
        "sop": "000-11",
        "performers": {1: "pelaksana-staf", 2: "kasi", 3: "kasi"},
        "staff": "staf-seksi-pembinaan-usaha-industri",
        "supervisor": "kasi-pembinaan-usaha-industri",
        "head": "kepala-dinas",
        # after the staff member's step 1: (who, action) per step
        "rest": [("supervisor", "complete"), ("supervisor", "complete"), ("supervisor", "Ya")],
    },
    "lampung": {
        "sop": "003-03",
        "performers": {},
        "staff": "staf-sub-bagian-umum-dan-kepegawaian",
        "supervisor": "sekretaris",
        "head": "kepala-dinas",
        "rest": [
            ("staff", "complete"),
            ("staff", "complete"),
            ("supervisor", "complete"),
            ("supervisor", "Ya"),
            ("staff", "Ya"),
        ],
    },
}


def _run(coro: Coroutine[Any, Any, T]) -> T:
    """Async set-up away from Playwright's own loop."""
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coro).result()


def _demo(slug: str, position: str) -> dict[str, Any]:
    """A demo user by position; the position 'admin' means the office's tenant admin."""
    users = yaml.safe_load((ROOT / "tenants" / slug / "demo-users.yaml").read_text())["users"]
    if position == "admin":
        return dict(next(u for u in users if "tenant_admin" in u["roles"]))
    found: dict[str, Any] = next(
        u for u in users if u["position"] == position and "tenant_admin" not in u["roles"]
    )
    return found


async def _tenants() -> dict[str, uuid.UUID]:
    conn = await asyncpg.connect(os.environ["ALUR_DATABASE_OWNER_URL"])
    try:
        return {r["slug"]: r["id"] for r in await conn.fetch("select slug, id from tenants")}
    finally:
        await conn.close()


async def _snapshot(tenant_id: uuid.UUID) -> list[dict[str, Any]]:
    conn = await asyncpg.connect(os.environ["ALUR_DATABASE_OWNER_URL"])
    try:
        return await snapshot_catalogue(conn, tenant_id)
    finally:
        await conn.close()


async def _restore(tenant_id: uuid.UUID, versions: list[dict[str, Any]]) -> None:
    conn = await asyncpg.connect(os.environ["ALUR_DATABASE_OWNER_URL"])
    try:
        await restore(conn, tenant_id, versions)
    finally:
        await conn.close()


def _publish(
    base_url: str, slug: str, tenant_id: uuid.UUID, key: str, performers: dict[int, str]
) -> str:
    admin = _run(login_as(slug, tenant_id, ("tenant_admin",)))
    with httpx.Client(base_url=base_url, cookies=admin.cookies, headers=admin.headers) as api:
        page = api.get(f"/api/catalogue/sops?q={key}").json()
        summary = next(s for s in page["items"] if s["key"] == key)
        sop = api.get(f"/api/catalogue/sops/{summary['id']}").json()
        version = sop["versions"][0]["id"]
        if performers:
            document = api.get(f"/api/catalogue/versions/{version}/export?format=json").json()
            for step in document["steps"]:
                if step["position"] in performers:
                    step["performer"] = performers[step["position"]]
            assert (
                api.put(f"/api/catalogue/versions/{version}/document", json=document).status_code
                == 200
            )
        published = api.post(f"/api/catalogue/versions/{version}/publish")
        assert published.status_code == 200, published.text
        return str(sop["id"])


@pytest.fixture
def offices(base_url: str) -> Iterator[dict[str, uuid.UUID]]:
    tenants = _run(_tenants())
    snapshots = {slug: _run(_snapshot(tid)) for slug, tid in tenants.items()}
    yield tenants
    for slug, versions in snapshots.items():
        _run(_restore(tenants[slug], versions))


def _sign_in(browser: Any, base_url: str, slug: str, position: str) -> Any:
    user = _demo(slug, position)
    context = browser.new_context(locale="id-ID")
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.console_errors = errors
    page.goto(f"{base_url}/login")
    office = "Kalimantan Timur" if slug == "kaltim" else "Lampung"
    page.get_by_role("link", name=re.compile(f"^Masuk dengan SSO .*{office}$")).click()
    page.wait_for_url(f"{os.environ[f'ALUR_IDP_{slug.upper()}_ISSUER']}/**")
    page.get_by_label("NIP atau email").fill(user["nip"])
    page.get_by_label("Kata sandi").fill(os.environ.get("ALUR_DEMO_PASSWORD", "demo"))
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url(f"{base_url}/")
    page.get_by_text(f"Selamat datang, {user['name']}").wait_for()
    return page


def _act(page: Any, action: str) -> None:
    """Click the action and wait until the API has answered it."""
    with page.expect_response(
        lambda r: "/api/tasks/" in r.url and r.request.method == "POST"
    ) as answer:
        if action == "complete":
            page.get_by_role("button", name="Selesaikan langkah").click()
        else:
            page.get_by_role("button", name=action, exact=True).click()
    assert answer.value.ok, answer.value.text()


@pytest.mark.parametrize("slug", ["kaltim", "lampung"])
def test_staff_supervisor_and_head_work_a_case(
    browser: Any, base_url: str, offices: dict[str, uuid.UUID], job_processes: Any, slug: str
) -> None:
    flow = FLOWS[slug]
    sop_id = _publish(base_url, slug, offices[slug], str(flow["sop"]), dict(flow["performers"]))
    pages = {
        role: _sign_in(browser, base_url, slug, str(flow[role])) for role in ("staff", "supervisor")
    }
    staff = pages["staff"]
    screenshot(staff, f"dashboard-staff-{slug}")

    option = staff.get_by_label("SOP").locator("option").filter(has_text=f"{flow['sop']} —")
    option.wait_for(state="attached")
    staff.get_by_label("SOP").select_option(value=option.get_attribute("value"))
    staff.get_by_label("Perihal").fill(f"Uji peramban {slug}")
    staff.get_by_role("button", name="Mulai kasus").click()
    staff.wait_for_url(re.compile(r"/kasus/[0-9a-f-]+$"))
    case_url = staff.url
    staff.get_by_role("heading", name=re.compile(f"^Kasus {slug.upper()}-")).wait_for()

    staff.get_by_label("Unggah dokumen").set_input_files(
        files=[{"name": "surat-masuk.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    staff.locator("li[data-document='surat-masuk.pdf']").get_by_text("Tersedia").wait_for(
        timeout=30_000
    )
    _act(staff, "complete")

    supervisor = pages["supervisor"]
    supervisor.goto(f"{base_url}/")
    supervisor.locator("[data-level]").first.wait_for()
    if flow["supervisor"].startswith("kasi"):
        supervisor.get_by_role("heading", name=re.compile("^Tugas unit saya")).wait_for()
        # Step 2 arrived for the Kasi: the bell says so.
        supervisor.get_by_label(re.compile(r"^Pemberitahuan \([1-9]\d* belum dibaca\)$")).wait_for()
    screenshot(supervisor, f"dashboard-supervisor-{slug}")
    for who, action in flow["rest"]:
        page = pages[str(who)]
        page.goto(case_url)
        page.get_by_role("heading", name="Tindakan").wait_for()
        _act(page, str(action))
        page.get_by_role("heading", name="Tindakan").wait_for()
    final = pages["staff"]
    final.goto(case_url)
    final.locator(".facts").get_by_text("Selesai").wait_for()
    screenshot(final, f"case-{slug}")

    head = _sign_in(browser, base_url, slug, str(flow["head"]))
    head.get_by_role("heading", name="Kinerja instansi").wait_for()
    head.get_by_role("img", name="Ketepatan waktu per SOP").wait_for()
    assert (
        str(flow["sop"]) in head.locator("svg[aria-label='Ketepatan waktu per SOP']").inner_html()
    )
    screenshot(head, f"dashboard-head-{slug}")

    # The SOP in its official form: one symbol per step, in its performer's swimlane.
    head.goto(f"{base_url}/katalog/{sop_id}")
    head.get_by_role("heading", name="Dasar Hukum").wait_for()
    head.locator("svg.flow-drawing").first.wait_for()
    shapes = head.locator("svg.flow-drawing [data-step]").count()
    rows = head.locator(".flow-table tbody tr").count()
    assert shapes == rows > 0
    assert head.locator("svg.flow-drawing polygon").count() >= 1, "a decision diamond"
    screenshot(head, f"sop-flowchart-{slug}")

    # The tenant admin: the monitoring form (Permenpan Tabel 7) prefilled from this run, and
    # an office day off added to the working calendar.
    admin = _sign_in(browser, base_url, slug, "admin")
    admin.get_by_role("link", name="Admin instansi").click()
    admin.get_by_role("heading", name="Formulir monitoring SOP (Tabel 7)").wait_for()
    admin.get_by_role("cell", name=re.compile(f"^{flow['sop']} ")).wait_for()
    admin.get_by_label("Tanggal").fill("2026-12-30")
    admin.get_by_label("Keterangan").fill("Hari jadi (uji peramban)")
    admin.get_by_role("button", name="Tambah hari libur kantor").click()
    admin.get_by_role("cell", name="Hari jadi (uji peramban)").wait_for()
    screenshot(admin, f"admin-{slug}")

    other = "lampung" if slug == "kaltim" else "kaltim"
    outsider = _sign_in(browser, base_url, other, str(FLOWS[other]["staff"]))
    outsider.goto(case_url)
    outsider.get_by_text("Kasus tidak ditemukan").wait_for()

    for page in (*pages.values(), head, admin, outsider):
        unexpected = [e for e in page.console_errors if "404" not in e and "401" not in e]
        assert unexpected == [], unexpected
        page.context.close()


def test_tenant_admin_assigns_performers_and_publishes_a_draft(
    browser: Any, base_url: str, offices: dict[str, uuid.UUID]
) -> None:
    """Kaltim 004-11 came from the book with three steps whose performers were lost: the
    tenant admin assigns them in the step table and publishes; publishing is refused by the
    editor until every step has one."""
    admin_api = _run(login_as("kaltim", offices["kaltim"], ("tenant_admin",)))
    with httpx.Client(base_url=base_url, cookies=admin_api.cookies) as api:
        page_ = api.get("/api/catalogue/sops?q=004-11").json()
        sop_id = next(s["id"] for s in page_["items"] if s["key"] == "004-11")
    admin = _sign_in(browser, base_url, "kaltim", "admin")
    admin.goto(f"{base_url}/katalog/{sop_id}")
    admin.get_by_role("heading", name=re.compile(r"^Sunting draf")).wait_for()
    publish = admin.get_by_role("button", name="Terbitkan")
    assert publish.is_disabled(), "three steps still have no performer"
    admin.get_by_text("Langkah 2 belum punya pelaksana").wait_for()
    for step in ("2", "3", "4"):
        admin.get_by_label(f"Pelaksana langkah {step}").select_option("pengelola-kepegawaian")
    assert publish.is_enabled()
    screenshot(admin, "sop-editor-kaltim")
    publish.click()
    admin.get_by_text("Versi 1 (published)").wait_for()
    assert [e for e in admin.console_errors if "404" not in e and "401" not in e] == []
    admin.context.close()
