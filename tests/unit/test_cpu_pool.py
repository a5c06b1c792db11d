"""The parse pool answers within its budget, frees itself from a runaway job, and carries a
domain error back from its process with its class, message and field."""

from __future__ import annotations

import time

import pytest

from alur.core import cpu_pool
from alur.core.errors import NotFoundError, ValidationError


def _sleep(seconds: float) -> float:
    time.sleep(seconds)
    return seconds


def _refuse(field: str) -> None:
    raise ValidationError("nilai tidak valid", field=field)


def _not_found() -> None:
    raise NotFoundError("SOP")


async def test_a_job_over_budget_is_answered_and_the_pool_recovers() -> None:
    started = time.monotonic()
    with pytest.raises(cpu_pool.OverBudgetError, match=r"batas waktu 0\.5 detik"):
        await cpu_pool.run_parse(0.5, _sleep, 30)
    assert time.monotonic() - started < 5
    assert await cpu_pool.run_parse(20, _sleep, 0.01) == 0.01
    assert cpu_pool._in_flight == 0


async def test_time_in_the_queue_does_not_count_and_neighbours_are_not_killed() -> None:
    """Two long jobs fill both workers; a short job queued behind them waits longer than its
    own budget, yet runs; the long ones finish too."""
    import asyncio

    long_jobs = [cpu_pool.run_parse(5, _sleep, 1.2) for _ in range(cpu_pool.WORKERS)]
    started = [asyncio.ensure_future(job) for job in long_jobs]
    await asyncio.sleep(0.3)
    assert await cpu_pool.run_parse(1.0, _sleep, 0.05) == 0.05
    assert await asyncio.gather(*started) == [1.2] * cpu_pool.WORKERS


async def test_domain_errors_cross_the_process_boundary_whole() -> None:
    with pytest.raises(ValidationError) as refused:
        await cpu_pool.run_parse(20, _refuse, "steps[2].waktu")
    assert (refused.value.message, refused.value.field) == ("nilai tidak valid", "steps[2].waktu")
    with pytest.raises(NotFoundError, match="SOP tidak ditemukan"):
        await cpu_pool.run_parse(20, _not_found)


async def test_more_jobs_than_slots_are_refused_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cpu_pool, "_in_flight", cpu_pool.WORKERS + cpu_pool.QUEUE)
    with pytest.raises(cpu_pool.BusyError):
        await cpu_pool.run_parse(20, _sleep, 0)
    cpu_pool.shutdown()
