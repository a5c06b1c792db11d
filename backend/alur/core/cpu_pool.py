"""CPU-heavy parsing (SOP documents and books from clients) in worker processes of its own.

Not on the event loop, and not in a thread of the API process either: a parse holds the GIL
and fills the heap (garbage-collection pauses of a tenth of a second were measured), which
stalls every office's requests. Separate processes keep `/health/live` answering. Bounded:
`WORKERS` processes and `QUEUE` waiting jobs, beyond which a client is told to come back.
A job over its time budget ends in its worker by an alarm (the budget counts from when it
starts running, not while it waits), so a runaway import frees its slot without touching
other clients' jobs; only a job deaf to its alarm gets the pool killed, as a backstop.
"""

from __future__ import annotations

import asyncio
import functools
import multiprocessing
import signal
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import ParamSpec, TypeVar

from alur.core.errors import DomainError

WORKERS = 2
QUEUE = 4
"""Jobs waiting beyond the workers; more than this are refused at once."""
_PRELOAD = ["alur.core.bounded_yaml", "alur.domain.catalogue.importer.book"]

P = ParamSpec("P")
T = TypeVar("T")

_pool: ProcessPoolExecutor | None = None
_in_flight = 0


class BusyError(DomainError):
    status_code = 503


class OverBudgetError(DomainError):
    status_code = 422


def _executor() -> ProcessPoolExecutor:
    global _pool
    if _pool is None:
        # forkserver: forking the API process itself would copy its threads' locks.
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(_PRELOAD)
        _pool = ProcessPoolExecutor(max_workers=WORKERS, mp_context=context)
    return _pool


def _kill(pool: ProcessPoolExecutor) -> None:
    global _pool
    if _pool is pool:
        _pool = None
    for process in list(getattr(pool, "_processes", {}).values()):
        process.kill()
    pool.shutdown(wait=False, cancel_futures=True)


def _over_budget(budget_seconds: float) -> OverBudgetError:
    return OverBudgetError(
        f"pemrosesan melebihi batas waktu {budget_seconds:g} detik; bagi berkas menjadi"
        " beberapa bagian",
        field="file",
    )


def _within_budget(budget_seconds: float, call: Callable[[], T]) -> T:
    """In the worker: the budget counts from when the job starts running there (not while
    it waits in the queue), and ends only this job, by an alarm signal in its own process."""

    def expire(_signum: int, _frame: object) -> None:
        raise _over_budget(budget_seconds)

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, budget_seconds)
    try:
        return call()
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


async def run_parse(
    budget_seconds: float, fn: Callable[P, T], *args: P.args, **kwargs: P.kwargs
) -> T:
    """`fn(*args, **kwargs)` (picklable, module-level) in a parse process, within budget.

    The budget is enforced inside the worker, so a job queued behind others is not failed
    for their time and a slow job ends without touching its neighbours. The processes are
    killed only as a backstop, when a job ignores its alarm (stuck in C code) for as long as
    the queue could possibly take."""
    global _in_flight
    if _in_flight >= WORKERS + QUEUE:
        raise BusyError("server sedang memproses impor lain; coba lagi sebentar lagi")
    _in_flight += 1
    try:
        pool = _executor()
        call = functools.partial(fn, *args, **kwargs)
        future = asyncio.get_running_loop().run_in_executor(
            pool, functools.partial(_within_budget, budget_seconds, call)
        )
        backstop = budget_seconds * (2 + QUEUE) + 5
        try:
            return await asyncio.wait_for(future, backstop)
        except TimeoutError:
            _kill(pool)
            raise _over_budget(budget_seconds) from None
        except BrokenProcessPool:  # killed for another job's budget, or a worker crashed
            _kill(pool)
            raise BusyError("pemrosesan terhenti; coba lagi") from None
    finally:
        _in_flight -= 1


def shutdown() -> None:
    """On application shutdown: the parse processes go with the API."""
    if _pool is not None:
        _kill(_pool)
