"""`alur demo simulate`: weeks of office work produced by the real services on a moved clock.

Events run in time order through office hours: every tick some cases start and the
escalation sweep runs (as the scheduler would); every active task is acted on at the
moment its holder gets to it (on time or late), by that holder's own context, so rules,
routing, deadlines, notifications and audit are exactly those of real work. Cases carry the
reference DEMO/<seed>/..., which marks an office as simulated (skipped unless forced).
"""

from __future__ import annotations

import datetime as dt
import heapq
import logging
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any, Literal, TypeVar

from asyncpg.exceptions import TransactionRollbackError

from alur.core.clock import frozen_at, set_frozen
from alur.core.errors import DomainError
from alur.core.tenancy import tenant_transaction
from alur.domain.cases import services as cases
from alur.domain.cases.schemas import CaseStart, CommentIn, CompleteIn, DecideIn, ReturnIn
from alur.domain.demo.behaviour import Behaviour, Staff
from alur.domain.demo.office import Office, PublishedSop, load_office
from alur.domain.documents import services as documents
from alur.domain.notifications.escalation import sweep
from alur.domain.notifications.reactions import connect as connect_reactions

log = logging.getLogger("alur.demo")
MARK = "DEMO/"
_T = TypeVar("_T")


async def _retrying(call: Callable[[], Awaitable[_T]]) -> _T:
    """A worker running beside the simulation (a soak test) may deadlock one transaction
    with it; the loser is retried, as a person would press the button again."""
    for _ in range(4):
        try:
            return await call()
        except TransactionRollbackError as exc:
            log.info("demo: retried after %s", exc)
    return await call()


@dataclass(frozen=True)
class Plan:
    weeks: float = 6
    cases_per_week: float = 10
    seed: int = 1
    tick_minutes: float = 30
    force: bool = False
    behaviour: Behaviour = field(default_factory=Behaviour)
    until: dt.datetime | None = None  # default: the real now


@dataclass
class Tally:
    slug: str
    skipped: str = ""
    cases_started: int = 0
    cases_closed: int = 0
    cases_open: int = 0
    steps_on_time: int = 0
    steps_late: int = 0
    decisions: dict[str, int] = field(default_factory=lambda: {"ya": 0, "tidak": 0})
    returns: int = 0
    comments: int = 0
    documents: int = 0
    escalations: int = 0
    refused: int = 0
    seconds: float = 0.0


@dataclass
class _Case:
    id: uuid.UUID
    number: str
    sop: PublishedSop
    starter: uuid.UUID
    done: list[int] = field(default_factory=list)
    actions: int = 0
    returned: bool = False


@dataclass(frozen=True)
class _Start:
    sop: PublishedSop
    unit_id: uuid.UUID
    starter: uuid.UUID


def _startable(office: Office) -> list[_Start]:
    """(SOP, unit) pairs where every step routes to a held position, with who starts them:
    the holder of the first step when it is the office's, else someone of the unit."""
    found: list[_Start] = []
    for sop in office.sops:
        for unit in office.units_of(sop):
            routed = office.routed_positions(sop, unit)
            if routed is None or any(office.holder(p) is None for p in routed):
                continue
            in_unit = sorted(
                (p for p, info in office.org.positions.items() if info["unit_id"] == unit),
                key=lambda p: office.org.positions[p]["code"],
            )
            starter = next((office.holder(p) for p in in_unit if office.holder(p)), None)
            if starter is not None:
                found.append(_Start(sop, unit, starter))
    return found


def _sops(starts: list[_Start]) -> list[PublishedSop]:
    return sorted({s.sop.key: s.sop for s in starts}.values(), key=lambda s: s.key)


async def _chunks(body: bytes) -> AsyncIterator[bytes]:
    yield body


class _Run:
    def __init__(self, office: Office, plan: Plan) -> None:
        self.office, self.plan = office, plan
        self.staff = Staff(plan.seed, office.slug, plan.behaviour)
        self.tally = Tally(office.slug)
        self.events: list[tuple[dt.datetime, int, str, uuid.UUID | None]] = []
        self.seq = 0
        self.cases: dict[uuid.UUID, _Case] = {}
        self.starts = _startable(office)
        self.sops = _sops(self.starts)

    def push(self, at: dt.datetime, kind: str, ref: uuid.UUID | None = None) -> None:
        self.seq += 1
        heapq.heappush(self.events, (at, self.seq, kind, ref))

    async def run(self, begin: dt.datetime, end: dt.datetime) -> None:
        minutes_per_week = self.office.cal.minutes_per_day * self.office.cal.days_per_week
        per_tick = self.plan.cases_per_week * self.plan.tick_minutes / minutes_per_week
        self.push(self.office.cal.next_office_moment(begin), "tick")
        with frozen_at(begin):
            while self.events and self.events[0][0] <= end:
                at, _, kind, ref = heapq.heappop(self.events)
                set_frozen(at)
                if kind == "tick":
                    for _ in range(self.staff.cases_now(per_tick)):
                        await self._start()
                    await self._sweep(at)
                    self.push(self.office.cal.add_minutes(at, self.plan.tick_minutes), "tick")
                elif ref is not None:
                    await self._act(ref, at)

    async def _start(self) -> None:
        if not self.sops:
            return
        sop = self.sops[self.staff.picks(len(self.sops))]
        options = [s for s in self.starts if s.sop.key == sop.key]
        choice = options[self.staff.picks(len(options))]
        n = len(self.cases) + 1
        try:
            data = CaseStart(
                sop_id=sop.id,
                subject=self.staff.subject(sop.doc.title),
                unit_id=choice.unit_id,
                reference=f"{MARK}{self.plan.seed}/{self.office.slug}/{n:05d}",
            )
            ctx = self.office.as_user(choice.starter)
            case = await _retrying(lambda: cases.start_case(ctx, data))
        except DomainError as exc:
            log.info("demo %s: %s not started: %s", self.office.slug, sop.key, exc)
            self.tally.refused += 1
            self.starts = [s for s in self.starts if s != choice]
            self.sops = _sops(self.starts)
            return
        self.cases[case.id] = _Case(case.id, case.number, sop, choice.starter)
        self.tally.cases_started += 1
        await self._plan_next(case.id)

    async def _plan_next(self, case_id: uuid.UUID) -> None:
        async with tenant_transaction(self.office.ctx) as tx:
            row = await tx.connection.fetchrow(
                "select id, activated_at, standard_minutes, due_at from tasks"
                " where case_id = $1 and status = 'active'",
                case_id,
            )
        if row is None:
            return
        standard = row["standard_minutes"]
        at = self.staff.acts_at(
            self.office.cal,
            row["activated_at"],
            None if standard is None else float(standard),
            row["due_at"],
        )
        self.push(at, "task", row["id"])

    async def _task(self, task_id: uuid.UUID) -> dict[str, Any] | None:
        async with tenant_transaction(self.office.ctx) as tx:
            row = await tx.connection.fetchrow(
                "select id, case_id, status, step_position, step_kind, position_id, claimed_by,"
                " due_at, counts_for_office from tasks where id = $1",
                task_id,
            )
        return dict(row) if row and row["status"] == "active" else None

    async def _act(self, task_id: uuid.UUID, at: dt.datetime) -> None:
        task = await self._task(task_id)
        if task is None:
            return
        case = self.cases[task["case_id"]]
        actor = task["claimed_by"] or self.office.holder(task["position_id"]) or case.starter
        ctx = self.office.as_user(actor)
        case.actions += 1
        calm = case.actions > 3 * len(case.sop.doc.steps)  # a loop went on long enough
        if case.actions > 6 * len(case.sop.doc.steps):
            return  # leave it running, as offices do
        try:
            await self._extras(ctx, case, task)
            if task["step_kind"] == "decision":
                choice: Literal["ya", "tidak"] = "ya" if calm or self.staff.says_yes() else "tidak"
                decided = DecideIn(choice=choice, note=self.staff.note())
                await _retrying(lambda: cases.decide(ctx, task_id, decided))
                self.tally.decisions[choice] += 1
            elif case.done and not case.returned and not calm and self.staff.returns():
                case.returned = True
                back = ReturnIn(to_step=case.done[-1], reason=self.staff.return_reason())
                await _retrying(lambda: cases.return_to(ctx, task_id, back))
                self.tally.returns += 1
            else:
                done = CompleteIn(note=self.staff.note())
                await _retrying(lambda: cases.complete(ctx, task_id, done))
        except DomainError as exc:
            log.info("demo %s: task %s: %s", self.office.slug, task_id, exc)
            self.tally.refused += 1
            return
        if task["due_at"] is not None and task["counts_for_office"]:
            if at <= task["due_at"]:
                self.tally.steps_on_time += 1
            else:
                self.tally.steps_late += 1
        case.done.append(task["step_position"])
        await self._plan_next(case.id)

    async def _extras(self, ctx: Any, case: _Case, task: dict[str, Any]) -> None:
        if self.staff.comments():
            said = self.staff.comment()
            note = CommentIn(body=said, task_id=task["id"])
            await _retrying(lambda: cases.comment(ctx, case.id, note))
            self.tally.comments += 1
        if self.staff.uploads(not case.done):
            name, body = self.staff.document(case.number)
            await _retrying(
                lambda: documents.upload(
                    ctx,
                    case.id,
                    _chunks(body),
                    name=name,
                    sha256=None,
                    task_id=task["id"],
                    client_type="alur-demo",
                )
            )
            self.tally.documents += 1

    async def _sweep(self, at: dt.datetime) -> None:
        ctx = self.office.ctx

        async def run() -> int:
            async with tenant_transaction(ctx) as tx:
                return await sweep(tx.connection, ctx, at, self.office.cal, self.office.settings)

        self.tally.escalations += await _retrying(run)


async def already_simulated(office: Office) -> int:
    async with tenant_transaction(office.ctx) as tx:
        return int(
            await tx.connection.fetchval(
                "select count(*) from cases where reference like $1", MARK + "%"
            )
        )


async def simulate_office(slug: str, plan: Plan) -> Tally:
    connect_reactions()  # the cases it drives are announced to notifications, as in the API
    started = time.monotonic()
    office = await load_office(slug)
    end = plan.until or dt.datetime.now(dt.UTC)
    run = _Run(office, plan)
    if not plan.force and await already_simulated(office):
        run.tally.skipped = "already simulated (use --force to add more)"
    elif not run.starts:
        run.tally.skipped = "no published SOP can run (run `alur demo prepare` first)"
    else:
        local_end = end.astimezone(office.cal.zone)
        first_day = (local_end - dt.timedelta(weeks=plan.weeks)).date()
        begin = dt.datetime.combine(first_day, dt.time(0), office.cal.zone)
        await run.run(begin, end)
        closed = list(run.cases)
        async with tenant_transaction(office.ctx) as tx:
            states = await tx.connection.fetch(
                "select status, count(*) as n from cases where id = any($1::uuid[])"
                " group by status",
                closed,
            )
        by_state = {r["status"]: int(r["n"]) for r in states}
        run.tally.cases_closed = by_state.get("closed", 0)
        run.tally.cases_open = by_state.get("open", 0)
    run.tally.seconds = round(time.monotonic() - started, 1)
    return run.tally
