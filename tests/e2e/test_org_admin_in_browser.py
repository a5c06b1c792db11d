"""The tenant admin's org structure screen in a real browser, for each office: from the admin
page to /admin/organisasi, the unit tree down to a Kasubbag's position, an end date before the
start refused in the form (nothing sent, nothing saved), a demo user appointed Plt for a date
range and listed as Plt, then called off after a confirmation and gone; a serving holder
ended on a chosen last day and kept on record as ended. Holders the test added are
removed through the API afterwards whatever happens. Screenshot: artifacts/e2e/org-<slug>.png."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import httpx
import pytest

from tests.e2e.conftest import screenshot
from tests.e2e.support import at_phone_width, demo, run, sign_in, tenants
from tests.isolation.harness import login_as

pytestmark = pytest.mark.e2e

# Per office: the units to click down the tree, the position, and the demo user made Plt.
OFFICES = {
    "kaltim": {
        "path": ["Sekretariat", "Sub Bagian Umum"],
        "position": "kasubbag-umum",
        "title": "Kepala Sub Bagian Umum",
        "appointee": "pengelola-kepegawaian",
    },
    "lampung": {
        "path": ["Sekretariat", "Sub Bagian Umum dan Kepegawaian"],
        "position": "kasubbag-umum-dan-kepegawaian",
        "title": "Kepala Sub Bagian Umum dan Kepegawaian",
        "appointee": "staf-sub-bagian-umum-dan-kepegawaian",
    },
}


def holder_ids(api: httpx.Client, position_id: str) -> set[str]:
    answer = api.get(f"/api/org/positions/{position_id}/holders")
    assert answer.status_code == 200, answer.text
    return {h["id"] for h in answer.json()}


@pytest.mark.parametrize("slug", ["kaltim", "lampung"])
def test_tenant_admin_appoints_and_ends_a_plt(browser: Any, base_url: str, slug: str) -> None:
    office = OFFICES[slug]
    appointee = demo(slug, str(office["appointee"]))
    # People exist in Alur from their first sign-in (JIT): make sure this one has signed in.
    sign_in(browser, base_url, slug, str(office["appointee"])).context.close()
    tenant_id = run(tenants())[slug]
    # The Kepala Dinas signs in (and so holds the post): a Plt of a Kasubbag is above the
    # admin's own reach and waits for them. API calls below act as the head, appointing directly.
    head_page = sign_in(browser, base_url, slug, "kepala-dinas")
    someone = run(login_as(slug, tenant_id, ("tenant_admin",)))
    with httpx.Client(base_url=base_url, cookies=someone.cookies) as lookup:
        head_nip = demo(slug, "kepala-dinas")["nip"]
        head_id = lookup.get("/api/users", params={"q": head_nip}).json()["items"][0]["id"]
    admin_api = run(login_as(slug, tenant_id, ("tenant_admin",), user_id=head_id))
    # Far enough ahead that no Plt/Plh of the demo data overlaps it.
    starts = dt.datetime.now(dt.UTC).date() + dt.timedelta(days=400)
    ends = starts + dt.timedelta(days=14)
    with httpx.Client(
        base_url=base_url, cookies=admin_api.cookies, headers=admin_api.headers
    ) as api:
        positions = api.get("/api/org/positions?limit=200").json()["items"]
        position_id = next(p["id"] for p in positions if p["code"] == office["position"])
        before = holder_ids(api, position_id)
        page = sign_in(browser, base_url, slug, "admin")
        posts: list[str] = []
        page.on(
            "request",
            lambda r: posts.append(r.url) if r.method == "POST" and "/holders" in r.url else None,
        )
        try:
            page.get_by_role("link", name="Admin instansi").click()
            page.get_by_role("link", name="Struktur organisasi dan pemegang jabatan").click()
            page.wait_for_url(f"{base_url}/admin/organisasi")
            page.get_by_role("heading", name="Struktur organisasi", exact=True).wait_for()
            tree = page.get_by_role("tree", name="Unit kerja")
            for name in office["path"]:
                tree.locator(".org-tree-name").get_by_text(name, exact=True).click()
            page.get_by_role("heading", level=2, name=office["path"][-1], exact=True).wait_for()
            card = page.get_by_role("article", name=str(office["title"]), exact=True)
            card.get_by_role("button", name=f"Tambah pemegang jabatan {office['title']}").click()
            form = card.get_by_role("form", name=f"Tambah pemegang jabatan {office['title']}")

            form.get_by_label("Cari pegawai (nama atau NIP)").fill(appointee["name"])
            label = f"{appointee['name']} — {appointee['nip']}"
            user = form.get_by_label("Pegawai", exact=True)
            user.locator("option", has_text=label).wait_for(state="attached")
            user.select_option(label=label)
            form.get_by_role("radio", name="Plt", exact=True).check()

            # An end before the start: refused in the form, and nothing is sent.
            form.get_by_label("Tanggal mulai").fill(ends.isoformat())
            form.get_by_label("Tanggal selesai").fill(starts.isoformat())
            form.get_by_role("button", name="Simpan pemegang jabatan").click()
            form.get_by_role("alert").filter(
                has_text="Tanggal selesai tidak boleh sebelum tanggal mulai."
            ).wait_for()
            assert posts == []
            assert holder_ids(api, position_id) == before

            form.get_by_label("Tanggal mulai").fill(starts.isoformat())
            form.get_by_label("Tanggal selesai").fill(ends.isoformat())
            with page.expect_response(
                lambda r: r.url.endswith("/holders") and r.request.method == "POST"
            ) as answer:
                form.get_by_role("button", name="Simpan pemegang jabatan").click()
            assert answer.value.status == 202, answer.value.text()
            card.get_by_text(re.compile("dikirim ke Kepala Dinas")).wait_for()
            card.get_by_text(
                f"Menunggu persetujuan Kepala Dinas: {appointee['name']} sebagai Plt"
            ).wait_for()
            assert holder_ids(api, position_id) == before, "nothing held before the approval"
            screenshot(page, f"org-request-{slug}")

            # The head approves it from their dashboard.
            head_page.goto(f"{base_url}/")
            panel = head_page.get_by_role("region", name="Usulan pengangkatan")
            item = panel.get_by_role("listitem").filter(has_text=appointee["name"])
            with head_page.expect_response(lambda r: r.url.endswith("/approve")) as approved:
                item.get_by_role("button", name="Setujui").click()
            assert approved.value.status == 200, approved.value.text()
            panel.get_by_role("status").wait_for()
            screenshot(head_page, f"dashboard-appointment-approved-{slug}")
            at_phone_width(head_page, f"dashboard-appointment-approved-{slug}")

            page.reload()
            card = page.get_by_role("article", name=str(office["title"]), exact=True)
            row = card.locator(f"li[data-holder='{appointee['nip']}'][data-kind='plt']")
            row.wait_for()
            assert appointee["name"] in row.inner_text()
            assert "Plt" in row.inner_text()
            assert "Akan mulai" in row.inner_text()
            assert len(holder_ids(api, position_id) - before) == 1
            page.evaluate("window.scrollTo(0, 0)")
            screenshot(page, f"org-{slug}")
            page.set_viewport_size({"width": 375, "height": 800})
            screenshot(page, f"org-{slug}-phone")

            # A planned appointment is called off (its record removed) after a confirmation.
            row.get_by_role("button", name=f"Batalkan penunjukan Plt {appointee['name']}").click()
            with page.expect_response(
                lambda r: "/api/org/holders/" in r.url and r.request.method == "DELETE"
            ) as removed:
                row.get_by_role("button", name="Ya, hapus catatan").click()
            assert removed.value.status == 204, removed.value.text()
            row.wait_for(state="detached")
            assert holder_ids(api, position_id) == before

            # A serving Plt is ended on a last day and stays on record, as ended.
            today = dt.datetime.now(dt.UTC).date()
            user_id = api.get("/api/users", params={"q": appointee["nip"]}).json()["items"][0]["id"]
            serving = api.post(
                f"/api/org/positions/{position_id}/holders",
                json={
                    "user_id": user_id,
                    "kind": "plt",
                    "starts_on": str(today - dt.timedelta(days=400)),
                    "ends_on": str(today - dt.timedelta(days=390)),
                },
            )
            assert serving.status_code == 201, serving.text
            # An appointment whose range has passed shows as ended, with only its record to remove.
            page.reload()
            card = page.get_by_role("article", name=str(office["title"]), exact=True)
            old = card.locator(f"li[data-holder='{appointee['nip']}'][data-status='ended']")
            old.wait_for()
            assert "Sudah berakhir" in old.inner_text()
            old.get_by_role("button", name=f"Hapus catatan Plt {appointee['name']}").wait_for()
            definitive = api.post(
                f"/api/org/positions/{position_id}/holders",
                json={"user_id": user_id, "kind": "definitive"},
            )
            assert definitive.status_code == 201, definitive.text
            page.reload()
            card = page.get_by_role("article", name=str(office["title"]), exact=True)
            current = card.locator(f"li[data-holder='{appointee['nip']}'][data-kind='definitive']")
            current.get_by_role("button", name=f"Akhiri Definitif {appointee['name']}").click()
            last_day = current.get_by_label("Hari terakhir menjabat")
            assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", last_day.input_value()), "defaults to today"
            last_day.fill(str(today - dt.timedelta(days=1)))
            with page.expect_response(
                lambda r: "/api/org/holders/" in r.url and r.request.method == "PATCH"
            ) as ended:
                current.get_by_role("button", name="Ya, akhiri").click()
            assert ended.value.status == 200, ended.value.text()
            card.locator(
                f"li[data-holder='{appointee['nip']}'][data-kind='definitive'][data-status='ended']"
            ).wait_for()
            kept = [
                h
                for h in api.get(f"/api/org/positions/{position_id}/holders").json()
                if h["id"] == definitive.json()["id"]
            ]
            assert len(kept) == 1
            assert kept[0]["ends_on"] == str(today - dt.timedelta(days=1))

            unexpected = [e for e in page.console_errors if "404" not in e and "401" not in e]
            assert unexpected == [], unexpected
        finally:
            for leftover in holder_ids(api, position_id) - before:
                api.delete(f"/api/org/holders/{leftover}")
            page.context.close()
            head_page.context.close()
