"""Every answer carries the browser security headers and a request id; an unexpected failure
is a plain 500 with that id (logged once, with its trace), never the exception itself."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from typing import Any

import pytest

from alur.core.settings import get_settings
from alur.core.web_headers import CONTENT_SECURITY_POLICY, PERMISSIONS_POLICY
from alur.domain.calendar import services as calendar_services
from tests.isolation.harness import LoggedIn, login_as

pytestmark = pytest.mark.integration

SECRET = "select secret_hash from api_tokens -- kaltim"


@pytest.fixture
async def member(tenant_ids: dict[str, Any]) -> LoggedIn:
    return await login_as("lampung", tenant_ids["lampung"], ())


@pytest.fixture
def litestar_log() -> Iterator[list[logging.LogRecord]]:
    """What the app's logger writes, record by record."""
    records: list[logging.LogRecord] = []

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            records.append(record)

    handler = Keep()
    logger = logging.getLogger("litestar")
    logger.addHandler(handler)
    yield records
    logger.removeHandler(handler)


def _assert_secure(response: Any) -> None:
    headers = response.headers
    assert headers["content-security-policy"] == CONTENT_SECURITY_POLICY
    assert "script-src 'self'" in CONTENT_SECURITY_POLICY
    assert "'unsafe-inline'" not in CONTENT_SECURITY_POLICY
    assert headers["x-frame-options"] == "DENY"
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "same-origin"
    assert headers["permissions-policy"] == PERMISSIONS_POLICY
    assert "camera=()" in headers["permissions-policy"]
    assert re.fullmatch(r"[A-Za-z0-9._-]{8,64}", headers["x-request-id"])
    # The test stack runs without Secure cookies (plain http): no HSTS there.
    assert not get_settings().web.secure_cookies
    assert "strict-transport-security" not in headers


async def test_api_answers_carry_the_headers_and_are_never_cached(
    client: Any, member: LoggedIn
) -> None:
    me = await client.get("/api/me", cookies=member.cookies)
    assert me.status_code == 200, me.text
    _assert_secure(me)
    assert me.headers["cache-control"] == "no-store"
    refused = await client.get("/api/me")
    assert refused.status_code == 401
    _assert_secure(refused)
    assert refused.headers["cache-control"] == "no-store"
    missing = await client.get("/api/no-such-route", cookies=member.cookies)
    assert missing.status_code == 404
    _assert_secure(missing)


async def test_health_and_auth_answers_carry_the_headers(client: Any) -> None:
    live = await client.get("/health/live")
    assert live.status_code == 200
    _assert_secure(live)
    login = await client.get("/auth/lampung/login", follow_redirects=False)
    assert login.status_code in (302, 303, 307), login.text
    _assert_secure(login)
    assert login.headers["cache-control"] == "no-store"


async def test_the_spa_index_carries_the_headers_and_is_revalidated(client: Any) -> None:
    dist = get_settings().web.spa_dir
    if not (dist / "index.html").exists():
        pytest.skip("SPA not built; tests/unit/security/test_web_headers.py covers the hook")
    for page in ("/", "/cases/mine"):
        index = await client.get(page)
        assert index.status_code == 200
        assert index.headers["content-type"].startswith("text/html")
        _assert_secure(index)
        assert index.headers["cache-control"] == "no-cache"
        html = index.text
        inline = re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html)
        assert inline is None, "the policy allows no inline script"
        assert " style=" not in html, "the policy allows no inline style"
    bundle = re.search(r'src="(/assets/[^"]+\.js)"', index.text)
    assert bundle, index.text
    asset = await client.get(bundle.group(1))
    assert asset.status_code == 200
    _assert_secure(asset)
    assert "no-cache" not in asset.headers.get("cache-control", ""), "hashed: cacheable"


async def test_the_request_id_is_the_callers_when_well_formed(client: Any) -> None:
    mine = await client.get("/health/live", headers={"X-Request-ID": "lb-7f3a.91_c2"})
    assert mine.headers["x-request-id"] == "lb-7f3a.91_c2"
    for bad in ("short", "has space in it", "x" * 65, "semi;colon-0123"):
        replaced = await client.get("/health/live", headers={"X-Request-ID": bad})
        assert replaced.headers["x-request-id"] != bad
        assert re.fullmatch(r"[0-9a-f]{32}", replaced.headers["x-request-id"])
    one, two = await client.get("/health/live"), await client.get("/health/live")
    assert one.headers["x-request-id"] != two.headers["x-request-id"]


async def test_an_unexpected_error_is_a_plain_500_with_the_request_id(
    client: Any,
    member: LoggedIn,
    monkeypatch: pytest.MonkeyPatch,
    litestar_log: list[logging.LogRecord],
) -> None:
    async def broken(*_: Any, **__: Any) -> Any:
        raise RuntimeError(SECRET)

    monkeypatch.setattr(calendar_services, "get_calendar", broken)
    response = await client.get(
        "/api/calendar", cookies=member.cookies, headers={"X-Request-ID": "uji-500-abcdef"}
    )
    assert response.status_code == 500
    assert response.json() == {
        "status_code": 500,
        "detail": "Terjadi kesalahan pada server",
        "request_id": "uji-500-abcdef",
    }
    assert SECRET not in response.text
    assert "Traceback" not in response.text
    _assert_secure(response)
    assert response.headers["x-request-id"] == "uji-500-abcdef"

    logged = [r for r in litestar_log if "uji-500-abcdef" in r.getMessage()]
    assert len(logged) == 1, [r.getMessage() for r in litestar_log]
    record = logged[0]
    assert record.levelno == logging.ERROR
    assert record.exc_info
    assert isinstance(record.exc_info[1], RuntimeError)
    message = record.getMessage()
    assert "GET '/api/calendar'" in message
    assert "tenant=lampung" in message


async def test_http_errors_keep_their_status(client: Any, tenant_ids: dict[str, Any]) -> None:
    admin = await login_as("lampung", tenant_ids["lampung"], ("tenant_admin",))
    assert (await client.get("/api/nope", cookies=admin.cookies)).status_code == 404
    assert (await client.delete("/health/live")).status_code == 405
    wrong = await client.post(
        "/api/calendar/days-off",
        content=b"{not json",
        cookies=admin.cookies,
        headers={**admin.headers, "content-type": "application/json"},
    )
    assert wrong.status_code == 400, wrong.text
    assert "request_id" not in wrong.json()


async def test_a_body_over_the_limit_is_413_logged_as_one_line(
    client: Any, member: LoggedIn, litestar_log: list[logging.LogRecord]
) -> None:
    huge = b'{"body": "' + b"a" * (6 * 1024 * 1024 + 1) + b'"}'
    response = await client.post(
        "/api/cases/00000000-0000-0000-0000-000000000000/comments",
        content=huge,
        cookies=member.cookies,
        headers={**member.headers, "content-type": "application/json"},
    )
    assert response.status_code == 413
    _assert_secure(response)
    request_id = response.headers["x-request-id"]
    logged = [r for r in litestar_log if request_id in r.getMessage()]
    assert len(logged) == 1, [r.getMessage() for r in litestar_log]
    assert logged[0].levelno == logging.WARNING
    assert logged[0].exc_info is None, "a refusal, not an incident: no stack trace"
    assert "413" in logged[0].getMessage()
