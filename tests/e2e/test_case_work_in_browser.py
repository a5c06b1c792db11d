"""Case work in a real browser, for each office, signed in through the office's SSO: a staff
member starts a case and completes a step with a document upload (progress, then verified by
the worker); the supervisor sees it in the team view and takes the ya/tidak decision; the
head of office sees the SOP in the office figures; a user of the other office cannot open the
case by its URL. Screenshots of every dashboard and the case page go to artifacts/e2e/."""

from __future__ import annotations

import re
import uuid
from typing import Any

import httpx
import pytest

from tests.e2e.conftest import screenshot
from tests.e2e.support import act, at_phone_width, demo, publish, run, sign_in
from tests.isolation.harness import login_as

pytestmark = pytest.mark.e2e
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
            # Book line 349: the diamond of step 5 is in the Kepala Dinas lane.
            ("head", "Ya"),
            ("staff", "Ya"),
        ],
    },
}


@pytest.mark.parametrize("slug", ["kaltim", "lampung"])
def test_staff_supervisor_and_head_work_a_case(
    browser: Any, base_url: str, offices: dict[str, uuid.UUID], job_processes: Any, slug: str
) -> None:
    flow = FLOWS[slug]
    sop_id = publish(base_url, slug, offices[slug], str(flow["sop"]), dict(flow["performers"]))
    pages = {
        role: sign_in(browser, base_url, slug, str(flow[role])) for role in ("staff", "supervisor")
    }
    staff = pages["staff"]
    screenshot(staff, f"dashboard-staff-{slug}")
    at_phone_width(staff, f"dashboard-staff-{slug}")
    head = sign_in(browser, base_url, slug, str(flow["head"]))
    pages["head"] = head
    steps_before = _steps_this_week(head)

    option = staff.get_by_label("SOP").locator("option").filter(has_text=f"{flow['sop']} —")
    option.wait_for(state="attached")
    staff.get_by_label("SOP").select_option(value=option.get_attribute("value"))
    staff.get_by_label("Perihal").fill(f"Uji peramban {slug}")
    staff.get_by_role("button", name="Mulai kasus").click()
    staff.wait_for_url(re.compile(r"/kasus/[0-9a-f-]+$"))
    case_url = staff.url
    staff.get_by_role("heading", name=re.compile(f"^Kasus {slug.upper()}-")).wait_for()
    number = staff.get_by_role("heading", name=re.compile(f"^Kasus {slug.upper()}-")).inner_text()
    number = number.removeprefix("Kasus ").strip()

    staff.get_by_label("Unggah dokumen").set_input_files(
        files=[{"name": "surat-masuk.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    staff.locator("li[data-document='surat-masuk.pdf']").get_by_text("Tersedia").wait_for(
        timeout=30_000
    )
    act(staff, "complete")

    supervisor = pages["supervisor"]
    supervisor.goto(f"{base_url}/")
    supervisor.locator("[data-level]").first.wait_for()
    if flow["supervisor"].startswith("kasi"):
        supervisor.get_by_role("heading", name=re.compile("^Tugas unit saya")).wait_for()
        # Step 2 arrived for the Kasi: the bell says so.
        supervisor.locator(
            ".bell > summary", has_text=re.compile(r"[1-9]\d* belum dibaca")
        ).wait_for()
    screenshot(supervisor, f"dashboard-supervisor-{slug}")
    at_phone_width(supervisor, f"dashboard-supervisor-{slug}")
    for who, action in flow["rest"]:
        page = pages[str(who)]
        if action == "Ya":
            # A ya/tidak step waiting on this person heads their dashboard.
            page.goto(f"{base_url}/")
            waiting = page.locator("section.decisions")
            waiting.get_by_role("heading", name=re.compile("^Menunggu keputusan saya")).wait_for()
            waiting.get_by_role("link", name=number, exact=True).wait_for()
            if who == "supervisor":
                screenshot(page, f"dashboard-decisions-{slug}")
        page.goto(case_url)
        page.get_by_role("heading", name="Tindakan").wait_for()
        act(page, str(action))
        page.get_by_role("heading", name="Tindakan").wait_for()
    final = pages["staff"]
    final.goto(case_url)
    final.locator(".facts").get_by_text("Selesai").wait_for()
    screenshot(final, f"case-{slug}")
    at_phone_width(final, f"case-{slug}")

    head.goto(f"{base_url}/")
    head.get_by_role("heading", name="Kinerja instansi").wait_for()
    assert _steps_this_week(head) >= steps_before + 1 + len(flow["rest"]), "the figures moved"
    head.get_by_role("list", name="Ketepatan waktu per SOP").wait_for()
    assert str(flow["sop"]) in head.locator("[aria-label='Ketepatan waktu per SOP']").inner_html()
    screenshot(head, f"dashboard-head-{slug}")
    at_phone_width(head, f"dashboard-head-{slug}")

    # The SOP in its official form: one symbol per step, in its performer's swimlane.
    head.goto(f"{base_url}/katalog/{sop_id}")
    head.get_by_role("heading", name="Dasar Hukum").wait_for()
    head.locator("svg.flow-drawing").first.wait_for()
    shapes = head.locator("svg.flow-drawing [data-step]").count()
    rows = head.locator(".flow-table tbody tr").count()
    assert shapes == rows > 0
    assert head.locator("svg.flow-drawing polygon").count() >= 1, "a decision diamond"
    screenshot(head, f"sop-flowchart-{slug}")
    at_phone_width(head, f"sop-flowchart-{slug}")

    # The tenant admin: the monitoring form (Permenpan Tabel 7) prefilled from this run, and
    # an office day off added to the working calendar.
    admin = sign_in(browser, base_url, slug, "admin")
    admin.get_by_role("link", name="Admin instansi").click()
    admin.get_by_role("heading", name="Formulir monitoring SOP (Tabel 7)").wait_for()
    admin.get_by_role("cell", name=re.compile(f"^{flow['sop']} ")).wait_for()
    admin.get_by_label("Tanggal").fill("2026-12-30")
    admin.get_by_label("Keterangan").fill("Hari jadi (uji peramban)")
    admin.get_by_role("button", name="Tambah hari libur kantor").click()
    admin.get_by_role("cell", name="Hari jadi (uji peramban)").wait_for()
    screenshot(admin, f"admin-{slug}")
    at_phone_width(admin, f"admin-{slug}")

    other = "lampung" if slug == "kaltim" else "kaltim"
    outsider = sign_in(browser, base_url, other, str(FLOWS[other]["staff"]))
    outsider.goto(case_url)
    outsider.get_by_text("Kasus tidak ditemukan").wait_for()

    for page in (*pages.values(), head, admin, outsider):
        unexpected = [e for e in page.console_errors if "404" not in e and "401" not in e]
        assert unexpected == [], unexpected
        page.context.close()


def _steps_this_week(head: Any) -> int:
    """The head's weekly figures table: steps completed in the current (last) week."""
    table = head.locator("details", has_text="Angka per minggu")
    empty = head.get_by_text("Belum ada data pada periode ini")
    table.or_(empty).first.wait_for()  # the figures, not the loading state
    if table.count() == 0:
        return 0  # no data in the period yet: the panel shows its empty state
    table.locator("summary").click()
    return int(table.locator("tbody tr").last.locator("td").nth(1).inner_text())


def test_tenant_admin_assigns_performers_and_submits_a_draft(
    browser: Any, base_url: str, offices: dict[str, uuid.UUID]
) -> None:
    """Kaltim 004-11 came from the book with three steps whose performers were lost: the
    tenant admin assigns them in the step table and submits it for pengesahan; submitting is
    refused by the editor until every step has one."""
    admin_api = run(login_as("kaltim", offices["kaltim"], ("tenant_admin",)))
    with httpx.Client(base_url=base_url, cookies=admin_api.cookies) as api:
        page_ = api.get("/api/catalogue/sops?q=004-11").json()
        sop_id = next(s["id"] for s in page_["items"] if s["key"] == "004-11")
    admin = sign_in(browser, base_url, "kaltim", "admin")
    admin.goto(f"{base_url}/katalog/{sop_id}")
    admin.get_by_role("heading", name=re.compile(r"^Sunting draf")).wait_for()
    submit = admin.get_by_role("button", name="Ajukan pengesahan")
    assert submit.is_disabled(), "three steps still have no performer"
    admin.get_by_text("Langkah 2 belum punya pelaksana").wait_for()
    for step in ("2", "3", "4"):
        admin.get_by_label(f"Pelaksana langkah {step}").select_option("pengelola-kepegawaian")
    assert submit.is_enabled()
    screenshot(admin, "sop-editor-kaltim")
    submit.click()
    admin.get_by_text(re.compile(r"^Versi 1 \(Menunggu pengesahan\)")).wait_for()
    assert [e for e in admin.console_errors if "404" not in e and "401" not in e] == []
    admin.context.close()


def test_supervisor_delegates_a_step_and_the_starter_cancels_the_case(
    browser: Any, base_url: str, offices: dict[str, uuid.UUID]
) -> None:
    """The Kasi delegates the current step to one named holder of a post in their Seksi (the
    only posts offered), and the staff member who started the case cancels it: the reason is
    required and the cancellation asks for a second, explicit yes."""
    flow = FLOWS["kaltim"]
    publish(base_url, "kaltim", offices["kaltim"], str(flow["sop"]), dict(flow["performers"]))
    delegate = demo("kaltim", str(flow["staff"]))
    admin_api = run(login_as("kaltim", offices["kaltim"], ("tenant_admin",)))
    with httpx.Client(base_url=base_url, cookies=admin_api.cookies) as api:
        positions = api.get("/api/org/positions?limit=200").json()["items"]
    title = next(p["title"] for p in positions if p["code"] == flow["staff"])

    staff = sign_in(browser, base_url, "kaltim", str(flow["staff"]))
    other = staff
    option = staff.get_by_label("SOP").locator("option").filter(has_text=f"{flow['sop']} —")
    option.wait_for(state="attached")
    staff.get_by_label("SOP").select_option(value=option.get_attribute("value"))
    staff.get_by_label("Perihal").fill("Uji delegasi dan pembatalan")
    staff.get_by_role("button", name="Mulai kasus").click()
    staff.wait_for_url(re.compile(r"/kasus/[0-9a-f-]+$"))
    case_url = staff.url

    kasi = sign_in(browser, base_url, "kaltim", str(flow["supervisor"]))
    kasi.goto(case_url)
    kasi.get_by_role("heading", name="Tindakan").wait_for()
    kasi.get_by_label("Pegawai tertentu (delegasi)").check()
    posts = kasi.get_by_label("Jabatan tujuan").locator("option")
    posts.filter(has_text=title).first.wait_for(state="attached")
    offered = [o for o in posts.all_inner_texts() if o.strip()]
    assert all("Seksi Pembinaan Usaha Industri" in o for o in offered), offered
    kasi.get_by_label("Jabatan tujuan").select_option(
        value=posts.filter(has_text=title).first.get_attribute("value")
    )
    person = kasi.get_by_label("Pegawai", exact=True)
    person.locator("option", has_text=delegate["name"]).wait_for(state="attached")
    person.select_option(label=delegate["name"])
    kasi.get_by_label("Alasan pengalihan").fill("Staf sedang dinas luar")
    with kasi.expect_response(lambda r: r.url.endswith("/reassign")) as answer:
        kasi.get_by_role("button", name="Alihkan").click()
    assert answer.value.ok, answer.value.text()
    kasi.get_by_text("Langkah dialihkan").wait_for()
    kasi.get_by_text(f"Dikerjakan oleh: {delegate['name']}").wait_for()
    screenshot(kasi, "case-delegated-kaltim")

    # The named person now has the step in their own list.
    other.goto(f"{base_url}/")
    mine = other.locator("section[aria-labelledby='mine-title']")
    mine.locator(f"a[href$='{case_url.rsplit('/', 1)[1]}']").first.wait_for()

    staff.goto(case_url)
    staff.get_by_text("Batalkan kasus", exact=True).first.click()
    staff.get_by_role("button", name="Batalkan kasus").click()
    staff.get_by_text("Alasan minimal 3 huruf").wait_for()
    staff.get_by_label("Alasan pembatalan").fill("Permohonan ditarik pemohon")
    staff.get_by_role("button", name="Batalkan kasus").click()
    staff.get_by_role("alertdialog").wait_for()
    with staff.expect_response(lambda r: r.url.endswith("/cancel")) as cancelled:
        staff.get_by_role("button", name="Ya, batalkan").click()
    assert cancelled.value.ok, cancelled.value.text()
    staff.locator(".facts").get_by_text("Dibatalkan").wait_for()

    for page in (staff, kasi):
        unexpected = [e for e in page.console_errors if "404" not in e and "401" not in e]
        assert unexpected == [], unexpected
        page.context.close()
