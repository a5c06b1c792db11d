"""The API as a real server process (uvicorn) on the test stack, for tests that need real
concurrency or real HTTP: the in-process test client runs one request at a time."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


@dataclass
class ApiProcess:
    url: str
    proc: subprocess.Popen[bytes]
    log_path: Path

    def wait_live(self, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while True:
            try:
                urllib.request.urlopen(f"{self.url}/health/live", timeout=1)  # noqa: S310
                return
            except OSError:
                if self.proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"the API did not start: see {self.log_path}") from None
                time.sleep(0.2)

    def kill(self) -> None:
        """SIGKILL: no shutdown, no cleanup, as when a node dies."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(timeout=15)

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
        self.proc.wait(timeout=15)


def start_api(port: int, name: str, **env: str) -> ApiProcess:
    """Starts the API on 127.0.0.1:`port` with `env` added, without waiting for it."""
    log_path = ROOT / ".data" / "test" / "run" / f"{name}.log"
    log_path.parent.mkdir(parents=True, exist_ok=True)
    with log_path.open("wb") as log:
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "uvicorn",
                "alur.app:create_app",
                "--factory",
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
            ],
            env={**os.environ, **env},
            stdout=log,
            stderr=subprocess.STDOUT,
            cwd=ROOT,
        )
    return ApiProcess(f"http://127.0.0.1:{port}", proc, log_path)


@contextmanager
def running_api(port: int, name: str, **env: str) -> Iterator[str]:
    """Starts the API on 127.0.0.1:`port` with `env` added; yields its base URL."""
    api = start_api(port, name, **env)
    try:
        api.wait_live()
        yield api.url
    finally:
        api.stop()
