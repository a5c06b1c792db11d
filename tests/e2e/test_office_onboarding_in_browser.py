"""A platform admin onboards a third office in a real browser, with no restart of anything:
creates it, connects the IdP issuer the dev IdP serves for it, imports a book, accepts the org
skeleton proposed from it and names a tenant admin; who then opens Alur on the office's own
host name, signs in through the office's IdP and publishes an SOP."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from typing import Any

import asyncpg
import pytest

from tests.e2e.conftest import CHROMIUM_ARGS, PLATFORM_ADMIN, ROOT, screenshot
from tests.e2e.support import at_phone_width, run, tenants
from tests.isolation.harness import login_as
from tests.offices import SPARE_ADMIN_NIP, SPARE_HOST, SPARE_SLUG, purge_office

pytestmark = pytest.mark.e2e
BOOK = ROOT / "tenants" / "kaltim" / "books" / "001_c1d392d4acc0acf2.txt"


async def _purge() -> None:
    conn = await asyncpg.connect(os.environ["ALUR_DATABASE_OWNER_URL"])
    try:
        await purge_office(conn, SPARE_SLUG)
    finally:
        await conn.close()


@pytest.fixture
def host_browser() -> Iterator[Any]:
    """Chromium resolving the office's host name to this machine, as its DNS would."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path="/usr/bin/chromium",
            args=[*CHROMIUM_ARGS, f"--host-resolver-rules=MAP {SPARE_HOST} 127.0.0.1"],
        )
        run(_purge())
        yield browser
        browser.close()
        run(_purge())


def _platform_admin(browser: Any, base_url: str) -> Any:
    ids = run(tenants())
    admin = run(login_as("kaltim", ids["kaltim"], (), user_id=PLATFORM_ADMIN))
    context = browser.new_context(locale="id-ID")
    context.add_cookies(
        [
            {"name": name, "value": value, "url": base_url}
            for name, value in {
                **admin.cookies,
                "alur_csrf": next(iter(admin.headers.values())),
            }.items()
        ]
    )
    return context.new_page()


def test_a_platform_admin_onboards_an_office_whose_admin_then_publishes(
    host_browser: Any, base_url: str
) -> None:
    page = _platform_admin(host_browser, base_url)
    page.goto(f"{base_url}/platform")
    page.get_by_role("link", name="Tambah instansi").click()
    page.get_by_label("Nama lengkap instansi").fill(
        "Dinas Perindustrian dan Perdagangan Provinsi Papua"
    )
    page.get_by_label("Nama singkat").fill("Disperindag Papua")
    page.get_by_label("Kode instansi").fill(SPARE_SLUG)
    page.get_by_label("Provinsi").fill("Papua")
    page.get_by_label("Zona waktu kantor").select_option("Asia/Jayapura")
    page.get_by_label("Nama host (opsional)").fill(SPARE_HOST)
    page.get_by_label("SOP berlaku setelah disahkan Kepala Dinas di Alur (pengesahan)").uncheck()
    screenshot(page, "office-onboarding-create")
    page.get_by_role("button", name="Buat instansi").click()
    page.wait_for_url(f"{base_url}/platform/instansi/{SPARE_SLUG}")
    page.get_by_role(
        "heading", name="Dinas Perindustrian dan Perdagangan Provinsi Papua"
    ).wait_for()

    # 1. The IdP: a wrong issuer is refused in words, the right one connects.
    page.get_by_label("Issuer (URL penyedia identitas)").fill("http://127.0.0.1:9/tidak-ada")
    page.get_by_label("Client secret").fill(os.environ["ALUR_DEV_SPARE_CLIENT_SECRET"])
    page.get_by_role("button", name="Periksa dan hubungkan").click()
    page.get_by_text(re.compile(r"^discovery gagal: ")).wait_for()
    page.get_by_label("Issuer (URL penyedia identitas)").fill(os.environ["ALUR_DEV_SPARE_ISSUER"])
    page.get_by_role("button", name="Periksa dan hubungkan").click()
    page.get_by_text(re.compile(r"^Terhubung: discovery")).wait_for()
    assert page.get_by_label("Client secret").input_value() == ""
    page.get_by_text(re.compile(r"^Secret sudah tersimpan")).wait_for()

    # 2. A book becomes drafts; 3. the org proposed from it is accepted.
    page.get_by_label("Unggah buku SOP (teks .txt)").set_input_files(str(BOOK))
    page.get_by_text(re.compile(r": 10 SOP menjadi draf")).wait_for()
    page.get_by_role("button", name="Usulkan struktur dari buku").click()
    page.get_by_role("table", name="Unit").get_by_text("Sub Bagian Perencanaan").first.wait_for()
    screenshot(page, "office-onboarding-skeleton")
    page.get_by_role("button", name=re.compile(r"^Terima struktur")).click()
    page.get_by_text(re.compile(r"^Struktur tersimpan: \d+ unit")).wait_for()

    # 4. The first tenant admin, by NIP.
    page.get_by_label("NIP").fill(SPARE_ADMIN_NIP)
    page.get_by_label("Nama", exact=True).fill("Yohana Wenda")
    page.get_by_role("button", name="Tetapkan sebagai admin instansi").click()
    page.get_by_text(f"Yohana Wenda · {SPARE_ADMIN_NIP} · menunggu masuk pertama").wait_for()
    screenshot(page, "office-onboarding-setup")
    at_phone_width(page, "office-onboarding-setup")

    # The office's admin, on the office's own host, through its own IdP.
    office_url = f"http://{SPARE_HOST}:{base_url.rsplit(':', 1)[1]}"
    staff = host_browser.new_context(locale="id-ID").new_page()
    staff.goto(f"{office_url}/login")
    staff.get_by_role("link", name=re.compile(r"^Masuk dengan SSO .*Papua$")).click()
    staff.wait_for_url(f"{os.environ['ALUR_DEV_SPARE_ISSUER']}/**")
    staff.get_by_label("NIP atau email").fill(SPARE_ADMIN_NIP)
    staff.get_by_label("Kata sandi").fill(os.environ.get("ALUR_DEMO_PASSWORD", "demo"))
    staff.get_by_role("button", name="Masuk").click()
    staff.wait_for_url(f"{office_url}/")
    staff.get_by_text("Selamat datang, Yohana Wenda").wait_for()

    staff.get_by_role("link", name="Katalog SOP").click()
    staff.get_by_role("link", name=re.compile("Manajemen Risiko")).first.click()
    staff.get_by_role("heading", name="Sunting draf (versi 1)").wait_for()
    # The performers the org (accepted from the books) suggests, taken as a tenant admin does.
    staff.get_by_role("button", name="Terima semua saran").click()
    staff.get_by_text(re.compile(r"^Saran diterima untuk \d+ langkah")).wait_for()
    screenshot(staff, "office-onboarding-draft")
    staff.get_by_role("button", name="Terbitkan").click()
    staff.get_by_role("button", name="Ya, terbitkan").click()
    staff.get_by_text(re.compile(r"^Versi 1 diterbitkan dan kini berlaku")).wait_for()
    screenshot(staff, "office-onboarding-published")

    page.reload()
    page.get_by_text("Yohana Wenda · " + SPARE_ADMIN_NIP + " · sudah masuk").wait_for()
