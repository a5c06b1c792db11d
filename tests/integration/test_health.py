"""Readiness names each part the platform needs, green on the real stack and red for the one
that is down, without detail; an office's IdP does not decide it but shows, with the detail,
on the platform admin's status page."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from alur.core.redis import reset_redis_clients
from alur.core.settings import get_settings
from alur.core.storage import get_storage

pytestmark = pytest.mark.integration


async def test_live(client: Any) -> None:
    response = await client.get("/health/live")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


async def test_ready_is_green_for_every_part(client: Any) -> None:
    response = await client.get("/health/ready")
    body = response.json()
    assert response.status_code == 200, body
    assert body["status"] == "ok"
    assert body["checks"] == [
        {"name": "database", "ok": True},
        {"name": "redis", "ok": True},
        {"name": "s3", "ok": True},
    ], "no detail and no office's issuer for an unauthenticated caller"


@pytest.fixture
def fresh_settings(monkeypatch: pytest.MonkeyPatch) -> Iterator[pytest.MonkeyPatch]:
    """Lets a test change the environment; caches are rebuilt before and after."""
    for cache in (get_settings, get_storage):
        cache.cache_clear()
    reset_redis_clients()
    yield monkeypatch
    monkeypatch.undo()
    for cache in (get_settings, get_storage):
        cache.cache_clear()
    reset_redis_clients()


@pytest.mark.parametrize(
    ("variable", "value", "failing"),
    [
        ("S3_ENDPOINT", "127.0.0.1:9", "s3"),
        ("REDIS_URL", "redis://127.0.0.1:9/0", "redis"),
    ],
)
async def test_ready_names_the_part_that_is_down(
    client: Any, fresh_settings: pytest.MonkeyPatch, variable: str, value: str, failing: str
) -> None:
    fresh_settings.setenv(variable, value)
    fresh_settings.setenv("ALUR_HEALTH_TIMEOUT_SECONDS", "2")
    response = await client.get("/health/ready")
    assert response.status_code == 503
    body = response.json()
    down = [c for c in body["checks"] if not c["ok"]]
    assert down == [{"name": failing, "ok": False}]


async def test_an_unreachable_idp_shows_on_the_status_page_only(
    client: Any, owner_conn: Any, platform_admin: Any
) -> None:
    issuer = await owner_conn.fetchval("select idp->>'issuer' from tenants where slug = 'lampung'")
    await owner_conn.execute(
        "update tenants set idp = jsonb_set(idp, '{issuer}', to_jsonb($1::text)) "
        "where slug = 'lampung'",
        "http://127.0.0.1:9/lampung",
    )
    try:
        ready = await client.get("/health/ready")
        status = await client.get("/api/platform/status", cookies=platform_admin.cookies)
    finally:
        await owner_conn.execute(
            "update tenants set idp = jsonb_set(idp, '{issuer}', to_jsonb($1::text)) "
            "where slug = 'lampung'",
            issuer,
        )
    assert ready.status_code == 200, "one office's IdP takes no replica out of rotation"
    assert status.status_code == 200, status.text
    body = status.json()
    assert body["status"] == "fail"
    down = [c for c in body["checks"] if not c["ok"]]
    assert [c["name"] for c in down] == ["idp:lampung"]
    assert down[0]["detail"].startswith("idp:lampung is down")
    names = {c["name"] for c in body["checks"]}
    assert names == {"database", "redis", "s3", "idp:kaltim", "idp:lampung"}
