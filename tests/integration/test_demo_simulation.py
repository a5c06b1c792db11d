"""The demo office at work: `demo prepare` and a short `demo simulate` on a throwaway copy of
kaltim (its own slug, loaded by the same tenant sync), so the real two keep their state."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import shutil
import uuid
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from minio.error import S3Error

from alur.core.settings import get_settings
from alur.core.storage import ensure_bucket, get_storage
from alur.core.tenancy import TenantContext, app_engine
from alur.domain.cases.reports import monitoring, performance
from alur.domain.demo.behaviour import Behaviour
from alur.domain.demo.prepare import approval_module, prepare_office
from alur.domain.demo.simulate import Plan, simulate_office
from alur.domain.tenants.services import sync_tenants

pytestmark = pytest.mark.integration
ROOT = Path(__file__).resolve().parents[2] / "tenants"

# Delete order for a scratch tenant: rows pointing at others go first.
_TABLES: tuple[str, ...] = (
    "task_escalations",
    "notifications",
    "notification_preferences",
    "documents",
)
_TABLES += ("case_comments", "tasks", "cases", "case_counters", "outbox_jobs", "audit_events")
_TABLES += ("audit_heads", "api_tokens", "position_holders", "users", "catalogue_versions")
_TABLES += ("catalogue_sops", "calendar_days_off", "office_settings", "org_positions", "org_units")


def _clone(tmp: Path, slug: str, sops: int) -> Path:
    """kaltim under a new slug, with its first `sops` catalogue files (kept fast)."""
    root = tmp / "tenants"
    target = root / slug
    shutil.copytree(ROOT / "kaltim", target, ignore=shutil.ignore_patterns("catalogue", "books"))
    (target / "catalogue").mkdir()
    for path in sorted((ROOT / "kaltim" / "catalogue").glob("*.yaml"))[:sops]:
        text = path.read_text(encoding="utf-8").replace("\ntenant: kaltim\n", f"\ntenant: {slug}\n")
        (target / "catalogue" / path.name).write_text(text, encoding="utf-8")
    data = yaml.safe_load((target / "tenant.yaml").read_text())
    data["slug"] = slug
    if approval_module() is None:  # until pengesahan lands, the admin publishes directly
        data["catalogue"] = {**data.get("catalogue", {}), "pengesahan": False}
    (target / "tenant.yaml").write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True))
    return root


@pytest.fixture
async def scratch(
    tmp_path: Path, owner_url: str, owner_conn: Any
) -> AsyncIterator[tuple[str, Path]]:
    slug = f"demo{uuid.uuid4().hex[:8]}"
    root = _clone(tmp_path, slug, 10)
    await sync_tenants(owner_url, root)
    # The in-process app (the session's `client`) may hold a pool made on its own loop; the
    # services called here directly need one on this test's loop, then the app gets its own back.
    engine = app_engine()
    app_pool, engine.pool = engine.pool, None
    await engine.start_connection_pool(min_size=1, max_size=4)
    ensure_bucket(get_storage(), get_settings().s3.bucket)
    try:
        yield slug, root
    finally:
        await engine.close_connection_pool()
        engine.pool = app_pool
        tid = await owner_conn.fetchval("select id from tenants where slug = $1", slug)
        async with owner_conn.transaction():
            await owner_conn.execute("select set_config('app.tenant_id', $1, true)", str(tid))
            keys = await owner_conn.fetch("select quarantine_key, object_key from documents")
            for table in _TABLES:
                await owner_conn.execute(f"delete from {table}")
            await owner_conn.execute("delete from tenants where id = $1", tid)
        for row in keys:
            for key in (row["quarantine_key"], row["object_key"]):
                if key:
                    # The worker may already have moved a scanned upload out of quarantine.
                    with contextlib.suppress(S3Error):
                        get_storage().remove_object(get_settings().s3.bucket, key)


def _stored_size(doc: Any) -> int:
    """The upload's bytes, in quarantine or (when a running worker scanned it) moved out."""
    for key in (doc["object_key"], doc["quarantine_key"]):
        if key:
            with contextlib.suppress(S3Error):
                return get_storage().stat_object(get_settings().s3.bucket, key).size or 0
    return 0


async def _count(owner_conn: Any, slug: str, sql: str) -> Any:
    async with owner_conn.transaction():
        tid = await owner_conn.fetchval("select id from tenants where slug = $1", slug)
        await owner_conn.execute("select set_config('app.tenant_id', $1, true)", str(tid))
        return await owner_conn.fetch(sql)


async def test_prepare_and_a_week_of_work(scratch: tuple[str, Path], owner_conn: Any) -> None:
    slug, root = scratch
    prepared = await prepare_office(slug, root)
    assert prepared.published, prepared
    assert prepared.unheld_positions == []
    again = await prepare_office(slug, root)
    assert again.published == []  # idempotent
    assert again.people_created == 0

    plan = Plan(
        weeks=3,
        cases_per_week=10,
        seed=7,
        behaviour=Behaviour(late_share=0.5, document_share=0.4, return_share=0.15),
    )
    tally = await simulate_office(slug, plan)
    assert tally.cases_started >= 10, tally
    assert tally.cases_closed > 0, tally
    assert tally.cases_open > 0, tally
    assert tally.steps_late > 0, tally
    assert tally.steps_on_time > 0, tally
    assert tally.escalations > 0, tally
    assert tally.documents > 0, tally
    assert (await simulate_office(slug, plan)).skipped  # a marked office is not run twice

    states = {
        r["status"] for r in await _count(owner_conn, slug, "select distinct status from tasks")
    }
    assert {"active", "completed"} <= states
    fired = await _count(owner_conn, slug, "select count(*) as n from task_escalations")
    assert fired[0]["n"] > 0
    size = 0
    for _ in range(20):  # a running worker may be moving it between our two reads
        docs = await _count(owner_conn, slug, "select quarantine_key, object_key from documents")
        size = _stored_size(docs[0])
        if size:
            break
        await asyncio.sleep(0.2)
    assert size > 0

    head_id = await _count(
        owner_conn,
        slug,
        "select h.user_id from position_holders h join org_positions p on p.id = h.position_id"
        " where p.code = 'kepala-dinas'",
    )
    tid = await owner_conn.fetchval("select id from tenants where slug = $1", slug)
    head = TenantContext(tid, slug, user_id=str(head_id[0]["user_id"]))
    today = dt.datetime.now(dt.UTC).date()
    figures = await performance(head, start=today - dt.timedelta(days=25), end=today, sop_id=None)
    assert sum(s.started for s in figures.sops) >= tally.cases_started
    assert any(s.on_time_rate is not None for s in figures.sops)
    form = await monitoring(head, start=today - dt.timedelta(days=25), end=today)
    assert any(r.finished > 0 for r in form.rows)
