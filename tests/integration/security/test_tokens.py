"""Integration tokens: the secret is checked before the row is touched, `last_used_at` moves
at most once a minute, and every token expires within ALUR_TOKEN_MAX_DAYS."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import AsyncIterator
from typing import Any

import pytest

from alur.core.redis import get_redis
from alur.core.security import TOKEN_PREFIX, hash_secret
from alur.core.settings import get_settings
from tests.isolation.harness import LoggedIn, in_tenant, login_as

pytestmark = pytest.mark.integration


@pytest.fixture
async def admin(tenant_ids: dict[str, uuid.UUID]) -> LoggedIn:
    return await login_as("kaltim", tenant_ids["kaltim"], ("tenant_admin",))


@pytest.fixture
async def scratch(owner_conn: Any, tenant_ids: dict[str, uuid.UUID]) -> AsyncIterator[None]:
    """Removes the test's tokens, and the failure counts its refusals left for the test
    client's one address, so later tests start from zero."""
    yield
    sql = "delete from api_tokens where name like 'uji-kunci%' returning id"
    await in_tenant(owner_conn, tenant_ids["kaltim"], sql)
    redis = get_redis()
    keys = [k async for k in redis.scan_iter(match=get_settings().redis.key("rate", "token*"))]
    if keys:
        await redis.delete(*keys)


async def _create(client: Any, admin: LoggedIn, **body: Any) -> Any:
    return await client.post(
        "/api/tokens",
        json={"name": "uji-kunci", "scopes": ["org:read"], **body},
        cookies=admin.cookies,
        headers=admin.headers,
    )


async def _last_used(owner_conn: Any, tenant_id: uuid.UUID, token_id: str) -> dt.datetime | None:
    rows = await in_tenant(
        owner_conn,
        tenant_id,
        "select last_used_at from api_tokens where id = $1",
        uuid.UUID(token_id),
    )
    assert len(rows) == 1, "the token row is visible"
    last_used: dt.datetime | None = rows[0]["last_used_at"]
    return last_used


def _bearer(secret: str) -> dict[str, str]:
    return {"authorization": f"Bearer {secret}"}


async def test_a_wrong_secret_does_not_touch_the_token(
    client: Any,
    admin: LoggedIn,
    owner_conn: Any,
    tenant_ids: dict[str, uuid.UUID],
    scratch: None,
) -> None:
    kaltim = tenant_ids["kaltim"]
    created = await _create(client, admin)
    assert created.status_code == 201, created.text
    token_id, secret = created.json()["token"]["id"], created.json()["secret"]
    wrong = secret[:-4] + ("aaaa" if not secret.endswith("aaaa") else "bbbb")
    assert (await client.get("/api/org/units", headers=_bearer(wrong))).status_code == 401
    assert await _last_used(owner_conn, kaltim, token_id) is None


async def test_last_used_moves_at_most_once_a_minute(
    client: Any,
    admin: LoggedIn,
    owner_conn: Any,
    tenant_ids: dict[str, uuid.UUID],
    scratch: None,
) -> None:
    kaltim = tenant_ids["kaltim"]
    created = await _create(client, admin)
    token_id, secret = created.json()["token"]["id"], created.json()["secret"]
    assert (await client.get("/api/org/units", headers=_bearer(secret))).status_code == 200
    first = await _last_used(owner_conn, kaltim, token_id)
    assert first is not None
    assert (await client.get("/api/org/units", headers=_bearer(secret))).status_code == 200
    assert await _last_used(owner_conn, kaltim, token_id) == first, "a second call within a minute"
    earlier = first - dt.timedelta(minutes=2)
    await in_tenant(
        owner_conn,
        kaltim,
        "update api_tokens set last_used_at = $2 where id = $1 returning id",
        uuid.UUID(token_id),
        earlier,
    )
    assert (await client.get("/api/org/units", headers=_bearer(secret))).status_code == 200
    moved = await _last_used(owner_conn, kaltim, token_id)
    assert moved is not None
    assert moved > earlier


async def test_a_token_without_an_expiry_gets_the_maximum(
    client: Any, admin: LoggedIn, scratch: None
) -> None:
    asked = dt.datetime.now(dt.UTC)
    created = await _create(client, admin)
    assert created.status_code == 201, created.text
    expires = dt.datetime.fromisoformat(created.json()["token"]["expires_at"])
    latest = asked + dt.timedelta(days=get_settings().token_max_days)
    assert abs(expires - latest) < dt.timedelta(minutes=1)
    listed = (await client.get("/api/tokens", cookies=admin.cookies)).json()
    mine = next(t for t in listed if t["id"] == created.json()["token"]["id"])
    assert dt.datetime.fromisoformat(mine["expires_at"]) == expires


async def test_an_expiry_within_the_maximum_is_kept(
    client: Any, admin: LoggedIn, scratch: None
) -> None:
    wanted = (dt.datetime.now(dt.UTC) + dt.timedelta(days=7)).replace(microsecond=0)
    created = await _create(client, admin, expires_at=wanted.isoformat())
    assert created.status_code == 201, created.text
    assert dt.datetime.fromisoformat(created.json()["token"]["expires_at"]) == wanted


@pytest.mark.parametrize("when", ["beyond the maximum", "past"])
async def test_an_expiry_beyond_the_maximum_or_past_is_refused(
    client: Any,
    admin: LoggedIn,
    owner_conn: Any,
    tenant_ids: dict[str, uuid.UUID],
    scratch: None,
    when: str,
) -> None:
    days = get_settings().token_max_days + 1 if when == "beyond the maximum" else -1
    expires = dt.datetime.now(dt.UTC) + dt.timedelta(days=days)
    refused = await _create(client, admin, expires_at=expires.isoformat())
    assert refused.status_code == 422, refused.text
    assert refused.json()["field"] == "expires_at"
    assert refused.json()["status_code"] == 422
    kept = await in_tenant(
        owner_conn, tenant_ids["kaltim"], "select id from api_tokens where name = 'uji-kunci'"
    )
    assert kept == []


async def test_the_maximum_follows_the_setting(
    client: Any, admin: LoggedIn, monkeypatch: pytest.MonkeyPatch, scratch: None
) -> None:
    monkeypatch.setenv("ALUR_TOKEN_MAX_DAYS", "2")
    get_settings.cache_clear()
    try:
        refused = await _create(
            client, admin, expires_at=(dt.datetime.now(dt.UTC) + dt.timedelta(days=3)).isoformat()
        )
        default = await _create(client, admin)
    finally:
        monkeypatch.undo()
        get_settings.cache_clear()
    assert refused.status_code == 422
    assert "2 hari" in refused.json()["detail"]
    expires = dt.datetime.fromisoformat(default.json()["token"]["expires_at"])
    assert abs(expires - dt.datetime.now(dt.UTC) - dt.timedelta(days=2)) < dt.timedelta(minutes=1)


async def _insert_token(
    owner_conn: Any, tenant_id: uuid.UUID, *, created_at: dt.datetime, expires_at: Any
) -> str:
    token_id, secret = uuid.uuid4(), "rahasia-uji-" + uuid.uuid4().hex
    async with owner_conn.transaction():
        await owner_conn.execute("select set_config('app.tenant_id', $1, true)", str(tenant_id))
        await owner_conn.execute(
            "insert into api_tokens (id, tenant_id, name, secret_hash, scopes, created_at,"
            " expires_at) values ($1, $2, 'uji-kunci-lama', $3, '{org:read}', $4, $5)",
            token_id,
            tenant_id,
            hash_secret(secret),
            created_at,
            expires_at,
        )
    return f"{TOKEN_PREFIX}_kaltim_{token_id.hex}_{secret}"


async def test_expired_and_old_unlimited_tokens_are_refused(
    client: Any, owner_conn: Any, tenant_ids: dict[str, uuid.UUID], scratch: None
) -> None:
    now = dt.datetime.now(dt.UTC)
    kaltim = tenant_ids["kaltim"]
    expired = await _insert_token(
        owner_conn, kaltim, created_at=now - dt.timedelta(days=2), expires_at=now
    )
    assert (await client.get("/api/org/units", headers=_bearer(expired))).status_code == 401
    # Tokens made before expiries were required live the maximum from their creation.
    old = now - dt.timedelta(days=get_settings().token_max_days + 1)
    stale = await _insert_token(owner_conn, kaltim, created_at=old, expires_at=None)
    assert (await client.get("/api/org/units", headers=_bearer(stale))).status_code == 401
    recent = await _insert_token(owner_conn, kaltim, created_at=now, expires_at=None)
    assert (await client.get("/api/org/units", headers=_bearer(recent))).status_code == 200
    # A long expiry given before the maximum existed is cut to the maximum too.
    long_lived = await _insert_token(
        owner_conn, kaltim, created_at=old, expires_at=now + dt.timedelta(days=300)
    )
    assert (await client.get("/api/org/units", headers=_bearer(long_lived))).status_code == 401
