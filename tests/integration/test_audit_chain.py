"""The audit trail is a per-tenant hash chain: appends only for the app role, and a changed
or removed row is found by the verifier (API and CLI), which names the first broken link."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import uuid
from typing import Any

import asyncpg
import pytest

from tests.isolation.harness import login_as

pytestmark = pytest.mark.integration


async def _some_events(client: Any, tenant_ids: dict[str, uuid.UUID]) -> None:
    admin = await login_as("kaltim", tenant_ids["kaltim"], ("tenant_admin",))
    for name in ("Hari uji satu", "Hari uji dua"):
        added = await client.post(
            "/api/calendar/days-off",
            json={"date": "2031-01-0" + str(len(name) % 7 + 2), "name": name},
            cookies=admin.cookies,
            headers=admin.headers,
        )
        assert added.status_code in (201, 409), added.text


async def test_app_role_cannot_update_or_delete_audit_rows(
    client: Any, app_conn: Any, tenant_ids: dict[str, uuid.UUID]
) -> None:
    await _some_events(client, tenant_ids)
    async with app_conn.transaction():
        await app_conn.execute(
            "select set_config('app.tenant_id', $1, true)", str(tenant_ids["kaltim"])
        )
        assert await app_conn.fetchval("select count(*) from audit_events") > 0

    async def as_app(statement: str) -> None:
        async with app_conn.transaction():
            await app_conn.execute(
                "select set_config('app.tenant_id', $1, true)", str(tenant_ids["kaltim"])
            )
            await app_conn.execute(statement)

    for statement in (
        "update audit_events set action = 'dipalsukan'",
        "delete from audit_events",
        "truncate audit_events",
    ):
        with pytest.raises(asyncpg.InsufficientPrivilegeError):
            await as_app(statement)


async def test_tampering_is_found_and_named(
    client: Any, owner_conn: Any, tenant_ids: dict[str, uuid.UUID]
) -> None:
    await _some_events(client, tenant_ids)
    admin = await login_as("kaltim", tenant_ids["kaltim"], ("tenant_admin",))
    intact = (await client.get("/api/audit/verify", cookies=admin.cookies)).json()
    assert intact["intact"] is True, intact
    assert intact["checked"] >= 1
    staff = await login_as("kaltim", tenant_ids["kaltim"], ())
    assert (await client.get("/api/audit/verify", cookies=staff.cookies)).status_code == 403

    async def owner(sql: str, *args: Any) -> Any:
        async with owner_conn.transaction():
            await owner_conn.execute(
                "select set_config('app.tenant_id', $1, true)", str(tenant_ids["kaltim"])
            )
            return await owner_conn.fetchrow(sql, *args)

    victim = await owner("select seq, after::text as after from audit_events order by seq limit 1")
    await owner(
        "update audit_events set after = jsonb_set(coalesce(after, '{}'), '{palsu}', 'true')"
        " where seq = $1",
        victim["seq"],
    )
    try:
        broken = (await client.get("/api/audit/verify", cookies=admin.cookies)).json()
        assert broken["intact"] is False
        assert broken["first_broken_seq"] == victim["seq"]
        assert "hash" in broken["reason"]
        cli = await asyncio.to_thread(
            subprocess.run,
            [sys.executable, "-m", "alur.cli", "audit", "verify", "--tenant", "kaltim"],
            capture_output=True,
            text=True,
            env=os.environ,
            check=False,
        )
        assert cli.returncode == 1, cli.stderr
        assert f'"first_broken_seq": {victim["seq"]}' in cli.stdout
    finally:
        await owner(
            "update audit_events set after = $2::jsonb where seq = $1",
            victim["seq"],
            victim["after"],
        )
    assert (await client.get("/api/audit/verify", cookies=admin.cookies)).json()["intact"]

    # Removing a row in the middle breaks the link after it.
    last = await owner("select max(seq) as seq from audit_events")
    row = await owner("select * from audit_events where seq = $1", last["seq"] - 1)
    await owner("delete from audit_events where seq = $1", row["seq"])
    try:
        gap = (await client.get("/api/audit/verify", cookies=admin.cookies)).json()
        assert gap["intact"] is False
        assert gap["first_broken_seq"] == row["seq"]
    finally:
        values = dict(row)
        cols = list(values)
        await owner(
            f"insert into audit_events ({', '.join(cols)}) values"
            f" ({', '.join(f'${i + 1}' for i in range(len(cols)))})",
            *values.values(),
        )
    assert (await client.get("/api/audit/verify", cookies=admin.cookies)).json()["intact"]


async def test_each_tenant_has_its_own_chain(
    client: Any, owner_conn: Any, tenant_ids: dict[str, uuid.UUID]
) -> None:
    await _some_events(client, tenant_ids)
    lampung = await login_as("lampung", tenant_ids["lampung"], ("tenant_admin",))
    events = (await client.get("/api/audit/events?limit=200", cookies=lampung.cookies)).json()
    assert all("Hari uji" not in str(e["after"]) for e in events["items"])
    kaltim = await login_as("kaltim", tenant_ids["kaltim"], ("tenant_admin",))
    mine = (
        await client.get("/api/audit/events?entity=day_off&limit=5", cookies=kaltim.cookies)
    ).json()
    assert mine["items"], "the calendar change was recorded"
    assert mine["items"][0]["action"].startswith("calendar.day_off")
