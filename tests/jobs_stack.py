"""Real job processes for tests: a Dramatiq worker and the scheduler (with the outbox relay)
as subprocesses on the test stack, which a test may kill and start again."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
LOGS = ROOT / ".data" / "test" / "run"


@dataclass
class JobProcesses:
    env: dict[str, str]
    procs: dict[str, subprocess.Popen[bytes]] = field(default_factory=dict)
    mailbox: Any = None

    def _argv(self, name: str) -> list[str]:
        """'worker' or 'scheduler', or a name starting with one of them ('worker-b')."""
        if name.startswith("worker"):
            return [
                sys.executable,
                "-m",
                "dramatiq",
                "alur_workers.actors",
                "--processes",
                "1",
                "--threads",
                "4",
            ]
        return [sys.executable, "-m", "alur_workers.scheduler"]

    def start(self, name: str) -> None:
        LOGS.mkdir(parents=True, exist_ok=True)
        log = (LOGS / f"pytest-{name}.log").open("ab")
        self.procs[name] = subprocess.Popen(
            self._argv(name),
            env=self.env,
            cwd=ROOT,
            stdout=log,
            stderr=log,
            start_new_session=True,
        )

    def kill(self, name: str, sig: int = signal.SIGKILL) -> None:
        """SIGKILL by default: the process gets no chance to finish or clean up."""
        proc = self.procs.pop(name, None)
        if proc is None:
            return
        try:
            os.killpg(proc.pid, sig)
        except ProcessLookupError:
            return
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=5)

    def stop_all(self) -> None:
        for name in list(self.procs):
            self.kill(name, signal.SIGTERM)


def job_env(**extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env.setdefault("PICCOLO_CONF", "alur.piccolo_conf")
    env["ALUR_JOB_LEASE_SECONDS"] = "4"
    env["ALUR_RELAY_INTERVAL_SECONDS"] = "0.1"
    env["ALUR_JOB_BACKOFF_SECONDS"] = "0.2"
    env["ALUR_JOB_MAX_ATTEMPTS"] = "5"
    env.update(extra)
    return env


def wait_for(check: object, timeout: float = 30.0, every: float = 0.1) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():  # type: ignore[operator]
            return True
        time.sleep(every)
    return False
