"""Day one of an office, in a real browser: the tenant admin takes an SOP straight from the book
(steps without performers, one performer column linked to no position, a decision) to
"menunggu pengesahan" — accepts the suggestions, links the column in the picker, adds a step,
fixes a decision target — the Kepala Dinas approves it on the dashboard, and staff start a
case of it. Screenshots (desktop and 390 px) go to artifacts/e2e/."""

from __future__ import annotations

import re
import uuid
from typing import Any

import pytest

from tests.e2e.conftest import screenshot
from tests.e2e.support import at_phone_width, sign_in

pytestmark = pytest.mark.e2e

# Per office: an SOP imported from the book with an unlinked column and a decision, how the
# admin links that column, the decision step (by its number) and the staff who start a case.
DAY_ONE: dict[str, dict[str, Any]] = {
    "kaltim": {
        "sop": "004-06",
        "column": "Atasan PPID Pembantu",
        "link": ("Jabatan tertentu", "Kepala Dinas"),
        "decision": 2,
        "staff": "pengelola-kepegawaian",
    },
    "lampung": {
        "sop": "003-61",
        "column": "UNIT KERJA TERKAIT",
        "link": ("Pihak luar", "Unit kerja terkait"),
        "decision": 5,
        "staff": "staf-sub-bagian-tata-usaha-bpsmb",
    },
}


def _sop_id(page: Any, base_url: str, key: str) -> str:
    found = page.request.get(f"{base_url}/api/catalogue/sops?q={key}").json()
    return str(next(s["id"] for s in found["items"] if s["key"] == key))


@pytest.mark.parametrize("slug", ["kaltim", "lampung"])
def test_a_book_sop_goes_live_on_day_one(
    browser: Any, base_url: str, offices: dict[str, uuid.UUID], slug: str
) -> None:
    plan = DAY_ONE[slug]
    admin = sign_in(browser, base_url, slug, "admin")
    sop_id = _sop_id(admin, base_url, plan["sop"])
    admin.goto(f"{base_url}/katalog/{sop_id}")
    admin.get_by_role("heading", name="Sunting draf (versi 1)").wait_for()
    # As imported, the draft cannot go live: no performers, an unlinked column.
    column = admin.get_by_role("group", name=f"Kolom pelaksana “{plan['column']}”")
    column.get_by_text("Belum ditautkan", exact=True).first.wait_for()
    screenshot(admin, f"day-one-imported-{slug}")

    # 1. Accept every suggestion (performers, and the proposed column links).
    with admin.expect_response(lambda r: "/accept-suggestions" in r.url) as answer:
        admin.get_by_role("button", name="Terima semua saran").click()
    assert answer.value.ok, answer.value.text()
    admin.get_by_text(re.compile(r"^Saran diterima untuk \d+ langkah")).wait_for()
    admin.get_by_text("disarankan").first.wait_for()  # provenance shown, never "terbaca"

    # 2. Link the column in the picker, whatever the suggestion was.
    kind, value = plan["link"]
    column.get_by_role("radio", name=kind).check()
    if kind == "Jabatan tertentu":
        column.get_by_label(f"Jabatan untuk kolom “{plan['column']}”").select_option(label=value)
    else:
        column.get_by_label(f"Pihak luar untuk kolom “{plan['column']}”").fill(value)

    # 3. Add a step after step 1, done by the column of step 1.
    admin.get_by_role("button", name="Tambah langkah sesudah langkah 1").click()
    admin.get_by_label("Kegiatan langkah 2", exact=True).fill(
        "Mencatat berkas di buku agenda (uji)"
    )
    first = admin.get_by_label("Pelaksana langkah 1", exact=True).input_value()
    admin.get_by_label("Pelaksana langkah 2", exact=True).select_option(first)

    # 4. The decision (one step further down now) sends "tidak" back to the new step.
    decision = plan["decision"] + 1
    no_target = admin.get_by_label(f"Jika tidak, langkah {decision} lanjut ke", exact=True)
    added = no_target.locator("option").filter(has_text="Langkah 2 – Mencatat berkas")
    no_target.select_option(value=added.get_attribute("value"))

    with admin.expect_response(lambda r: r.url.endswith("/document")) as saved:
        admin.get_by_role("button", name="Simpan draf").click()
    assert saved.value.ok, saved.value.text()
    admin.get_by_text("Draf tersimpan").wait_for()
    admin.get_by_role("button", name="Validasi").click()
    admin.get_by_text("Validasi server: tidak ada masalah, draf siap diterbitkan.").wait_for()
    # The office requires pengesahan: there is no direct "Terbitkan".
    assert admin.get_by_role("button", name="Terbitkan").count() == 0
    at_phone_width(admin, f"day-one-editor-{slug}")
    admin.get_by_role("button", name="Ajukan pengesahan").click()
    admin.get_by_text(
        re.compile(r"menunggu pengesahan Kepala Dinas; versi ini tidak dapat")
    ).wait_for()
    admin.get_by_text(re.compile(r"^Versi 1 \(Menunggu pengesahan\)")).wait_for()
    screenshot(admin, f"day-one-submitted-{slug}")

    # 5. The Kepala Dinas sees it waiting on the dashboard, compares, and approves.
    head = sign_in(browser, base_url, slug, "kepala-dinas")
    panel = head.get_by_role("region", name="Menunggu pengesahan")
    item = panel.get_by_role("listitem").filter(has_text=plan["sop"])
    item.wait_for()
    screenshot(head, f"day-one-approval-{slug}")
    at_phone_width(head, f"day-one-approval-{slug}")
    item.get_by_role("button", name="Setujui").click()
    panel.get_by_text(f"SOP {plan['sop']} disahkan dan kini berlaku.").wait_for()
    detail = head.request.get(f"{base_url}/api/catalogue/sops/{sop_id}").json()
    signed = next(v for v in detail["versions"] if v["status"] == "published")["document"]
    assert signed["identity"]["disahkan_oleh"]["provenance"] == "edited"
    assert signed["identity"]["disahkan_oleh"]["name"]
    assert signed["identity"]["tanggal_efektif"]["date"]

    # 6. Staff of the owning unit start a case of it.
    staff = sign_in(browser, base_url, slug, plan["staff"])
    option = staff.get_by_label("SOP").locator("option").filter(has_text=f"{plan['sop']} —")
    option.wait_for(state="attached")
    staff.get_by_label("SOP").select_option(value=option.get_attribute("value"))
    staff.get_by_label("Perihal").fill(f"Uji hari pertama {slug}")
    staff.get_by_role("button", name="Mulai kasus").click()
    staff.wait_for_url(re.compile(r"/kasus/[0-9a-f-]+$"))
    staff.get_by_role("heading", name=re.compile(f"^Kasus {slug.upper()}-")).wait_for()
    screenshot(staff, f"day-one-case-{slug}")
    for page in (admin, head, staff):
        page.context.close()
