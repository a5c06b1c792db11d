"""The tenant admin's catalogue screens in a real browser, for each office: a new draft of a
published SOP gets another waktu and output for one step in the step editor, is validated by
the server, submitted and approved by the Kepala Dinas, and the comparison of the two versions shows the changed waktu.
Then an SOP book from tenants/kaltim/books is imported through the catalogue page and its
warnings reviewed. Screenshots go to artifacts/e2e/."""

from __future__ import annotations

import os
import re
import uuid
from pathlib import Path
from typing import Any

import asyncpg
import pytest

from tests.e2e.conftest import screenshot
from tests.e2e.support import publish, run, sign_in

pytestmark = pytest.mark.e2e

# Kaltim, Bidang Industri: 11 SOPs
BOOK = Path(__file__).resolve().parents[2] / "tenants/kaltim/books/000_20d4938a30053410.txt"

# Per office: an SOP, the performers its admin assigns where the book lost them (none for a
# Lampung SOP that validates as imported), the step edited and its waktu in the book.
EDITS: dict[str, dict[str, Any]] = {
    "kaltim": {
        "sop": "004-11",
        "performers": {
            2: "pengelola-kepegawaian",
            3: "pengelola-kepegawaian",
            4: "pengelola-kepegawaian",
        },
        "step": "2",
        "waktu_before": "1 Jam",
    },
    "lampung": {"sop": "003-02", "performers": {}, "step": "2", "waktu_before": "5 menit"},
}


def unexpected_errors(page: Any) -> list[str]:
    return [e for e in page.console_errors if "404" not in e and "401" not in e]


@pytest.mark.parametrize("slug", ["kaltim", "lampung"])
def test_tenant_admin_edits_waktu_publishes_and_compares_versions(
    browser: Any, base_url: str, offices: dict[str, uuid.UUID], slug: str
) -> None:
    edit = EDITS[slug]
    step = edit["step"]
    sop_id = publish(base_url, slug, offices[slug], edit["sop"], edit["performers"])
    admin = sign_in(browser, base_url, slug, "admin")
    admin.goto(f"{base_url}/katalog/{sop_id}")
    admin.get_by_text("Versi 1 (Berlaku)").wait_for()

    admin.get_by_role("button", name="Buat draf dari versi terbit").click()
    admin.get_by_role("heading", name="Sunting draf (versi 2)").wait_for()
    waktu = admin.get_by_label(f"Waktu langkah {step}", exact=True)
    assert waktu.input_value() == edit["waktu_before"]
    waktu.fill("1-2 hari")
    admin.get_by_text("Terbaca: 1–2 hari kerja").wait_for()
    admin.get_by_label(f"Output langkah {step}", exact=True).fill("Berkas diperiksa (uji)")

    # The step editor fits a phone's width.
    admin.set_viewport_size({"width": 375, "height": 800})
    editor = admin.locator("#penyunting-langkah")
    width = editor.evaluate("el => el.scrollWidth <= el.clientWidth && el.clientWidth <= 375")
    assert width, "the step editor overflows at 375 px"
    screenshot(admin, f"catalogue-editor-phone-{slug}")
    admin.set_viewport_size({"width": 1280, "height": 800})

    admin.get_by_role("button", name="Validasi").click()
    admin.get_by_text("Validasi server: tidak ada masalah, draf siap diterbitkan.").wait_for()
    # The office requires pengesahan: the admin submits, the Kepala Dinas approves.
    admin.get_by_role("button", name="Ajukan pengesahan").click()
    admin.get_by_text(
        re.compile(r"menunggu pengesahan Kepala Dinas; versi ini tidak dapat")
    ).wait_for()
    head = sign_in(browser, base_url, slug, "kepala-dinas")
    item = (
        head.get_by_role("region", name="Menunggu pengesahan")
        .get_by_role("listitem")
        .filter(has_text=edit["sop"])
    )
    item.get_by_role("button", name="Setujui").click()
    head.get_by_text(f"SOP {edit['sop']} disahkan dan kini berlaku.").wait_for()
    head.context.close()
    admin.reload()
    admin.get_by_text("Versi 2 (Berlaku)").wait_for()

    admin.get_by_role("button", name="Bandingkan versi").click()
    assert (
        admin.get_by_label("Versi awal").input_value()
        != admin.get_by_label("Versi pembanding").input_value()
    )
    table = admin.get_by_role("table", name=re.compile(r"^Perbedaan Versi 1"))
    row = table.get_by_role("row").filter(
        has=admin.get_by_role("rowheader", name=f"Langkah {step} · Waktu", exact=True)
    )
    row.wait_for()
    cells = row.get_by_role("cell").all_inner_texts()
    assert cells == [edit["waktu_before"], "1-2 hari"], cells
    table.get_by_role("rowheader", name=f"Langkah {step} · Output", exact=True).wait_for()
    assert "Berkas diperiksa (uji)" in table.inner_text()
    screenshot(admin, f"catalogue-diff-{slug}")
    assert unexpected_errors(admin) == []
    admin.context.close()


async def remove_sops(tenant_id: uuid.UUID, key_prefix: str) -> int:
    """The catalogue fixture puts versions back but keeps SOP rows: remove what an import
    created under `key_prefix`, with its versions."""
    conn = await asyncpg.connect(os.environ["ALUR_DATABASE_OWNER_URL"])
    try:
        async with conn.transaction():
            await conn.execute("select set_config('app.tenant_id', $1, true)", str(tenant_id))
            rows = await conn.fetch(
                "select id from catalogue_sops where key like $1", f"{key_prefix}%"
            )
            ids = [r["id"] for r in rows]
            await conn.execute("delete from catalogue_versions where sop_id = any($1::uuid[])", ids)
            await conn.execute("delete from catalogue_sops where id = any($1::uuid[])", ids)
            return len(ids)
    finally:
        await conn.close()


def import_book(admin: Any, name: str, data: bytes) -> Any:
    admin.get_by_label("Berkas teks buku SOP").set_input_files(
        {"name": name, "mimeType": "text/plain", "buffer": data}
    )
    with admin.expect_response(lambda r: "/api/catalogue/import-book" in r.url) as answer:
        admin.get_by_role("button", name="Impor buku", exact=True).click()
    assert answer.value.status == 201, answer.value.text()
    review = admin.get_by_role("region", name=f"Hasil impor {name}")
    review.wait_for()
    return review


def test_tenant_admin_imports_a_book_and_reviews_its_warnings(
    browser: Any, base_url: str, offices: dict[str, uuid.UUID]
) -> None:
    """Kaltim's Bidang Industri book: as itself every SOP is already in the catalogue and is
    skipped; under another name its SOPs become drafts, each with the importer's warnings,
    most about steps without a performer, which link to the step editor."""
    data = BOOK.read_bytes()
    admin = sign_in(browser, base_url, "kaltim", "admin")
    try:
        admin.goto(f"{base_url}/katalog")
        admin.get_by_role("button", name="Impor buku SOP").click()

        review = import_book(admin, BOOK.name, data)
        review.get_by_text("0 SOP baru sebagai draf, 11 sudah ada dan dilewati").wait_for()
        review.get_by_text("Tidak ada SOP baru").wait_for()
        review.get_by_role("link", name=re.compile(r"^000-01 — ")).wait_for()

        review = import_book(admin, "uji_000.txt", data)
        review.get_by_text(re.compile(r"^11 SOP baru sebagai draf, 0 sudah ada")).wait_for()
        first = review.get_by_role("link", name=re.compile(r"^uji-000-01 — Verifikasi Teknis"))
        first.wait_for()
        review.get_by_text(
            re.compile(r"^8 dari 8 langkah tidak memiliki pelaksana")
        ).first.wait_for()
        review.get_by_text(re.compile(r"^Judul di daftar isi .* berbeda")).wait_for()
        review.get_by_text("Pelaksana menurut impor").first.click()
        review.get_by_role("columnheader", name="Dipetakan ke").wait_for()
        review.get_by_text("8 dari 8 langkah belum punya pelaksana.").wait_for()
        screenshot(admin, "catalogue-import-kaltim")

        review.get_by_role("link", name="Tetapkan pelaksana di penyunting langkah").first.click()
        editor = admin.get_by_role("heading", name="Sunting draf (versi 1)")
        editor.wait_for()
        assert editor.evaluate("el => el === document.activeElement")
        admin.get_by_text("Langkah 1 belum punya pelaksana").wait_for()
        assert admin.get_by_role("button", name="Ajukan pengesahan").is_disabled()
        assert unexpected_errors(admin) == []
    finally:
        admin.context.close()
        run(remove_sops(offices["kaltim"], "uji-"))
