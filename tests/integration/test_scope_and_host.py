"""Position-based reach (staff: own; Kasi/Kasubbag: unit; Kabid/Sekretaris: sub-tree;
Kepala Dinas: office) on the real kaltim org, and tenant selection by host name."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from typing import Any

import pytest
import yaml

from tests.conftest import ROOT
from tests.isolation.harness import login_as

pytestmark = pytest.mark.integration
ORG = yaml.safe_load((ROOT / "tenants" / "kaltim" / "org.yaml").read_text())


def _units_under(code: str) -> set[str]:
    below = {code}
    changed = True
    while changed:
        changed = False
        for unit in ORG["units"]:
            if unit["parent"] in below and unit["code"] not in below:
                below.add(unit["code"])
                changed = True
    return below


def _position(kind: str) -> dict[str, Any]:
    return next(p for p in ORG["positions"] if p["kind"] == kind)


@pytest.fixture
async def holder_of(owner_conn: Any, tenant_ids: dict[str, uuid.UUID]) -> AsyncIterator[Any]:
    tid = tenant_ids["kaltim"]
    made: list[uuid.UUID] = []

    async def make(position_code: str) -> dict[str, str]:
        async with owner_conn.transaction():
            await owner_conn.execute("select set_config('app.tenant_id', $1, true)", str(tid))
            user = await owner_conn.fetchval(
                "insert into users (tenant_id, subject, nip, name) values ($1, $2, '1', 'Uji') "
                "returning id",
                tid,
                f"uji-scope-{uuid.uuid4().hex}",
            )
            await owner_conn.execute(
                "insert into position_holders (tenant_id, user_id, position_id, kind, source) "
                "select $1, $2, id, 'definitive', 'admin' from org_positions where code = $3",
                tid,
                user,
                position_code,
            )
        made.append(user)
        return (await login_as("kaltim", tid, (), user_id=user)).cookies

    yield make
    async with owner_conn.transaction():
        await owner_conn.execute("select set_config('app.tenant_id', $1, true)", str(tid))
        await owner_conn.execute("delete from users where id = any($1::uuid[])", made)


@pytest.mark.parametrize(
    ("kind", "level"),
    [
        ("kepala_dinas", "office"),
        ("kabid", "subtree"),
        ("sekretaris", "subtree"),
        ("kasi", "unit"),
        ("kasubbag", "unit"),
        ("staf", "own"),
    ],
)
async def test_reach_follows_the_position(
    client: Any, holder_of: Any, kind: str, level: str
) -> None:
    position = _position(kind)
    cookies = await holder_of(position["code"])
    scope = (await client.get("/api/me/scope", cookies=cookies)).json()
    assert scope["level"] == level
    assert scope["position_codes"] == [position["code"]]
    expected = {
        "office": {u["code"] for u in ORG["units"]},
        "subtree": _units_under(position["unit"]),
        "unit": {position["unit"]},
        "own": set(),
    }[level]
    assert expected <= set(scope["unit_codes"])
    if level != "office":
        assert set(scope["unit_codes"]) == expected


async def test_host_name_selects_the_office(client: Any, owner_conn: Any) -> None:
    await owner_conn.execute(
        "update tenants set hosts = '[\"alur.kaltimprov.go.id\"]' where slug = 'kaltim'"
    )
    try:
        known = await client.get(
            "/auth/login", headers={"host": "alur.kaltimprov.go.id"}, follow_redirects=False
        )
        unknown = await client.get(
            "/auth/login", headers={"host": "elsewhere.example"}, follow_redirects=False
        )
        picker = (
            await client.get("/api/public/tenants", headers={"host": "ALUR.kaltimprov.go.id:443"})
        ).json()
        elsewhere = (
            await client.get("/api/public/tenants", headers={"host": "elsewhere.example"})
        ).json()
    finally:
        await owner_conn.execute("update tenants set hosts = '[]' where slug = 'kaltim'")
    assert known.headers["location"] == "/auth/kaltim/login"
    assert unknown.headers["location"] == "/login"
    assert {o["slug"]: o["this_host"] for o in picker} == {"kaltim": True, "lampung": False}
    assert not any(o["this_host"] for o in elsewhere), "no office owns an unknown host"
