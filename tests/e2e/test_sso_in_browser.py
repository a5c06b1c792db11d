"""Sign-on in a real browser: the office picker, the office's SSO page, the dashboard, and
sign-out through the IdP — for each tenant."""

from __future__ import annotations

import os
import re
from typing import Any

import pytest
import yaml

from tests.e2e.conftest import ROOT, screenshot
from tests.e2e.support import at_phone_width

pytestmark = pytest.mark.e2e


def _user(slug: str, position: str) -> dict[str, Any]:
    users = yaml.safe_load((ROOT / "tenants" / slug / "demo-users.yaml").read_text())["users"]
    return next(u for u in users if u["position"] == position)


@pytest.mark.parametrize(
    ("slug", "office", "position"),
    [
        ("kaltim", "Kalimantan Timur", "staf-seksi-pembinaan-usaha-industri"),
        ("lampung", "Lampung", "staf-seksi-fasilitasi-industri"),
    ],
)
def test_staff_signs_in_through_their_office_sso_and_out_again(
    page: Any, base_url: str, slug: str, office: str, position: str
) -> None:
    user = _user(slug, position)
    page.goto(f"{base_url}/login")
    page.get_by_role("link", name=re.compile(f"^Masuk dengan SSO .*{office}$")).click()
    issuer = os.environ[f"ALUR_IDP_{slug.upper()}_ISSUER"]
    page.wait_for_url(f"{issuer}/**")
    page.get_by_label("NIP atau email").fill(user["nip"])
    page.get_by_label("Kata sandi").fill(os.environ.get("ALUR_DEMO_PASSWORD", "demo"))
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url(f"{base_url}/")
    page.get_by_text(f"Selamat datang, {user['name']}").wait_for()
    assert "alur_session" not in page.evaluate("document.cookie"), "httpOnly"
    screenshot(page, f"dashboard-{slug}")

    page.get_by_role("link", name="Katalog SOP").click()
    # Staff read the SOPs in force only: no status filter, drafts are the admins'.
    page.get_by_text("Menampilkan SOP yang berlaku di kantor ini.").wait_for()
    assert page.get_by_label("Status").count() == 0
    screenshot(page, f"catalogue-{slug}")
    at_phone_width(page, f"catalogue-{slug}")  # once 769 px wide on a 390 px phone

    page.get_by_text(user["name"]).first.click()
    page.get_by_role("button", name="Keluar", exact=True).click()
    page.wait_for_url(f"{base_url}/login**")
    me = page.request.get(f"{base_url}/api/me")
    assert me.status == 401
    assert [e for e in page.console_errors if "401" not in e] == []
