"""The SPA, served by the API in production mode, against the real stack."""

from __future__ import annotations

from typing import Any

import pytest

from tests.e2e.conftest import screenshot

pytestmark = pytest.mark.e2e


def test_login_page_lists_both_offices(page: Any, base_url: str) -> None:
    page.goto(f"{base_url}/")
    page.wait_for_url(f"{base_url}/login")
    links = page.get_by_role("link", name="Masuk dengan SSO")
    links.first.wait_for()
    names = [links.nth(i).inner_text() for i in range(links.count())]
    assert len(names) == 2
    assert any("Kalimantan Timur" in n for n in names)
    assert any("Lampung" in n for n in names)
    assert links.first.get_attribute("href") in {"/auth/kaltim/login", "/auth/lampung/login"}
    assert page.evaluate("document.documentElement.lang") == "id"
    screenshot(page, "login")
    # Not signed in is expected (401 on /api/me); nothing else may log an error.
    assert [e for e in page.console_errors if "401" not in e] == []


def test_status_page_is_not_for_strangers(page: Any, base_url: str) -> None:
    page.goto(f"{base_url}/status")
    page.wait_for_url(f"{base_url}/login")
    assert page.get_by_role("table").count() == 0


def test_unknown_api_path_is_not_the_spa(page: Any, base_url: str) -> None:
    response = page.request.get(f"{base_url}/api/tidak-ada")
    assert response.status == 404
    deep = page.request.get(f"{base_url}/kasus/123")
    assert deep.status == 200
    assert '<div id="root">' in deep.text() or 'id="root"' in deep.text()
