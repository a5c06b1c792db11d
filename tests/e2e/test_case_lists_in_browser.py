"""Finding and understanding cases in a real browser, per office: staff find the case they
handed on and one they cancelled by searching the perihal; the leader's "Tidak" note and a
return reason stand on the case page (the checklist of every step) and in the staff member's
notification; decision buttons name where they lead. In Lampung a step meant for an empty
post goes to the post above, with the notice on the case and to the starter. Screenshots at
desktop and 390 px go to artifacts/e2e/."""

from __future__ import annotations

import datetime as dt
import os
import re
import uuid
from typing import Any

import asyncpg
import pytest

from tests.e2e.conftest import screenshot
from tests.e2e.support import act, at_phone_width, demo, publish, run, sign_in

pytestmark = pytest.mark.e2e

# Per office: the SOP, performers the book lost, the staff member's steps before handing on,
# who decides "tidak" (back to the step before), and the step they then return to.
FLOWS: dict[str, dict[str, Any]] = {
    "kaltim": {
        "sop": "000-11",
        "performers": {1: "pelaksana-staf", 2: "kasi", 3: "kasi"},
        "staff": "staf-seksi-pembinaan-usaha-industri",
        "leader": "kasi-pembinaan-usaha-industri",
        "staff_steps": 1,
        "leader_steps": 2,  # steps 2 and 3, then the decision at 4 ("tidak" -> 3)
        "return_to": "1. ",
    },
    "lampung": {
        "sop": "003-03",
        "performers": {},
        "staff": "staf-sub-bagian-umum-dan-kepegawaian",
        "leader": "kepala-dinas",
        "between": "sekretaris",  # step 4, before the head's decision at 5 ("tidak" -> 4)
        "staff_steps": 3,
        "leader_steps": 0,
        "return_to": "3. ",
    },
}


def _start(page: Any, base_url: str, sop: str, subject: str) -> str:
    page.goto(f"{base_url}/")
    option = page.get_by_label("SOP").locator("option").filter(has_text=f"{sop} —")
    option.wait_for(state="attached")
    page.get_by_label("SOP").select_option(value=option.get_attribute("value"))
    page.get_by_label("Perihal").fill(subject)
    page.get_by_role("button", name="Mulai kasus").click()
    page.wait_for_url(re.compile(r"/kasus/[0-9a-f-]+$"))
    page.get_by_role("heading", name="Tindakan").wait_for()
    return str(page.url)


def _complete(page: Any, url: str, times: int) -> None:
    for _ in range(times):
        page.goto(url)
        page.get_by_role("heading", name="Tindakan").wait_for()
        act(page, "complete")


@pytest.mark.parametrize("slug", ["kaltim", "lampung"])
def test_staff_find_their_cases_and_read_why_one_came_back(
    browser: Any, base_url: str, offices: dict[str, uuid.UUID], slug: str
) -> None:
    flow = FLOWS[slug]
    publish(base_url, slug, offices[slug], flow["sop"], flow["performers"])
    tag = uuid.uuid4().hex[:6]
    staff = sign_in(browser, base_url, slug, flow["staff"])
    leader = sign_in(browser, base_url, slug, flow["leader"])

    url = _start(staff, base_url, flow["sop"], f"Permohonan arsip {tag} Koperasi Maju Bersama")
    _complete(staff, url, flow["staff_steps"])
    if "between" in flow:
        _complete(sign_in(browser, base_url, slug, flow["between"]), url, 1)
    _complete(leader, url, flow["leader_steps"])

    # The decision buttons say where each answer leads; "Tidak" with a note.
    leader.goto(url)
    no = leader.get_by_role("button", name=re.compile(r"^Tidak → \d+\. "))
    no.wait_for()
    leader.get_by_role("button", name=re.compile(r"^Ya → ")).wait_for()
    leader.get_by_label("Catatan hasil").fill(f"Lampiran belum lengkap {tag}")
    act(leader, "Tidak")
    # Back with the one who decided (or the post before): return it to the staff's step.
    returner = leader if slug == "kaltim" else sign_in(browser, base_url, slug, flow["between"])
    returner.goto(url)
    returner.get_by_role("heading", name="Tindakan").wait_for()
    target = (
        returner.get_by_label("Langkah", exact=True)
        .locator("option")
        .filter(has_text=re.compile(f"^{re.escape(flow['return_to'])}"))
    )
    target.wait_for(state="attached")
    returner.get_by_label("Langkah", exact=True).select_option(value=target.get_attribute("value"))
    returner.get_by_label("Alasan pengembalian").fill(f"Mohon lengkapi surat {tag}")
    with returner.expect_response(lambda r: r.url.endswith("/return")) as answer:
        returner.get_by_role("button", name="Kembalikan", exact=True).click()
    assert answer.value.ok, answer.value.text()

    # A second case, cancelled: closed cases are found too.
    other = _start(staff, base_url, flow["sop"], f"Permohonan batal {tag}")
    staff.goto(other)
    staff.locator("summary").filter(has_text="Batalkan kasus").click()
    staff.get_by_label("Alasan pembatalan").fill("Pemohon menarik berkas")
    staff.get_by_role("button", name="Batalkan kasus").click()
    staff.get_by_role("button", name="Ya, batalkan").click()
    staff.locator(".facts").get_by_text("Dibatalkan").wait_for()

    # Kasus saya: search the perihal.
    staff.get_by_role("navigation", name="Navigasi utama").get_by_role("link", name="Kasus").click()
    staff.get_by_role("heading", name="Kasus", exact=True).wait_for()
    staff.get_by_role("searchbox").fill(f"arsip {tag}")
    staff.get_by_role("button", name="Cari").click()
    staff.get_by_text("1 kasus", exact=True).wait_for()
    staff.locator(".case-row").get_by_text(f"Permohonan arsip {tag}", exact=False).wait_for()
    screenshot(staff, f"cases-{slug}")
    at_phone_width(staff, f"cases-{slug}")
    staff.get_by_role("searchbox").fill(f"batal {tag}")
    staff.get_by_label("Status").select_option("cancelled")
    staff.get_by_role("button", name="Cari").click()
    staff.locator(".case-row").get_by_text("Alasan pembatalan: Pemohon menarik berkas").wait_for()

    # The case page: every step, the note and the reason, in words.
    staff.get_by_role("searchbox").fill(f"arsip {tag}")
    staff.get_by_label("Status").select_option("")
    staff.get_by_role("button", name="Cari").click()
    staff.locator(".case-row a").first.click()
    staff.wait_for_url(url)
    checklist = staff.get_by_role("list", name="Langkah dan waktunya")
    checklist.get_by_text(f"Catatan: Lampiran belum lengkap {tag}").wait_for()
    checklist.get_by_text(f"Alasan pengembalian: Mohon lengkapi surat {tag}").wait_for()
    staff.locator(".audit").get_by_text(re.compile("memutuskan langkah \\d+: Tidak")).wait_for()
    assert "case.started" not in staff.locator(".audit").inner_text()
    screenshot(staff, f"case-checklist-{slug}")
    at_phone_width(staff, f"case-checklist-{slug}")

    # The notification gives the reason and opens the case.
    staff.locator(".bell > summary").click()
    note = staff.locator("li").filter(has_text=f"Alasan: Mohon lengkapi surat {tag}").first
    note.wait_for()
    screenshot(staff, f"notification-reason-{slug}")
    at_phone_width(staff, f"notification-reason-{slug}")
    note.get_by_role("link").click()
    staff.wait_for_url(url)


async def _set_term_end(tenant_id: uuid.UUID, sql: str, *args: Any) -> list[uuid.UUID]:
    conn = await asyncpg.connect(os.environ["ALUR_DATABASE_OWNER_URL"])
    try:
        async with conn.transaction():
            await conn.execute("select set_config('app.tenant_id', $1, true)", str(tenant_id))
            return [r["id"] for r in await conn.fetch(sql, *args)]
    finally:
        await conn.close()


VACATE = (
    "update position_holders set ends_on = $2 where ends_on is null and position_id ="
    " (select id from org_positions where code = $1) returning id"
)
RESTORE = "update position_holders set ends_on = null where id = any($1::uuid[]) returning id"


VACANCIES = {
    # slug: SOP, performers, starter, the emptied post, the starter's steps before it, the
    # post above it (signed in first, so it is held), how the notice names it
    "lampung": (
        "003-02",
        {},
        "staf-sub-bagian-umum-dan-kepegawaian",
        "kasubbag-umum-dan-kepegawaian",
        2,
        "sekretaris",
        "Sekretaris",
    ),
    "kaltim": (
        "000-11",
        {1: "pelaksana-staf", 2: "kasi", 3: "kasi"},
        "staf-seksi-pembinaan-usaha-industri",
        "kasi-pembinaan-usaha-industri",
        1,
        "kabid-industri",
        "Kepala Bidang",
    ),
}


@pytest.mark.parametrize("slug", ["lampung", "kaltim"])
def test_a_step_for_an_empty_post_reaches_the_post_above_with_a_notice(
    browser: Any, base_url: str, offices: dict[str, uuid.UUID], slug: str
) -> None:
    """With nobody in the post a step belongs to, the step goes to the nearest held post
    above it; the case says so and the starter is told."""
    sop, performers, starter, post, before, above, named = VACANCIES[slug]
    publish(base_url, slug, offices[slug], sop, performers)
    sign_in(browser, base_url, slug, above).context.close()
    staff = sign_in(browser, base_url, slug, starter)
    yesterday = dt.datetime.now(dt.UTC).date() - dt.timedelta(days=2)
    ended = run(_set_term_end(offices[slug], VACATE, post, yesterday))
    try:
        url = _start(staff, base_url, sop, f"Surat pos kosong {uuid.uuid4().hex[:6]}")
        _complete(staff, url, before)
        staff.goto(url)
        notice = staff.get_by_role("note")
        notice.get_by_text(re.compile(f"kosong, diteruskan ke {named}")).wait_for()
        screenshot(staff, f"case-vacant-{slug}")
        at_phone_width(staff, f"case-vacant-{slug}")
        staff.locator(".bell > summary").click()
        staff.locator("li").filter(has_text="Posisi kosong").first.wait_for()
    finally:
        run(_set_term_end(offices[slug], RESTORE, ended))


def test_a_leader_delegates_within_reach_and_the_task_leaves_their_list(
    browser: Any, base_url: str, offices: dict[str, uuid.UUID]
) -> None:
    """Lampung 003-02 step 3 waits on the Kasubbag Umum, who delegates it to a staff member
    of the Sub Bagian: only posts of their own unit are offered; the task leaves their
    "Tugas saya" and the case says to whom it went."""
    publish(base_url, "lampung", offices["lampung"], "003-02", {})
    # Signing in first gives the Kasubbag their post (from the IdP's groups), so step 3
    # reaches them rather than going past an empty post.
    kasub = sign_in(browser, base_url, "lampung", "kasubbag-umum-dan-kepegawaian")
    staff = sign_in(browser, base_url, "lampung", "staf-sub-bagian-umum-dan-kepegawaian")
    url = _start(staff, base_url, "003-02", f"Surat delegasi {uuid.uuid4().hex[:6]}")
    _complete(staff, url, 2)
    kasub.goto(url)
    kasub.get_by_label("Pegawai tertentu (delegasi)").check()
    posts = kasub.get_by_label("Jabatan tujuan").locator("option")
    posts.nth(1).wait_for(state="attached")
    offered = [o for o in posts.all_inner_texts() if o.strip()]
    assert offered, "posts within reach are offered"
    assert all("Sub Bagian Umum dan Kepegawaian" in o for o in offered), offered
    kasub.get_by_label("Cari jabatan, unit, atau nama").fill("Staf")
    staf_post = posts.filter(has_text=re.compile("^Staf"))
    kasub.get_by_label("Jabatan tujuan").select_option(value=staf_post.first.get_attribute("value"))
    person = kasub.get_by_label("Pegawai", exact=True).locator("option").nth(1)
    person.wait_for(state="attached")
    kasub.get_by_label("Pegawai", exact=True).select_option(value=person.get_attribute("value"))
    kasub.get_by_label("Alasan pengalihan").fill("Mohon diproses")
    with kasub.expect_response(lambda r: r.url.endswith("/reassign")) as answer:
        kasub.get_by_role("button", name="Alihkan").click()
    assert answer.value.ok, answer.value.text()
    kasub.get_by_text(re.compile("^didelegasikan kepada .+: Mohon diproses$")).wait_for()
    screenshot(kasub, "case-delegated-lampung")
    at_phone_width(kasub, "case-delegated-lampung")
    number = kasub.get_by_role("heading", name=re.compile("^Kasus LAMPUNG-")).inner_text()
    kasub.goto(f"{base_url}/")
    mine = kasub.get_by_role("region", name=re.compile(r"^Tugas saya"))
    mine.wait_for()
    assert mine.get_by_role("link", name=number.removeprefix("Kasus ").strip()).count() == 0


APPOINT_SQL = {
    "aside": "update users set subject = $2 || subject, nip = left($2 || nip, 32) where nip = $1"
    " returning id",
    "back": "update users set subject = substr(subject, $2 + 1), nip = $3 where id = any($1::uuid[])",
    "gone": "update users set nip = left('gone' || id::text, 32), subject = 'gone-' || id,"
    " active = false where id = any($1::uuid[]) returning id",
    "unheld": "delete from position_holders where user_id = any($1::uuid[])",
}


APPOINTMENTS = {
    # slug: SOP, performers, starter, the post, the starter's steps before it, the units
    # opened in the org tree to reach it, the post's title
    "lampung": (
        "003-02",
        {},
        "staf-sub-bagian-umum-dan-kepegawaian",
        "kasubbag-umum-dan-kepegawaian",
        2,
        ("Sekretariat", "Sub Bagian Umum dan Kepegawaian"),
        "Kepala Sub Bagian Umum dan Kepegawaian",
    ),
    "kaltim": (
        "000-11",
        {1: "pelaksana-staf", 2: "kasi", 3: "kasi"},
        "staf-seksi-pembinaan-usaha-industri",
        "kasi-pembinaan-usaha-industri",
        1,
        ("Bidang Industri", "Seksi Pembinaan Usaha Industri"),
        "Kepala Seksi Pembinaan Usaha Industri",
    ),
}


@pytest.mark.parametrize("slug", ["lampung", "kaltim"])
def test_a_person_appointed_by_nip_signs_in_and_finds_the_task_waiting(
    browser: Any, base_url: str, offices: dict[str, uuid.UUID], slug: str
) -> None:
    """The tenant admin adds a post's holder by NIP before their first sign-in (the demo
    account is moved aside so the IdP's login is new to Alur) and appoints them, the Kepala
    Dinas approving; a case reaches the post; the person's first sign-in lands on the task
    waiting for them."""
    sop, performers, starter, post, before, units, title = APPOINTMENTS[slug]
    tid = offices[slug]
    person = demo(slug, post)
    aside = f"x{uuid.uuid4().hex[:6]}-"
    moved = run(_set_term_end(tid, APPOINT_SQL["aside"], person["nip"], aside))
    ended = run(
        _set_term_end(tid, VACATE, post, dt.datetime.now(dt.UTC).date() - dt.timedelta(days=2))
    )
    added: list[uuid.UUID] = []
    try:
        publish(base_url, slug, tid, sop, performers)
        admin = sign_in(browser, base_url, slug, "admin")
        admin.get_by_role("link", name="Admin instansi").click()
        admin.get_by_role("link", name="Struktur organisasi dan pemegang jabatan").click()
        tree = admin.get_by_role("tree", name="Unit kerja")
        for name in units:
            tree.locator(".org-tree-name").get_by_text(name, exact=True).click()
        card = admin.get_by_role("article", name=title, exact=True)
        card.get_by_role("button", name=f"Tambah pemegang jabatan {title}").click()
        form = card.get_by_role("form", name=f"Tambah pemegang jabatan {title}")
        form.get_by_text("Belum terdaftar di Alur? Tambah dengan NIP").click()
        form.get_by_label("NIP", exact=True).fill(person["nip"])
        form.get_by_label("Nama lengkap").fill("Calon Pejabat Baru")
        with admin.expect_response(lambda r: r.url.endswith("/api/users")) as created:
            form.get_by_role("button", name="Tambah pegawai").click()
        assert created.value.status == 201, created.value.text()
        added.append(uuid.UUID(created.value.json()["id"]))
        form.get_by_text("Calon Pejabat Baru ditambahkan dan dipilih").wait_for()
        form.get_by_role("radio", name="Definitif", exact=True).check()
        with admin.expect_response(lambda r: r.url.endswith("/holders")) as saved:
            form.get_by_role("button", name="Simpan pemegang jabatan").click()
        # The post leads a unit, above the admin's own reach: the Kepala Dinas approves.
        assert saved.value.status == 202, saved.value.text()
        card.get_by_text(re.compile("dikirim ke Kepala Dinas")).wait_for()
        screenshot(admin, f"org-appointed-by-nip-{slug}")
        at_phone_width(admin, f"org-appointed-by-nip-{slug}")  # axe on the org page too
        head = sign_in(browser, base_url, slug, "kepala-dinas")
        panel = head.get_by_role("region", name="Usulan pengangkatan")
        item = panel.get_by_role("listitem").filter(has_text="Calon Pejabat Baru")
        with head.expect_response(lambda r: r.url.endswith("/approve")) as approved:
            item.get_by_role("button", name="Setujui").click()
        assert approved.value.status == 200, approved.value.text()
        head.context.close()

        staff = sign_in(browser, base_url, slug, starter)
        url = _start(staff, base_url, sop, f"Menunggu pegawai baru {aside}")
        _complete(staff, url, before)

        newcomer = sign_in(browser, base_url, slug, post)
        mine = newcomer.get_by_role("region", name=re.compile(r"^Tugas saya"))
        mine.locator(f"a[href$='{url.rsplit('/', 1)[1]}']").first.wait_for()
        screenshot(newcomer, f"dashboard-newcomer-{slug}")
        at_phone_width(newcomer, f"dashboard-newcomer-{slug}")
    finally:
        run(_set_term_end(tid, APPOINT_SQL["unheld"] + " returning id", added))
        run(_set_term_end(tid, APPOINT_SQL["gone"], added))
        run(
            _set_term_end(
                tid, APPOINT_SQL["back"] + " returning id", moved, len(aside), person["nip"]
            )
        )
        run(_set_term_end(tid, RESTORE, ended))
