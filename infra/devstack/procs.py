"""Start detached processes, remember their PIDs, stop exactly those and nothing else."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import time
from collections.abc import Mapping, Sequence
from pathlib import Path


def pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    # A zombie still answers kill(0); treat it as gone.
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


def read_pid(pidfile: Path, marker: str) -> int | None:
    """The PID in `pidfile` if that process is alive and is still ours (its command has marker)."""
    try:
        pid = int(pidfile.read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return None
    if pid_alive(pid) and marker in _cmdline(pid):
        return pid
    return None


def start(
    name: str,
    argv: Sequence[str],
    run_dir: Path,
    env: Mapping[str, str] | None = None,
    cwd: Path | None = None,
) -> int:
    """Start argv in its own session, logging to run_dir/name.log; returns the PID."""
    run_dir.mkdir(parents=True, exist_ok=True)
    log = (run_dir / f"{name}.log").open("ab")
    proc = subprocess.Popen(
        list(argv),
        stdout=log,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
        env={**os.environ, **(env or {})},
        cwd=cwd,
        start_new_session=True,
    )
    (run_dir / f"{name}.pid").write_text(f"{proc.pid}\n")
    return proc.pid


def stop_pid(pid: int, timeout: float = 15.0) -> None:
    """SIGTERM the process group we created, then SIGKILL what is left after timeout."""
    for sig in (signal.SIGTERM, signal.SIGKILL):
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(pid, sig)
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, sig)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with contextlib.suppress(ChildProcessError):
                os.waitpid(pid, os.WNOHANG)
            if not pid_alive(pid):
                return
            time.sleep(0.1)


def stop(name: str, run_dir: Path, marker: str) -> bool:
    pidfile = run_dir / f"{name}.pid"
    pid = read_pid(pidfile, marker)
    if pid is not None:
        stop_pid(pid)
    pidfile.unlink(missing_ok=True)
    return pid is not None


def port_open(host: str, port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(0.5)
        return sock.connect_ex((host, port)) == 0


def wait_for_port(host: str, port: int, name: str, log: Path, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if port_open(host, port):
            return
        time.sleep(0.2)
    tail = log.read_text(errors="replace")[-2000:] if log.exists() else "(no log)"
    raise RuntimeError(f"{name} did not listen on {host}:{port} within {timeout:.0f}s.\n{tail}")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def choose_port(run_dir: Path, name: str, default: int) -> int:
    """The port a service of ours used last time, else the default, else any free one;
    so a port held by some other program never blocks the stack."""
    record = run_dir / f"{name}.port"
    try:
        remembered = int(record.read_text())
    except (OSError, ValueError):
        remembered = default
    port = remembered
    if port_open("127.0.0.1", port):
        port = default if not port_open("127.0.0.1", default) else free_port()
    run_dir.mkdir(parents=True, exist_ok=True)
    record.write_text(str(port))
    return port


def recorded_port(run_dir: Path, name: str, default: int) -> int:
    try:
        return int((run_dir / f"{name}.port").read_text())
    except (OSError, ValueError):
        return default
