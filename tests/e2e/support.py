"""Shared steps of the browser tests: signing in through an office's SSO, and set-up done
through the API or the database away from Playwright's own event loop."""

from __future__ import annotations

import asyncio
import concurrent.futures
import os
import re
import uuid
from collections.abc import Coroutine
from typing import Any, TypeVar

import asyncpg
import httpx
import yaml

from tests.e2e.conftest import ROOT
from tests.integration.cases.support import restore, snapshot_catalogue
from tests.integration.pengesahan import submit_and_approve
from tests.isolation.harness import login_as

T = TypeVar("T")


def run(coro: Coroutine[Any, Any, T]) -> T:
    """Async set-up away from Playwright's own loop."""
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coro).result()


def demo(slug: str, position: str) -> dict[str, Any]:
    """A demo user by position; the position 'admin' means the office's tenant admin."""
    users = yaml.safe_load((ROOT / "tenants" / slug / "demo-users.yaml").read_text())["users"]
    if position == "admin":
        return dict(next(u for u in users if "tenant_admin" in u["roles"]))
    found: dict[str, Any] = next(
        u for u in users if u["position"] == position and "tenant_admin" not in u["roles"]
    )
    return found


async def tenants() -> dict[str, uuid.UUID]:
    conn = await asyncpg.connect(os.environ["ALUR_DATABASE_OWNER_URL"])
    try:
        return {r["slug"]: r["id"] for r in await conn.fetch("select slug, id from tenants")}
    finally:
        await conn.close()


async def snapshot(tenant_id: uuid.UUID) -> list[dict[str, Any]]:
    conn = await asyncpg.connect(os.environ["ALUR_DATABASE_OWNER_URL"])
    try:
        return await snapshot_catalogue(conn, tenant_id)
    finally:
        await conn.close()


async def restore_catalogue(tenant_id: uuid.UUID, versions: list[dict[str, Any]]) -> None:
    conn = await asyncpg.connect(os.environ["ALUR_DATABASE_OWNER_URL"])
    try:
        await restore(conn, tenant_id, versions)
    finally:
        await conn.close()


def publish(
    base_url: str, slug: str, tenant_id: uuid.UUID, key: str, performers: dict[int, str]
) -> str:
    """The SOP ``key`` in force, its performers set where given: submitted by the tenant admin
    and approved by a Kepala Dinas, as an office with pengesahan does. Returns the SOP id."""
    return run(_publish(base_url, slug, tenant_id, key, performers))


async def _publish(
    base_url: str, slug: str, tenant_id: uuid.UUID, key: str, performers: dict[int, str]
) -> str:
    admin = await login_as(slug, tenant_id, ("tenant_admin",))
    async with httpx.AsyncClient(
        base_url=base_url, cookies=admin.cookies, headers=admin.headers
    ) as api:
        page = (await api.get(f"/api/catalogue/sops?q={key}")).json()
        summary = next(s for s in page["items"] if s["key"] == key)
        sop = (await api.get(f"/api/catalogue/sops/{summary['id']}")).json()
        version = sop["versions"][0]["id"]
        if performers:
            document = (
                await api.get(f"/api/catalogue/versions/{version}/export?format=json")
            ).json()
            for step in document["steps"]:
                if step["position"] in performers:
                    step["performer"] = performers[step["position"]]
            saved = await api.put(f"/api/catalogue/versions/{version}/document", json=document)
            assert saved.status_code == 200, saved.text
        await submit_and_approve(api, admin, version)
        return str(sop["id"])


def sign_in(browser: Any, base_url: str, slug: str, position: str) -> Any:
    return sign_in_user(browser, base_url, slug, demo(slug, position))


def sign_in_user(browser: Any, base_url: str, slug: str, user: dict[str, Any]) -> Any:
    """A fresh browser context signed in through the office's SSO as ``user`` (a demo user)."""
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


def act(page: Any, action: str) -> None:
    """Click the action and wait until the API has answered it."""
    with page.expect_response(
        lambda r: "/api/tasks/" in r.url and r.request.method == "POST"
    ) as answer:
        if action == "complete":
            page.get_by_role("button", name="Selesaikan langkah").click()
        else:
            # Decision buttons name where they lead: "Ya → 5. Kabid menandatangani".
            page.get_by_role("button", name=re.compile(f"^{action}( →|$)")).click()
    assert answer.value.ok, answer.value.text()


AXE = ROOT / "frontend" / "node_modules" / "axe-core" / "axe.min.js"
AXE_RUN = """async () => {
  const result = await axe.run(document, { resultTypes: ['violations'] });
  return result.violations.map(v => ({
    id: v.id, impact: v.impact, nodes: v.nodes.slice(0, 3).map(n => n.target.join(' ')),
  }));
}"""


def assert_accessible(page: Any, name: str) -> None:
    """axe-core (WCAG 2 A/AA rules and best practices) finds no violation on the page."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        # Evaluated through the DevTools protocol: an injected <script> tag is inline script,
        # which the app's Content-Security-Policy refuses (alur.core.web_headers).
        page.evaluate(AXE.read_text(encoding="utf-8"))
    violations = page.evaluate(AXE_RUN)
    assert violations == [], f"{name}: {violations}"


def at_phone_width(page: Any, name: str) -> None:
    """The same page on a phone (390 px): nothing may push the page sideways (wide tables
    scroll inside their own box); a screenshot goes to artifacts/e2e/<name>-phone.png. The
    page is checked with axe-core at both widths."""
    from tests.e2e.conftest import screenshot

    assert_accessible(page, name)
    desktop = page.viewport_size
    page.set_viewport_size({"width": 390, "height": 844})
    try:
        page.wait_for_timeout(100)
        assert_accessible(page, f"{name}-phone")
        # The deepest visible elements that reach past the screen: what to fix, not the
        # containers around it (or hidden pop-ups).
        overflow = page.evaluate(
            "() => { const wide = [...document.querySelectorAll('body *')].filter(e => {"
            "   const r = e.getBoundingClientRect(); const s = getComputedStyle(e);"
            "   return r.right > window.innerWidth + 1 && r.width > 0 && s.visibility !== 'hidden'"
            "     && !(e.parentElement && e.parentElement.closest('.table-wrap, .flow-scroll')) && !e.closest('[hidden]');"
            " });"
            " return [document.documentElement.scrollWidth, window.innerWidth,"
            "   wide.filter(e => !wide.some(o => o !== e && e.contains(o))).slice(0, 5)"
            "     .map(e => e.tagName + '.' + e.className + ' ' + (e.textContent || '').slice(0, 40))]; }"
        )
        screenshot(page, f"{name}-phone")
        assert overflow[0] <= overflow[1], f"{name}: page wider than the phone: {overflow}"
    finally:
        page.set_viewport_size(desktop)
