"""Prometheus metrics on the real stack: off without a token, refused with a wrong one; the
request counter moves when requests happen (by route template, not raw path); each office's
IdP health as a gauge, an unreachable issuer showing 0 without touching readiness. The outbox
backlog follows the jobs waiting; jobs run by real worker processes move the job metrics on
the worker's own port; sign-ins and escalations are counted as they happen; and a request's
JSON log line carries its request id and office."""

from __future__ import annotations

import datetime as dt
import json
import re
import socket
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import asyncpg
import httpx
import pytest

from alur.core.clock import frozen_at, now
from alur.core.settings import get_settings
from alur.core.tenancy import TenantContext
from alur.domain.jobs import outbox
from tests.integration.jobs.support import enqueue_probes, until
from tests.jobs_stack import JobProcesses, job_env, wait_for
from tests.sso import login_at_idp, sign_in

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


# --- the outbox, jobs, sign-ins and escalations ---------------------------------------------


async def test_the_outbox_backlog_is_read_at_each_scrape(
    client: Any,
    metrics_token: None,
    jobs_paused: Any,
    app_url: str,
    owner_conn: Any,
    tenant_ids: dict[str, uuid.UUID],
) -> None:
    """With no relay or worker running, jobs written by two offices wait: the gauges count
    them across offices, and the oldest one's age shows how long delivery has been stuck."""
    before = await _scrape(client)
    moment = now()
    keys = []
    conn = await asyncpg.connect(app_url)
    try:
        for slug, count in (("kaltim", 3), ("lampung", 2)):
            ctx = TenantContext(tenant_id=tenant_ids[slug], tenant_slug=slug)
            async with conn.transaction():
                await conn.execute(
                    "select set_config('app.tenant_id', $1, true)", str(ctx.tenant_id)
                )
                for n in range(count):
                    key = f"probe:{uuid.uuid4()}"
                    keys.append(key)
                    late = moment - dt.timedelta(minutes=10 + n)  # due ten minutes ago
                    await outbox.enqueue(conn, ctx, "jobs.probe", {}, key=key, run_at=late)
                key = f"probe:{uuid.uuid4()}"
                keys.append(key)
                ahead = moment + dt.timedelta(hours=1)  # a timer: scheduled, not late
                await outbox.enqueue(conn, ctx, "jobs.probe", {}, key=key, run_at=ahead)
        after = await _scrape(client)
    finally:
        await conn.close()
        async with owner_conn.transaction():  # every office's rows, as the relay sees them
            await owner_conn.execute(f"select set_config('{outbox.RELAY_SETTING}', 'on', true)")
            await owner_conn.execute(
                "delete from outbox_jobs where idempotency_key = any($1)", keys
            )

    def moved(state: str) -> float:
        return _value(after, "alur_outbox_jobs", state=state) - _value(
            before, "alur_outbox_jobs", state=state
        )

    # Nothing runs or is written meanwhile, but a timer of an earlier test may fall due.
    assert moved("due") + moved("scheduled") == 7
    assert moved("due") >= 5
    assert moved("sent") == moved("running") == 0
    assert 'alur_outbox_jobs{state="dead"}' in after
    assert _plain_value(after, "alur_outbox_oldest_due_age_seconds") >= 12 * 60, "the oldest"
    cleared = await _scrape(client)
    assert sum(_value(cleared, "alur_outbox_jobs", state=s) for s in ("due", "scheduled")) == sum(
        _value(before, "alur_outbox_jobs", state=s) for s in ("due", "scheduled")
    ), "read afresh at each scrape"


def _plain_value(text: str, name: str) -> float:
    [line] = [line for line in text.splitlines() if line.startswith(name + " ")]
    return float(line.rsplit(" ", 1)[1])


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class _TwoProcessWorker(JobProcesses):
    """The worker as deployed: two processes, whose metrics one port must add up."""

    def _argv(self, name: str) -> list[str]:
        argv = super()._argv(name)
        if name == "worker":
            argv[argv.index("--processes") + 1] = "2"
        return argv


def _worker_scrape(port: int, token: str | None = TOKEN) -> httpx.Response:
    headers = {"authorization": f"Bearer {token}"} if token else {}
    return httpx.get(f"http://127.0.0.1:{port}/metrics", headers=headers, timeout=5)


async def test_jobs_run_by_real_worker_processes_move_the_job_metrics(
    jobs_paused: Any, app_url: str, tenant_ids: dict[str, uuid.UUID]
) -> None:
    port = _free_port()
    procs = _TwoProcessWorker(
        job_env(
            ALUR_WORKER_METRICS_PORT=str(port), ALUR_METRICS_TOKEN=TOKEN, ALUR_LOG_FORMAT="json"
        )
    )
    procs.start("worker")
    procs.start("scheduler")
    try:
        assert wait_for(lambda: _reachable(port), timeout=30), "the worker's metrics port opens"
        assert _worker_scrape(port, token=None).status_code == 401
        assert _worker_scrape(port, token="salah").status_code == 401
        before = _worker_scrape(port).text
        kaltim = TenantContext(tenant_id=tenant_ids["kaltim"], tenant_slug="kaltim")
        # More than one process holds at once (4 threads, 8 prefetched): both take a share.
        ok = await enqueue_probes(app_url, kaltim, 24, sleep=0.1)
        [failing] = await enqueue_probes(app_url, kaltim, 1, fail=True)
        await until(app_url, kaltim, ok, lambda r: r["status"] == "done")
        [dead] = await until(app_url, kaltim, [failing], lambda r: r["status"] == "dead")
        after = _worker_scrape(port).text
        files = sorted(
            p.name
            for p in (
                Path(tempfile.gettempdir()) / f"alur-worker-metrics-{procs.procs['worker'].pid}"
            ).glob("counter_*.db")
        )
    finally:
        procs.stop_all()

    def moved(name: str, **labels: str) -> float:
        return _value(after, name, **labels) - _value(before, name, **labels)

    probe = {"actor": "jobs.probe"}
    assert len(files) == 2, f"both worker processes recorded, one port served the sum: {files}"
    assert moved("alur_job_runs_total", outcome="done", **probe) >= 24
    assert moved("alur_job_runs_total", outcome="failed", **probe) >= dead["attempts"] - 1
    assert moved("alur_job_runs_total", outcome="dead", **probe) >= 1
    runs = sum(moved("alur_job_runs_total", outcome=o, **probe) for o in ("done", "failed", "dead"))
    assert moved("alur_job_duration_seconds_count", **probe) == runs, "one timing per run"
    assert moved("alur_job_duration_seconds_bucket", le="+Inf", **probe) == runs


def _reachable(port: int) -> bool:
    try:
        return _worker_scrape(port).status_code == 200
    except httpx.HTTPError:
        return False


async def test_sign_ins_are_counted_by_office_and_outcome(client: Any, metrics_token: None) -> None:
    from tests.integration.test_sso_login import demo_user

    before = await _scrape(client)
    await sign_in(client, "lampung", demo_user("lampung", "sekretaris")["nip"])
    start = await client.get("/auth/kaltim/login", follow_redirects=False)
    binding = start.cookies["alur_login"]
    result = await login_at_idp(start.headers["location"], demo_user("kaltim", "sekretaris")["nip"])
    tampered = await client.get(
        "/auth/kaltim/callback",
        params={"code": result.code, "state": result.state + "x"},
        cookies={"alur_login": binding},
        follow_redirects=False,
    )
    assert tampered.status_code == 400
    declined = await client.get(
        "/auth/kaltim/callback", params={"error": "access_denied"}, follow_redirects=False
    )
    assert declined.status_code in (302, 307)
    made_up = await client.get("/auth/no-such-office/callback", params={"state": "x"})
    assert made_up.status_code == 400
    after = await _scrape(client)

    def moved(**labels: str) -> float:
        return _value(after, "alur_sign_ins_total", **labels) - _value(
            before, "alur_sign_ins_total", **labels
        )

    assert moved(office="lampung", outcome="ok") == 1
    assert moved(office="kaltim", outcome="refused") == 2
    assert moved(office="unknown", outcome="refused") == 1
    assert 'office="no-such-office"' not in after, "a made-up office is no series"
    assert moved(outcome="error") == 0


async def test_escalations_fired_are_counted(
    client: Any,
    metrics_token: None,
    office: Any,
    jobs_paused: Any,
    app_url: str,
    tenant_ids: dict[str, uuid.UUID],
) -> None:
    """A step of 10 minutes started at 08:00: the reminder at 08:08, the due notice at 08:10;
    a second sweep at the same moment fires nothing more."""
    from tests.integration.cases.support import local, publish_with_performers, sop_by_key

    admin, staff = await office("lampung")
    sop = await sop_by_key(client, admin, "003-02")
    if sop["versions"][0]["status"] != "published":  # a shared test database may have it so
        sop = await publish_with_performers(client, admin, "003-02", {})
    stf = await staff("staf-sub-bagian-umum-dan-kepegawaian")
    await staff("kasubbag-umum-dan-kepegawaian")
    ctx = TenantContext(tenant_ids["lampung"], "lampung")
    with frozen_at(local("lampung", "2026-11-23 08:00")):
        case = await client.post(
            "/api/cases",
            json={"sop_id": sop["id"], "subject": "Surat terlambat"},
            cookies=stf.who.cookies,
            headers=stf.who.headers,
        )
    assert case.status_code == 201, case.text
    before = await _scrape(client)
    for moment in ("2026-11-23 08:08", "2026-11-23 08:10", "2026-11-23 08:10"):
        await _sweep(app_url, ctx, local("lampung", moment))
    after = await _scrape(client)

    def moved(stage: str) -> float:
        labels = {"office": "lampung", "stage": stage}
        return _value(after, "alur_escalations_total", **labels) - _value(
            before, "alur_escalations_total", **labels
        )

    assert moved("at_risk") == 1
    assert moved("due") == 1
    assert moved("L1") == 0


async def _sweep(app_url: str, ctx: TenantContext, moment: dt.datetime) -> None:
    """What the scheduler's sweep job does, at a moment of our choosing."""
    from alur.domain.calendar.services import calendar_for
    from alur.domain.notifications.escalation import sweep
    from alur.domain.notifications.repository import escalation_settings

    conn = await asyncpg.connect(app_url)
    try:
        with frozen_at(moment):
            async with conn.transaction():
                await conn.execute(
                    "select set_config('app.tenant_id', $1, true)", str(ctx.tenant_id)
                )
                cal = await calendar_for(conn, ctx.tenant_id)
                settings = await escalation_settings(conn, ctx.tenant_id)
                await sweep(conn, ctx, moment, cal, settings)
    finally:
        await conn.close()


# --- logs ------------------------------------------------------------------------------------


async def test_a_request_s_log_lines_carry_its_request_id_and_office(
    tenant_ids: dict[str, uuid.UUID],
) -> None:
    """The API as deployed (uvicorn, JSON logs): the access line of a request carries the id
    the caller sent (and got back), and, once the caller is known, their office."""
    from tests.isolation.harness import login_as
    from tests.live_api import ROOT, running_api

    who = await login_as("kaltim", tenant_ids["kaltim"], ())
    ids = {"public": f"uji-log-{uuid.uuid4().hex}", "me": f"uji-log-{uuid.uuid4().hex}"}
    with running_api(8015, "logs-api", ALUR_LOG_FORMAT="json") as url:
        async with httpx.AsyncClient(base_url=url) as http:
            public = await http.get("/api/public/tenants", headers={"x-request-id": ids["public"]})
            me = await http.get(
                "/api/me/scope", headers={"x-request-id": ids["me"]}, cookies=who.cookies
            )
    assert public.headers["x-request-id"] == ids["public"]
    assert me.headers["x-request-id"] == ids["me"]
    lines = [
        json.loads(line)
        for line in (ROOT / ".data" / "test" / "run" / "logs-api.log").read_text().splitlines()
        if line.startswith("{")
    ]
    [public_line] = [x for x in lines if x.get("request_id") == ids["public"]]
    assert public_line["logger"] == "alur.access"
    assert public_line["path"] == "/api/public/tenants"
    assert public_line["status"] == 200
    assert "office" not in public_line, "nobody signed in"
    [me_line] = [x for x in lines if x.get("request_id") == ids["me"]]
    assert me_line["office"] == "kaltim"
    assert me_line["status"] == me.status_code
