"""Putting a draft in force the way an office with pengesahan does: the tenant admin submits
it and a Kepala Dinas approves it. Tests that only need an SOP in force use this instead of
publishing directly (which such an office refuses)."""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import asyncpg

from tests.isolation.harness import LoggedIn, login_as


async def submit_and_approve(client: Any, admin: LoggedIn, version_id: str) -> dict[str, Any]:
    """``admin`` submits the version; a Kepala Dinas made for the occasion (and removed
    afterwards, so no later test finds an extra head) approves it. Returns the version."""
    submitted = await client.post(
        f"/api/catalogue/versions/{version_id}/submit", cookies=admin.cookies, headers=admin.headers
    )
    assert submitted.status_code == 200, submitted.text
    me = await client.get("/api/me", cookies=admin.cookies)
    assert me.status_code == 200, me.text
    slug = me.json()["tenant"]["slug"]
    conn = await asyncpg.connect(os.environ["ALUR_DATABASE_OWNER_URL"])
    try:
        tenant_id = await conn.fetchval("select id from tenants where slug = $1", slug)
        async with conn.transaction():
            await conn.execute("select set_config('app.tenant_id', $1, true)", str(tenant_id))
            user_id = await conn.fetchval(
                "insert into users (tenant_id, subject, nip, name) values ($1, $2,"
                " '197001011995031001', 'Uji Kepala Dinas') returning id",
                tenant_id,
                f"uji-kepala-{uuid.uuid4().hex}",
            )
            await conn.execute(
                "insert into position_holders (tenant_id, user_id, position_id, kind, source)"
                " select $1, $2, id, 'definitive', 'admin' from org_positions"
                " where kind = 'kepala_dinas' and active order by code limit 1",
                tenant_id,
                user_id,
            )
        try:
            head = await login_as(slug, tenant_id, (), user_id=user_id)
            approved = await client.post(
                f"/api/catalogue/versions/{version_id}/approve",
                cookies=head.cookies,
                headers=head.headers,
            )
            assert approved.status_code == 200, approved.text
            return dict(approved.json())
        finally:
            async with conn.transaction():
                await conn.execute("select set_config('app.tenant_id', $1, true)", str(tenant_id))
                await conn.execute("delete from users where id = $1", user_id)  # holder cascades
    finally:
        await conn.close()


@asynccontextmanager
async def pengesahan_off(slug: str) -> AsyncIterator[None]:
    """The office publishes without pengesahan for the block (its tenant.yaml setting off),
    then requires it again; for tests about direct publishing itself."""
    conn = await asyncpg.connect(os.environ["ALUR_DATABASE_OWNER_URL"])
    try:
        await conn.execute(
            "update tenants set settings = jsonb_set(settings, '{catalogue}',"
            " '{\"pengesahan\": false}') where slug = $1",
            slug,
        )
        yield
    finally:
        await conn.execute(
            "update tenants set settings = jsonb_set(settings, '{catalogue}',"
            " '{\"pengesahan\": true}') where slug = $1",
            slug,
        )
        await conn.close()
