"""tests/benchmarks/bench_jobs.py in its short, untimed form, so it cannot rot: it must run to
the end on the test stack (its own database and Redis namespace, created and dropped by it)
and print its figures. The figures themselves go to docs/performance.md, not here."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def test_bench_jobs_runs_and_prints_its_figures() -> None:
    env = {**os.environ, "ALUR_BENCH_JOBS_DB": "alur_bench_jobs_ci"}
    done = subprocess.run(
        [sys.executable, "tests/benchmarks/bench_jobs.py", "-n", "40", "--tasks", "2000"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    out = done.stdout
    assert done.returncode == 0, out + done.stderr[-3000:]
    assert "raw Dramatiq no-op actor" in out
    assert "outbox-relayed probe jobs" in out
    assert " x raw" in out
    assert "sweep of 2000 open tasks, 20 newly overdue" in out
    assert "sweep check: all overdue tasks escalated once" in out
