"""Drives the real dev IdP like a browser would: used by the sign-on tests."""

from __future__ import annotations

import html
import os
import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs, urljoin, urlsplit

import httpx

PASSWORD = os.environ.get("ALUR_DEMO_PASSWORD", "demo")


@dataclass
class IdpResult:
    code: str
    state: str
    idp_cookies: httpx.Cookies


async def login_at_idp(
    authorize_url: str, login: str, password: str = PASSWORD, redirect_prefix: str | None = None
) -> IdpResult:
    """Follow the IdP from the authorization URL to the redirect back to Alur's callback."""
    prefix = redirect_prefix or os.environ["ALUR_PUBLIC_URL"]
    async with httpx.AsyncClient(follow_redirects=False, timeout=15) as browser:
        url = authorize_url
        for _ in range(15):
            response = await browser.get(url)
            if response.status_code in (302, 303):
                url = urljoin(url, response.headers["location"])
                if url.startswith(prefix):
                    break
                continue
            form = re.search(r'<form[^>]*action="([^"]+)"', response.text)
            if form is None or 'name="password"' not in response.text:
                raise AssertionError(
                    f"unexpected IdP page {response.status_code}: {response.text[:300]}"
                )
            response = await browser.post(
                urljoin(url, html.unescape(form.group(1))),
                data={"login": login, "password": password},
            )
            if response.status_code not in (302, 303):
                raise AssertionError(f"IdP refused the login: {response.text[:300]}")
            url = urljoin(url, response.headers["location"])
            if url.startswith(prefix):
                break
        query = parse_qs(urlsplit(url).query)
        if "code" not in query:
            raise AssertionError(f"no code in redirect {url}")
        return IdpResult(query["code"][0], query["state"][0], browser.cookies)


async def sign_in(client: Any, slug: str, nip: str) -> dict[str, str]:
    """Full sign-in through Alur's /auth routes; returns the cookies Alur set."""
    start = await client.get(f"/auth/{slug}/login", follow_redirects=False)
    assert start.status_code in (302, 307), start.text
    binding = start.cookies["alur_login"]
    result = await login_at_idp(start.headers["location"], nip)
    done = await client.get(
        f"/auth/{slug}/callback",
        params={"code": result.code, "state": result.state},
        cookies={"alur_login": binding},
        follow_redirects=False,
    )
    assert done.status_code == 303, done.text
    return {k: v for k, v in done.cookies.items()}
