"""The platform admin's page in a real browser: every office with its health (IdP discovery,
dead jobs, overdue steps), and a dead job sent back to the queue. The operator names the
platform admin by Alur user id (ALUR_PLATFORM_ADMINS); the session is made as the SSO
callback makes it, since a platform admin is not something an office's IdP can assert."""

from __future__ import annotations

import os
import uuid
from typing import Any

import asyncpg
import pytest

from alur.core.tenancy import TenantContext
from alur.domain.jobs import outbox
from tests.e2e.conftest import PLATFORM_ADMIN, screenshot
from tests.e2e.support import at_phone_width, run, tenants
from tests.isolation.harness import login_as

pytestmark = pytest.mark.e2e


async def _dead_job(tenant_id: uuid.UUID) -> uuid.UUID:
    """A probe job, then marked dead as if it had used up its attempts."""
    conn = await asyncpg.connect(os.environ["ALUR_DATABASE_OWNER_URL"])
    try:
        async with conn.transaction():
            await conn.execute("select set_config('app.tenant_id', $1, true)", str(tenant_id))
            job = await outbox.enqueue(
                conn,
                TenantContext(tenant_id, "lampung"),
                "jobs.probe",
                {"n": 0},
                key=f"probe:{uuid.uuid4()}",
            )
            assert job is not None
            await conn.execute(
                "update outbox_jobs set status = 'dead', attempts = 10, finished_at = now(),"
                " last_error = 'uji peramban: S3 tidak terjangkau' where id = $1",
                job,
            )
        return job
    finally:
        await conn.close()


async def _status(tenant_id: uuid.UUID, job: uuid.UUID) -> str:
    conn = await asyncpg.connect(os.environ["ALUR_DATABASE_OWNER_URL"])
    try:
        async with conn.transaction():
            await conn.execute("select set_config('app.tenant_id', $1, true)", str(tenant_id))
            return str(await conn.fetchval("select status from outbox_jobs where id = $1", job))
    finally:
        await conn.close()


def _signed_in(browser: Any, base_url: str, who: Any) -> Any:
    context = browser.new_context(locale="id-ID")
    context.add_cookies(
        [
            {"name": name, "value": value, "url": base_url}
            for name, value in {
                **who.cookies,
                "alur_csrf": next(iter(who.headers.values())),
            }.items()
        ]
    )
    return context


def test_technical_status_for_the_platform_admin_only(browser: Any, base_url: str) -> None:
    """Each part in words with its detail; staff who type the address are told it is not
    for them, and the menu does not offer it."""
    ids = run(tenants())
    admin = run(login_as("kaltim", ids["kaltim"], (), user_id=PLATFORM_ADMIN))
    context = _signed_in(browser, base_url, admin)
    page = context.new_page()
    page.goto(f"{base_url}/")
    page.get_by_role("link", name="Status layanan").click()
    table = page.get_by_role("table", name="Hasil pemeriksaan kesiapan")
    table.wait_for()
    text = table.inner_text()
    for name in (
        "Basis data (PostgreSQL)",
        "Antrean dan sesi (Redis)",
        "Penyimpanan dokumen (S3)",
        "SSO instansi kaltim",
        "SSO instansi lampung",
    ):
        assert name in text
    assert "Gagal" not in text
    screenshot(page, "status")
    at_phone_width(page, "status")
    context.close()

    staff = run(login_as("lampung", ids["lampung"], ()))
    context = _signed_in(browser, base_url, staff)
    page = context.new_page()
    page.goto(f"{base_url}/status")
    page.get_by_text("Halaman ini untuk admin platform").wait_for()
    assert page.get_by_role("table").count() == 0
    assert page.get_by_role("link", name="Status layanan").count() == 0
    context.close()


def test_platform_admin_sees_office_health_and_retries_a_dead_job(
    browser: Any, base_url: str
) -> None:
    ids = run(tenants())
    job = run(_dead_job(ids["lampung"]))
    admin = run(login_as("kaltim", ids["kaltim"], (), user_id=PLATFORM_ADMIN))
    context = _signed_in(browser, base_url, admin)
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(f"{base_url}/")
    page.get_by_role("link", name="Platform").click()
    page.get_by_role("heading", name="Administrasi platform").wait_for()

    lampung = page.locator("article[data-office='lampung']")
    lampung.get_by_text("Bermasalah").wait_for()
    assert "pekerjaan latar gagal" in lampung.inner_text()
    kaltim = page.locator("article[data-office='kaltim']")
    kaltim.get_by_text("discovery OK").wait_for()
    row = page.locator("tr", has_text="uji peramban: S3 tidak terjangkau")
    row.wait_for()
    screenshot(page, "platform")

    with page.expect_response(lambda r: r.url.endswith(f"/{job}/retry")) as retried:
        row.get_by_role("button", name="Coba lagi").click()
    assert retried.value.ok, retried.value.text()
    row.wait_for(state="detached")
    assert run(_status(ids["lampung"], job)) != "dead"
    assert errors == [], errors
    context.close()
