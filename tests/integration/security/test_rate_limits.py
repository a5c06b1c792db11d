"""Limits counted in Redis (shared by every replica), exercised with real small limits: login
starts refused before any state is written, bearer-token guessing cut off per token and per
address, and uploads, exports and imports per user. Each answer over a limit is a 429 with
Retry-After in the app's error shape."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Callable
from typing import Any

import pytest

from alur.core.redis import get_redis
from alur.core.settings import get_settings
from tests.integration.cases.support import publish_with_performers
from tests.isolation.harness import LoggedIn, in_tenant, login_as

pytestmark = pytest.mark.integration

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
Limits = Callable[..., None]


async def _forget_counters() -> None:
    redis = get_redis()
    keys = [k async for k in redis.scan_iter(match=get_settings().redis.key("rate", "*"))]
    if keys:
        await redis.delete(*keys)


@pytest.fixture
async def limits(monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[Limits]:
    """`limits(ALUR_RATE_LOGIN="3/60")` sets real, small limits for this test. The test
    client's one address counts for the whole session, so the counters are removed before
    and after: neither this test nor a later one inherits another's count."""

    def set_limits(**env: str) -> None:
        for name, value in env.items():
            monkeypatch.setenv(name, value)
        get_settings.cache_clear()

    await _forget_counters()
    yield set_limits
    monkeypatch.undo()
    get_settings.cache_clear()
    await _forget_counters()


def assert_limited(response: Any, window: int) -> None:
    assert response.status_code == 429, response.text
    retry_after = int(response.headers["retry-after"])
    assert 1 <= retry_after <= window
    body = response.json()
    assert set(body) == {"status_code", "detail"}
    assert body["status_code"] == 429
    assert "Terlalu banyak" in body["detail"]
    assert f"{retry_after} detik" in body["detail"]


async def _login_states() -> set[str]:
    pattern = get_settings().redis.key("login", "*")
    return {k async for k in get_redis().scan_iter(match=pattern)}


async def test_login_starts_over_the_limit_write_no_state(client: Any, limits: Limits) -> None:
    limits(ALUR_RATE_LOGIN="3/60")
    before = await _login_states()
    for _ in range(3):
        start = await client.get("/auth/kaltim/login", follow_redirects=False)
        assert start.status_code in (302, 307), start.text
    allowed = await _login_states()
    assert len(allowed - before) >= 3
    for _ in range(5):
        assert_limited(await client.get("/auth/kaltim/login", follow_redirects=False), 60)
    assert await _login_states() - allowed == set(), "a refused start wrote a login state"
    # Every key the limit uses carries the configured prefix.
    prefix = get_settings().redis.prefix + ":"
    counters = [k async for k in get_redis().scan_iter(match=f"{prefix}rate:login:*")]
    assert counters
    assert all(k.startswith(prefix) for k in counters)


async def test_callbacks_over_the_limit_are_refused(client: Any, limits: Limits) -> None:
    limits(ALUR_RATE_LOGIN="2/60")
    for _ in range(2):
        unknown = await client.get(
            "/auth/kaltim/callback", params={"code": "x", "state": "y"}, follow_redirects=False
        )
        assert unknown.status_code == 400
    assert_limited(
        await client.get(
            "/auth/kaltim/callback", params={"code": "x", "state": "y"}, follow_redirects=False
        ),
        60,
    )


@pytest.fixture
async def admin(tenant_ids: dict[str, uuid.UUID]) -> LoggedIn:
    return await login_as("kaltim", tenant_ids["kaltim"], ("tenant_admin",))


@pytest.fixture
async def token(
    client: Any, admin: LoggedIn, owner_conn: Any, tenant_ids: dict[str, uuid.UUID]
) -> AsyncIterator[str]:
    created = await client.post(
        "/api/tokens",
        json={"name": "uji-batas-token", "scopes": ["org:read"]},
        cookies=admin.cookies,
        headers=admin.headers,
    )
    assert created.status_code == 201, created.text
    yield str(created.json()["secret"])
    sql = "delete from api_tokens where name = 'uji-batas-token' returning id"
    assert len(await in_tenant(owner_conn, tenant_ids["kaltim"], sql)) == 1


def _bearer(secret: str) -> dict[str, str]:
    return {"authorization": f"Bearer {secret}"}


def _wrong(secret: str) -> str:
    return secret[:-4] + ("aaaa" if not secret.endswith("aaaa") else "bbbb")


async def test_token_failures_over_the_limit_are_429_and_the_right_secret_still_works(
    client: Any, limits: Limits, token: str
) -> None:
    """Whoever knows a token's id cannot lock the integration out: its secret still works."""
    limits(ALUR_RATE_TOKEN_FAILURES="3/60")
    assert (await client.get("/api/org/units", headers=_bearer(token))).status_code == 200
    for _ in range(3):
        wrong = await client.get("/api/org/units", headers=_bearer(_wrong(token)))
        assert wrong.status_code == 401
    assert_limited(await client.get("/api/org/units", headers=_bearer(_wrong(token))), 60)
    assert (await client.get("/api/org/units", headers=_bearer(token))).status_code == 200


async def test_token_failures_over_the_limit_per_address(
    client: Any, limits: Limits, token: str
) -> None:
    limits(ALUR_RATE_TOKEN_FAILURES_ADDRESS="3/60")
    # Malformed tokens and guessed ids count too, though they name no real token.
    for guess in ("bukan-token", f"alur_kaltim_{uuid.uuid4().hex}_rahasia", "alur_x_y_z"):
        assert (await client.get("/api/org/units", headers=_bearer(guess))).status_code == 401
    guessed = f"alur_kaltim_{uuid.uuid4().hex}_lagi"
    assert_limited(await client.get("/api/org/units", headers=_bearer(guessed)), 60)
    assert_limited(await client.get("/api/org/units", headers=_bearer("bukan-token")), 60)
    # A real token from the same address is not refused for its neighbours' failures.
    assert (await client.get("/api/org/units", headers=_bearer(token))).status_code == 200


async def test_sessions_are_not_limited_by_token_failures(
    client: Any, limits: Limits, admin: LoggedIn
) -> None:
    limits(ALUR_RATE_TOKEN_FAILURES_ADDRESS="1/60")
    assert (await client.get("/api/org/units", headers=_bearer("bukan-token"))).status_code == 401
    assert (await client.get("/api/org/units", cookies=admin.cookies)).status_code == 200


async def test_uploads_over_the_limit_per_user(client: Any, limits: Limits, office: Any) -> None:
    admin, staff = await office("lampung")
    sop = await publish_with_performers(client, admin, "003-02", {})
    clerk = await staff("staf-sub-bagian-umum-dan-kepegawaian")
    case = await client.post(
        "/api/cases",
        json={"sop_id": sop["id"], "subject": "Batas unggahan"},
        cookies=clerk.who.cookies,
        headers=clerk.who.headers,
    )
    assert case.status_code == 201, case.text
    limits(ALUR_RATE_UPLOADS="2/120")

    async def upload(name: str) -> Any:
        return await client.post(
            f"/api/cases/{case.json()['id']}/documents",
            params={"name": name},
            content=PDF,
            cookies=clerk.who.cookies,
            headers={**clerk.who.headers, "content-type": "application/pdf"},
        )

    assert (await upload("satu.pdf")).status_code == 201
    assert (await upload("dua.pdf")).status_code == 201
    assert_limited(await upload("tiga.pdf"), 120)
    listed = await client.get(
        f"/api/cases/{case.json()['id']}/documents", cookies=clerk.who.cookies
    )
    assert sorted(d["name"] for d in listed.json()) == ["dua.pdf", "satu.pdf"]


async def test_exports_over_the_limit_per_user(
    client: Any, limits: Limits, tenant_ids: dict[str, uuid.UUID]
) -> None:
    limits(ALUR_RATE_EXPORTS="2/60")
    member = await login_as("kaltim", tenant_ids["kaltim"], ())
    other = await login_as("kaltim", tenant_ids["kaltim"], ())

    async def export(who: LoggedIn) -> Any:
        # A case nobody has: counted all the same, and no job is left behind.
        return await client.post(
            f"/api/exports/cases/{uuid.uuid4()}", cookies=who.cookies, headers=who.headers
        )

    assert (await export(member)).status_code == 404
    assert (await export(member)).status_code == 404
    assert_limited(await export(member), 60)
    assert (await export(other)).status_code == 404, "the limit is per user"


async def test_imports_over_the_limit_per_user(
    client: Any, limits: Limits, admin: LoggedIn
) -> None:
    limits(ALUR_RATE_IMPORTS="2/60")

    async def post(path: str) -> Any:
        return await client.post(
            path,
            content=b"bukan: [dokumen",
            cookies=admin.cookies,
            headers={**admin.headers, "content-type": "text/plain"},
        )

    first = await post("/api/catalogue/import")
    assert first.status_code in (400, 422), first.text
    second = await post("/api/catalogue/import-book")
    assert second.status_code == 201, second.text
    assert second.json()["created"] == [], "no SOP in this text"
    assert_limited(await post("/api/catalogue/import"), 60)
    assert_limited(await post("/api/catalogue/import-book"), 60)
