"""With DATABASE_URL/REDIS_URL pointing at running servers, the devstack uses them, starts
nothing of its own, and leaves other people's databases and keys alone."""

from __future__ import annotations

import os
import uuid
from pathlib import Path
from typing import Any

import asyncpg
import pytest
import redis

from devstack import stack
from devstack.profiles import Profile

pytestmark = pytest.mark.integration


@pytest.fixture
def neighbour(owner_url: str) -> Any:
    """Someone else's database and Redis key on the same servers."""
    return {"db": f"neighbour_{uuid.uuid4().hex[:8]}", "key": f"neighbour:{uuid.uuid4().hex}"}


async def test_up_on_shared_servers_touches_only_its_own(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, neighbour: dict[str, str]
) -> None:
    admin = f"postgresql://postgres@127.0.0.1:{os.environ['ALUR_DATABASE_OWNER_URL'].split(':')[-1].split('/')[0]}/postgres"
    conn = await asyncpg.connect(admin)
    await conn.execute(f"create database {neighbour['db']}")
    r = redis.Redis.from_url(os.environ["REDIS_URL"])
    r.set(neighbour["key"], "jangan disentuh")

    profile = Profile("shared", 1, 1, 1, 1, 8099, "alur_shared", "alur_shared", 1)
    monkeypatch.setattr(stack, "TENANTS_DIR", stack.TENANTS_DIR)
    monkeypatch.setattr("devstack.profiles.DATA_ROOT", tmp_path)
    monkeypatch.setenv("DATABASE_URL", admin)
    monkeypatch.setenv("REDIS_URL", os.environ["REDIS_URL"])
    for name in ("S3_ENDPOINT", "S3_ACCESS_KEY", "S3_SECRET_KEY", "S3_BUCKET"):
        monkeypatch.setenv(name, os.environ[name])
    monkeypatch.setenv("ALUR_SMTP_HOST", os.environ["ALUR_SMTP_HOST"])
    monkeypatch.setenv("ALUR_SMTP_PORT", os.environ["ALUR_SMTP_PORT"])
    for slug in ("KALTIM", "LAMPUNG"):
        monkeypatch.setenv(f"ALUR_IDP_{slug}_ISSUER", os.environ[f"ALUR_IDP_{slug}_ISSUER"])
    try:
        env = await _in_thread(stack.services_up, profile)
        await _in_thread(stack.prepare, env)
        run_dir = profile.run_dir
        assert not list(run_dir.glob("*.pid")) if run_dir.exists() else True, "nothing started"
        assert env["REDIS_URL"] == os.environ["REDIS_URL"]
        assert "/alur_shared" in env["ALUR_DATABASE_APP_URL"]
        app = await asyncpg.connect(env["ALUR_DATABASE_APP_URL"])
        try:
            assert await app.fetchval("select count(*) from tenants") == 2
        finally:
            await app.close()
        assert (
            await conn.fetchval(
                "select count(*) from pg_database where datname = $1", neighbour["db"]
            )
            == 1
        )
        assert r.get(neighbour["key"]) == b"jangan disentuh"
    finally:
        await conn.execute(f"drop database if exists {neighbour['db']}")
        await conn.execute("drop database if exists alur_shared")
        await conn.execute("drop role if exists alur_shared_owner")
        await conn.execute("drop role if exists alur_shared_app")
        await conn.close()
        r.delete(neighbour["key"])


async def _in_thread(fn: Any, *args: Any) -> Any:
    import asyncio

    return await asyncio.to_thread(fn, *args)
