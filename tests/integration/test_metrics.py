"""Prometheus metrics on the real stack: off without a token, refused with a wrong one; the
request counter moves when requests happen (by route template, not raw path); each office's
IdP health as a gauge, an unreachable issuer showing 0 without touching readiness."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest

from alur.core.settings import get_settings

pytestmark = pytest.mark.integration
TOKEN = "uji-metrik-rahasia"


@pytest.fixture
def metrics_token() -> Iterator[None]:
    settings = get_settings()
    before = settings.metrics_token
    object.__setattr__(settings, "metrics_token", TOKEN)
    yield
    object.__setattr__(settings, "metrics_token", before)


def _value(text: str, name: str, **labels: str) -> float:
    total = 0.0
    for line in text.splitlines():
        if not line.startswith(name + "{"):
            continue
        if all(f'{k}="{v}"' in line for k, v in labels.items()):
            total += float(line.rsplit(" ", 1)[1])
    return total


async def _scrape(client: Any) -> str:
    answer = await client.get("/metrics", headers={"authorization": f"Bearer {TOKEN}"})
    assert answer.status_code == 200, answer.text
    return str(answer.text)


async def test_metrics_are_off_without_a_token(client: Any) -> None:
    assert get_settings().metrics_token == ""
    assert (await client.get("/metrics")).status_code == 404


async def test_requests_are_counted_by_route_and_refused_without_the_token(
    client: Any, metrics_token: None
) -> None:
    assert (await client.get("/metrics")).status_code == 401
    wrong = await client.get("/metrics", headers={"authorization": "Bearer salah"})
    assert wrong.status_code == 401
    before = _value(await _scrape(client), "alur_requests_total", path="/api/public/tenants")
    for _ in range(3):
        assert (await client.get("/api/public/tenants")).status_code == 200
    text = await _scrape(client)
    after = _value(text, "alur_requests_total", path="/api/public/tenants")
    assert after - before == 3
    assert not re.search(r'path="/api/cases/[0-9a-f-]{36}"', text), "ids are not series"


async def test_an_unreachable_idp_shows_as_down(
    client: Any, owner_conn: Any, metrics_token: None, platform_admin: Any
) -> None:
    """The platform admin's status page runs the same checks as the process's own round."""

    async def check() -> dict[str, bool]:
        answer = await client.get("/api/platform/status", cookies=platform_admin.cookies)
        assert answer.status_code == 200, answer.text
        return {
            c["name"].removeprefix("idp:"): c["ok"]
            for c in answer.json()["checks"]
            if c["name"].startswith("idp:")
        }

    issuer = await owner_conn.fetchval("select idp->>'issuer' from tenants where slug = 'lampung'")
    await owner_conn.execute(
        "update tenants set idp = jsonb_set(idp, '{issuer}', to_jsonb($1::text))"
        " where slug = 'lampung'",
        "http://127.0.0.1:9/lampung",
    )
    try:
        health = await check()
        text = await _scrape(client)
        ready = await client.get("/health/ready")
    finally:
        await owner_conn.execute(
            "update tenants set idp = jsonb_set(idp, '{issuer}', to_jsonb($1::text))"
            " where slug = 'lampung'",
            issuer,
        )
    assert health == {"kaltim": True, "lampung": False}
    assert _value(text, "alur_idp_up", office="lampung") == 0
    assert _value(text, "alur_idp_up", office="kaltim") == 1
    assert _value(text, "alur_idp_checked_timestamp_seconds", office="lampung") > 0
    assert ready.status_code == 200
    await check()
    assert _value(await _scrape(client), "alur_idp_up", office="lampung") == 1


async def test_a_server_checks_every_office_idp_on_its_own() -> None:
    """Started fresh, the API process's own round fills the gauge before anyone asks."""
    import asyncio

    import httpx

    from tests.live_api import running_api

    with running_api(8013, "metrics-api", ALUR_METRICS_TOKEN=TOKEN) as url:
        async with httpx.AsyncClient(base_url=url) as http:
            for _ in range(50):
                answer = await http.get("/metrics", headers={"authorization": f"Bearer {TOKEN}"})
                if _value(answer.text, "alur_idp_checked_timestamp_seconds", office="lampung"):
                    break
                await asyncio.sleep(0.1)
    assert _value(answer.text, "alur_idp_up", office="kaltim") == 1
    assert _value(answer.text, "alur_idp_up", office="lampung") == 1
