"""A session that ends while someone works: the server forgets it (as when its time runs
out), the next action gets a 401, the SPA says the session ended on the login page, and after
signing in again the person is back on the page they were on."""

from __future__ import annotations

import os
import re
from typing import Any

import pytest
import redis

from alur.core.settings import get_settings
from tests.e2e.conftest import screenshot
from tests.e2e.support import demo, sign_in

pytestmark = pytest.mark.e2e


def _expire(page: Any) -> None:
    """Remove the server-side session, exactly what its Redis TTL does when it runs out."""
    [sid] = [c["value"] for c in page.context.cookies() if c["name"] == "alur_session"]
    store = redis.Redis.from_url(os.environ["REDIS_URL"])
    try:
        assert store.delete(get_settings().redis.key("session", sid)) == 1
    finally:
        store.close()


def test_an_ended_session_sends_to_login_with_a_reason_and_back(
    browser: Any, base_url: str
) -> None:
    user = demo("lampung", "kepala-dinas")
    page = sign_in(browser, base_url, "lampung", "kepala-dinas")
    page.get_by_role("link", name="Katalog SOP").click()
    page.get_by_role("heading", name="Katalog SOP").wait_for()
    page.get_by_label("Cari judul atau kode SOP").fill("003")

    _expire(page)
    page.get_by_role("button", name="Cari").click()

    page.wait_for_url(f"{base_url}/login")
    page.get_by_role("status").get_by_text("Sesi Anda telah berakhir").wait_for()
    screenshot(page, "session-expired")

    page.get_by_role("link", name=re.compile("^Masuk dengan SSO .*Lampung$")).click()
    # The IdP may remember the person; otherwise they type their credentials again.
    page.wait_for_url(
        re.compile(
            f"^({re.escape(base_url)}/katalog|{re.escape(os.environ['ALUR_IDP_LAMPUNG_ISSUER'])}.*)"
        )
    )
    if not page.url.startswith(base_url):
        page.get_by_label("NIP atau email").fill(user["nip"])
        page.get_by_label("Kata sandi").fill(os.environ.get("ALUR_DEMO_PASSWORD", "demo"))
        page.get_by_role("button", name="Masuk").click()
    page.wait_for_url(f"{base_url}/katalog")
    page.get_by_role("heading", name="Katalog SOP").wait_for()
    assert page.get_by_text("Sesi Anda telah berakhir").count() == 0

    unexpected = [e for e in page.console_errors if "401" not in e and "404" not in e]
    assert unexpected == [], unexpected
    page.context.close()
