"""Several replicas of everything, and one of each killed (issue #16, part 3): two API
processes, two workers and two schedulers on the one test PostgreSQL, Redis and S3.

One round: the APIs, both workers and scheduler A start; one person's session (server-side, in
Redis) is used on both APIs; cases are started on one API and read and documented on the
other; probe jobs keep the workers busy; half the cases are completed step by step across the
APIs, the other half have their first escalation stage made due (as if its moment had come),
and only half of those get their wake-up job, so the sweep must catch the rest. Scheduler B
joins (a rolling update), then API A, worker A and scheduler A are SIGKILLed while jobs run,
and the work goes on through API B with the same session. At the end:

- lost: a job of the round not done (pending, sent, running or dead) within the deadline;
- duplicates: an effect found twice (an audit event for the same action, entity and stage,
  an S3 object per document, a notification per task, kind and person);
- escalations: stages fired, against what the office's calendar says (none on a day off);
- sessions refused: the session not accepted by an API that is up.

Used by tests/integration/jobs/test_replicas.py (one round in CI) and
tests/benchmarks/replica_faults.py (ten rounds or more, counts printed).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
import time
import uuid
from collections import Counter
from dataclasses import asdict, dataclass, field
from typing import Any

import asyncpg
import httpx

from alur.core.settings import get_settings
from alur.core.storage import get_storage
from alur.core.tenancy import TenantContext
from alur.domain.jobs import outbox
from tests.integration.jobs.support import enqueue_probes
from tests.isolation.harness import LoggedIn
from tests.jobs_stack import JobProcesses, job_env
from tests.live_api import ApiProcess, start_api

PORTS = (8021, 8022)  # e2e 8010, security 8011, probe 8012, metrics 8013
STAF = "staf-sub-bagian-umum-dan-kepegawaian"  # performs steps 1 and 2 of lampung's 003-02
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


@dataclass
class Figures:
    round: int
    seconds: float = 0.0
    requests: int = 0
    jobs: int = 0
    lost: int = 0
    dead: int = 0
    redelivered: int = 0  # delivered more than once (killed mid-run, or sent twice)
    duplicates: int = 0
    escalations: int = 0
    escalations_expected: int = 0
    escalations_twice: int = 0
    sessions_refused: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def held(self) -> bool:
        return not (
            self.lost
            or self.dead
            or self.duplicates
            or self.escalations_twice
            or self.sessions_refused
            or self.escalations != self.escalations_expected
            or self.problems
        )

    def as_dict(self) -> dict[str, Any]:
        return {**asdict(self), "held": self.held}


@dataclass
class Office:
    """What a round needs from the office: a published SOP and a person holding STAF."""

    tenant_id: uuid.UUID
    slug: str
    sop_id: str
    user_id: uuid.UUID
    who: LoggedIn
    owner_url: str
    app_url: str


class Http:
    """One API's client with the person's session; counts requests and refused sessions."""

    def __init__(self, api: ApiProcess, who: LoggedIn, figures: Figures) -> None:
        self.client = httpx.AsyncClient(
            base_url=api.url, cookies=who.cookies, headers=who.headers, timeout=30
        )
        self.figures = figures

    async def call(self, method: str, url: str, expect: int = 200, **kwargs: Any) -> Any:
        self.figures.requests += 1
        response = await self.client.request(method, url, **kwargs)
        if response.status_code in (401, 403):
            self.figures.sessions_refused += 1
        if response.status_code != expect:
            raise AssertionError(f"{method} {url}: {response.status_code} {response.text[:300]}")
        return response.json()

    async def close(self) -> None:
        await self.client.aclose()


async def _in_tenant(url: str, tenant_id: uuid.UUID, sql: str, *args: Any) -> list[Any]:
    conn = await asyncpg.connect(url)
    try:
        async with conn.transaction():
            await conn.execute("select set_config('app.tenant_id', $1, true)", str(tenant_id))
            return list(await conn.fetch(sql, *args))
    finally:
        await conn.close()


async def _same_person(http: Http, office: Office, figures: Figures) -> None:
    me = await http.call("GET", "/api/me")
    if me["user"]["id"] != str(office.user_id):
        figures.problems.append(f"{http.client.base_url} sees another person: {me['user']}")


async def _upload(http: Http, case_id: str, name: str) -> str:
    body = PDF + f"%{name}\n".encode()
    doc = await http.call(
        "POST",
        f"/api/cases/{case_id}/documents",
        expect=201,
        params={"name": name, "sha256": hashlib.sha256(body).hexdigest()},
        content=body,
    )
    return str(doc["id"])


async def _complete_current(http: Http, case_id: str) -> str:
    current = (await http.call("GET", f"/api/cases/{case_id}"))["current"]
    await http.call("POST", f"/api/tasks/{current['id']}/complete", json={})
    return str(current["id"])


async def _make_due(
    office: Office, tasks: list[uuid.UUID], wake: list[uuid.UUID], tag: str
) -> None:
    """The tasks' next stage falls now; only `wake` get their delayed wake-up job (the others
    are wake-ups gone missing, for the sweep to catch)."""
    conn = await asyncpg.connect(office.owner_url)
    ctx = TenantContext(office.tenant_id, office.slug)
    try:
        async with conn.transaction():
            await conn.execute(
                "select set_config('app.tenant_id', $1, true)", str(office.tenant_id)
            )
            await conn.execute(
                "update task_escalation_plans set falls_at = now() where task_id = any($1)",
                tasks,
            )
            for task_id in wake:
                await outbox.enqueue(
                    conn,
                    ctx,
                    "escalation.check",
                    {"task_id": str(task_id)},
                    key=f"replica:{tag}:{task_id}",
                    queue="notifications",
                )
    finally:
        await conn.close()


async def _office_open_today(office: Office) -> bool:
    from alur.domain.calendar.services import calendar_for

    conn = await asyncpg.connect(office.app_url)
    try:
        async with conn.transaction():
            await conn.execute(
                "select set_config('app.tenant_id', $1, true)", str(office.tenant_id)
            )
            cal = await calendar_for(conn, office.tenant_id)
        return cal.spans_on(dt.datetime.now(cal.zone).date())
    finally:
        await conn.close()


_ROUND_JOBS = (
    "select id, actor, status, attempts, sends from outbox_jobs where created_at >= $1 and"
    " (id = any($2::uuid[]) or (actor = 'documents.verify' and args->>'document_id' = any($3))"
    " or idempotency_key like $4 or actor = 'escalation.sweep')"
)


async def replica_round(
    number: int, office: Office, *, cases: int = 8, probes: int = 48
) -> Figures:
    figures = Figures(round=number)
    began = time.monotonic()
    since = dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1)
    tag = f"{number}-{uuid.uuid4().hex[:8]}"
    procs = JobProcesses(job_env())
    apis = [start_api(port, f"replica-api-{x}") for port, x in zip(PORTS, "ab", strict=True)]
    for name in ("worker-a", "worker-b", "scheduler-a"):
        procs.start(name)
    https: list[Http] = []
    try:
        await asyncio.gather(*(asyncio.to_thread(api.wait_live) for api in apis))
        https = [Http(api, office.who, figures) for api in apis]
        b = https[1]  # the API that survives
        for http in https:  # one session, valid on either API
            await _same_person(http, office, figures)

        case_ids: list[str] = []
        tasks: list[uuid.UUID] = []
        docs: list[str] = []
        for n in range(cases):  # started on one API, read and documented on the other
            here, there = https[n % 2], https[1 - n % 2]
            case = await here.call(
                "POST",
                "/api/cases",
                expect=201,
                json={"sop_id": office.sop_id, "subject": f"Uji replika {tag} #{n}"},
            )
            case_ids.append(str(case["id"]))
            detail = await there.call("GET", f"/api/cases/{case['id']}")
            tasks.append(uuid.UUID(detail["current"]["id"]))
            docs.append(await _upload(there, case_ids[-1], f"lampiran-{n}-1.pdf"))
        ctx = TenantContext(office.tenant_id, office.slug)
        probe_ids = await enqueue_probes(office.app_url, ctx, probes, sleep=0.5)
        half = cases // 2
        for n in range(half, cases):  # these go on step by step, across the APIs
            await _complete_current(https[1 - n % 2], case_ids[n])
        escalating = tasks[:half]
        await _make_due(office, escalating, escalating[: half // 2], tag)
        figures.escalations_expected = len(escalating) if await _office_open_today(office) else 0
        procs.start("scheduler-b")  # a rolling update: the second scheduler joins

        for _ in range(50):  # kill while jobs run
            running = await _in_tenant(
                office.owner_url,
                office.tenant_id,
                "select count(*) as n from outbox_jobs where id = any($1) and status = 'running'",
                probe_ids,
            )
            if running[0]["n"]:
                break
            await asyncio.sleep(0.1)
        apis[0].kill()
        procs.kill("worker-a")
        procs.kill("scheduler-a")

        await _same_person(b, office, figures)  # the same session on the surviving API
        for n in range(half, cases):
            await _complete_current(b, case_ids[n])
        for n in range(cases):
            docs.append(await _upload(b, case_ids[n], f"lampiran-{n}-2.pdf"))

        # Everything of the round settles: jobs done, each escalation fired or moved on.
        deadline = time.monotonic() + 45
        while True:
            jobs = await _in_tenant(
                office.owner_url,
                office.tenant_id,
                _ROUND_JOBS,
                since,
                probe_ids,
                docs,
                f"replica:{tag}:%",
            )
            unsettled = await _in_tenant(
                office.owner_url,
                office.tenant_id,
                "select count(*) as n from task_escalation_plans e where e.task_id = any($1)"
                " and e.falls_at <= now() and not exists (select 1 from task_escalations x"
                " where x.task_id = e.task_id)",
                escalating,
            )
            settled = all(j["status"] == "done" for j in jobs) and not unsettled[0]["n"]
            if settled or time.monotonic() > deadline:
                break
            await asyncio.sleep(0.3)
        figures.jobs = len(jobs)
        figures.lost = sum(j["status"] != "done" for j in jobs)
        figures.dead = sum(j["status"] == "dead" for j in jobs)
        figures.redelivered = sum(j["attempts"] > 1 or j["sends"] > 1 for j in jobs)
        if unsettled[0]["n"]:
            figures.problems.append(f"{unsettled[0]['n']} due escalation(s) never handled")
        await _count_effects(office, figures, case_ids, tasks, escalating, docs)
    finally:
        for http in https:
            await http.close()
        for api in apis:
            api.stop()
        procs.stop_all()
    figures.seconds = time.monotonic() - began
    return figures


async def _count_effects(
    office: Office,
    figures: Figures,
    case_ids: list[str],
    tasks: list[uuid.UUID],
    escalating: list[uuid.UUID],
    docs: list[str],
) -> None:
    cases = [uuid.UUID(c) for c in case_ids]
    events = await _in_tenant(
        office.owner_url,
        office.tenant_id,
        "select action, entity_id, coalesce(after->>'stage', '') as stage from audit_events"
        " where case_id = any($1) and action <> 'case.commented'",
        cases,
    )
    repeated = [k for k, n in Counter(tuple(e) for e in events).items() if n > 1]
    figures.duplicates += len(repeated)
    figures.problems += [f"audit event twice: {k}" for k in repeated]

    objects: Counter[str] = Counter()
    bucket = get_settings().s3.bucket
    for case_id in case_ids:
        prefix = f"tenants/{office.slug}/cases/{case_id}/"
        for obj in get_storage().list_objects(bucket, prefix=prefix, recursive=True):
            objects[str(obj.object_name).split("/")[4]] += 1
    figures.duplicates += sum(n > 1 for n in objects.values())
    states = await _in_tenant(
        office.owner_url,
        office.tenant_id,
        "select id::text as id, status from documents where id::text = any($1)",
        docs,
    )
    for d in states:
        if d["status"] != "available" or objects[d["id"]] != 1:
            figures.problems.append(
                f"document {d['id']}: {d['status']}, {objects[d['id']]} object(s)"
            )
    if len(states) != len(docs):
        figures.problems.append(f"{len(docs) - len(states)} document(s) missing")

    heard = await _in_tenant(
        office.owner_url,
        office.tenant_id,
        "select task_id, kind, user_id, count(*) as n from notifications where task_id = any($1)"
        " group by task_id, kind, user_id having count(*) > 1",
        tasks,
    )
    figures.duplicates += len(heard)
    fired = await _in_tenant(
        office.owner_url,
        office.tenant_id,
        "select task_id, stage from task_escalations where task_id = any($1)",
        escalating,
    )
    figures.escalations = len(fired)
    figures.escalations_twice = sum(
        n > 1 for n in Counter((f["task_id"], f["stage"]) for f in fired).values()
    ) + sum(1 for k in repeated if k[0] == "task.escalated")
