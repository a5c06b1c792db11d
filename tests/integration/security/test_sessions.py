"""Keluar dari semua perangkat: one request ends every session of the caller, and only the
caller's."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from tests.isolation.harness import in_tenant, login_as

pytestmark = pytest.mark.integration


async def _me(client: Any, cookies: dict[str, str]) -> int:
    return int((await client.get("/api/me", cookies=cookies)).status_code)


async def test_logout_everywhere_ends_every_session_of_the_caller_only(
    client: Any, owner_conn: Any, tenant_ids: dict[str, uuid.UUID]
) -> None:
    kaltim = tenant_ids["kaltim"]
    user_id = uuid.uuid4()
    laptop = await login_as("kaltim", kaltim, (), user_id=user_id)
    phone = await login_as("kaltim", kaltim, (), user_id=user_id)
    colleague = await login_as("kaltim", kaltim, ())
    # The same id in another office is another person.
    namesake = await login_as("lampung", tenant_ids["lampung"], (), user_id=user_id)
    assert await _me(client, laptop.cookies) == 200
    assert await _me(client, phone.cookies) == 200

    no_csrf = await client.post("/auth/logout-all", cookies=laptop.cookies)
    assert no_csrf.status_code == 403
    assert await _me(client, phone.cookies) == 200, "refused without CSRF: nothing ended"

    out = await client.post("/auth/logout-all", cookies=laptop.cookies, headers=laptop.headers)
    assert out.status_code == 200, out.text
    assert out.json() == {"sessions_ended": 2}
    cleared = out.headers.get_list("set-cookie")
    for name in ("alur_session", "alur_csrf"):
        header = next(h for h in cleared if h.startswith(f"{name}="))
        assert "Max-Age=0" in header, header

    assert await _me(client, laptop.cookies) == 401
    assert await _me(client, phone.cookies) == 401
    assert await _me(client, colleague.cookies) == 200
    assert await _me(client, namesake.cookies) == 200

    again = await client.post("/auth/logout-all", cookies=phone.cookies, headers=phone.headers)
    assert again.status_code == 401
    recorded = await in_tenant(
        owner_conn,
        kaltim,
        "select after from audit_events where action = 'identity.logout_everywhere'"
        " and entity_id = $1",
        str(user_id),
    )
    assert len(recorded) == 1
