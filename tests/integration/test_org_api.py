"""Org API behaviour on the real stack: sessions, CSRF, roles, validation, pagination."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from tests.isolation.harness import login_as

pytestmark = pytest.mark.integration


async def test_no_session_is_401(client: Any) -> None:
    response = await client.get("/api/org/units")
    assert response.status_code == 401


async def test_units_are_paginated_and_scoped(
    client: Any, tenant_ids: dict[str, uuid.UUID]
) -> None:
    who = await login_as("lampung", tenant_ids["lampung"], ())
    first = (await client.get("/api/org/units?limit=5", cookies=who.cookies)).json()
    second = (await client.get("/api/org/units?limit=5&offset=5", cookies=who.cookies)).json()
    assert first["total"] == second["total"] > 10
    assert len(first["items"]) == 5
    assert {u["id"] for u in first["items"]}.isdisjoint({u["id"] for u in second["items"]})
    bad = await client.get("/api/org/units?limit=0", cookies=who.cookies)
    assert bad.status_code == 400
    assert "limit" in bad.text


async def test_patch_needs_csrf_token(client: Any, tenant_ids: dict[str, uuid.UUID]) -> None:
    who = await login_as("kaltim", tenant_ids["kaltim"], ("tenant_admin",))
    units = (await client.get("/api/org/units", cookies=who.cookies)).json()["items"]
    url = f"/api/org/units/{units[0]['id']}"
    missing = await client.patch(url, json={"note": "x"}, cookies=who.cookies)
    assert missing.status_code == 403
    wrong = await client.patch(
        url, json={"note": "x"}, cookies=who.cookies, headers={"x-csrf-token": "salah"}
    )
    assert wrong.status_code == 403
    after = (await client.get(url, cookies=who.cookies)).json()
    assert after["note"] == units[0]["note"]


async def test_patch_requires_tenant_admin(client: Any, tenant_ids: dict[str, uuid.UUID]) -> None:
    who = await login_as("kaltim", tenant_ids["kaltim"], ())
    units = (await client.get("/api/org/units", cookies=who.cookies)).json()["items"]
    response = await client.patch(
        f"/api/org/units/{units[0]['id']}",
        json={"note": "x"},
        cookies=who.cookies,
        headers=who.headers,
    )
    assert response.status_code == 403


async def test_patch_validates_and_changes_nothing_on_error(
    client: Any, tenant_ids: dict[str, uuid.UUID]
) -> None:
    who = await login_as("kaltim", tenant_ids["kaltim"], ("tenant_admin",))
    unit = (await client.get("/api/org/units", cookies=who.cookies)).json()["items"][1]
    url = f"/api/org/units/{unit['id']}"
    short = await client.patch(
        url, json={"name": "x", "note": "catatan"}, cookies=who.cookies, headers=who.headers
    )
    assert short.status_code == 422
    assert short.json()["field"] == "name"
    unknown = await client.patch(url, json={"kode": "x"}, cookies=who.cookies, headers=who.headers)
    assert unknown.status_code == 400
    assert "kode" in unknown.text
    assert (await client.get(url, cookies=who.cookies)).json() == unit

    ok = await client.patch(
        url, json={"note": "dicek admin"}, cookies=who.cookies, headers=who.headers
    )
    assert ok.status_code == 200
    assert ok.json()["note"] == "dicek admin"
    restore = await client.patch(
        url, json={"note": unit["note"]}, cookies=who.cookies, headers=who.headers
    )
    assert restore.status_code == 200


async def test_malformed_id_is_404(client: Any, tenant_ids: dict[str, uuid.UUID]) -> None:
    who = await login_as("kaltim", tenant_ids["kaltim"], ())
    assert (await client.get("/api/org/units/not-a-uuid", cookies=who.cookies)).status_code == 404


async def test_public_tenant_list(client: Any) -> None:
    tenants = (await client.get("/api/public/tenants")).json()
    assert [(t["slug"], t["time_zone"]) for t in tenants] == [
        ("kaltim", "Asia/Makassar"),
        ("lampung", "Asia/Jakarta"),
    ]
