"""The devstack stops only processes it started: a PID file is trusted only with its marker."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from devstack import procs


def test_pidfile_of_a_foreign_process_is_not_trusted(tmp_path: Path) -> None:
    other = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        pidfile = tmp_path / "redis.pid"
        pidfile.write_text(f"{other.pid}\n")
        assert procs.read_pid(pidfile, "redis-server") is None
        assert procs.stop("redis", tmp_path, "redis-server") is False
        assert other.poll() is None, "a process we did not start was killed"
    finally:
        other.kill()
        other.wait()


def test_start_and_stop_by_pid(tmp_path: Path) -> None:
    pid = procs.start("sleeper", [sys.executable, "-c", "import time; time.sleep(60)"], tmp_path)
    assert procs.read_pid(tmp_path / "sleeper.pid", "time.sleep") == pid
    assert procs.stop("sleeper", tmp_path, "time.sleep") is True
    assert not procs.pid_alive(pid)
    assert not (tmp_path / "sleeper.pid").exists()
