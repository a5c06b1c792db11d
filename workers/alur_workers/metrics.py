"""Job metrics of the worker, and the port that serves them (docs/operations.md).

A worker is several processes (`dramatiq ... --processes 2`), and a scrape must see all of
them at once: with `ALUR_WORKER_METRICS_PORT` set, each worker process records into
prometheus_client's multiprocess files, in one directory per worker run (named after the
Dramatiq main process, the parent of every worker process and fork), and one small HTTP server
forked by Dramatiq (a middleware's `forks`) serves their sum on that port, behind
`ALUR_METRICS_TOKEN` when one is set. Unset, metrics stay in each process's memory and no
port opens. The counters a job moves in domain code (escalations fired) are served here too.
"""

from __future__ import annotations

import hmac
import logging
import os
import shutil
import tempfile
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import dramatiq
from dramatiq.middleware import Middleware
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    values,
)
from prometheus_client.multiprocess import MultiProcessCollector

from alur.core.logs import configure_logging
from alur.core.settings import get_settings

log = logging.getLogger("alur.worker_metrics")

JOB_RUNS = Counter(
    "alur_job_runs",
    "Deliveries of outbox jobs run by a worker, by actor and outcome: done; failed (retried"
    " after a backoff); dead (failed for the last time); skipped (a duplicate or early"
    " message); superseded (the lease ran out and a later run owns the job); error (the"
    " outcome could not be recorded)",
    ["actor", "outcome"],
)
JOB_SECONDS = Histogram(
    "alur_job_duration_seconds",
    "Time a worker spent on a delivery it claimed (claim, work and recording the outcome)",
    ["actor"],
    buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 90, 120),
)
_OUTCOMES = {"pending": "failed"}  # what `execute` returns -> the outcome label


def record_job(actor: str, status: str, seconds: float) -> None:
    JOB_RUNS.labels(actor=actor, outcome=_OUTCOMES.get(status, status)).inc()
    if status != "skipped":
        JOB_SECONDS.labels(actor=actor).observe(seconds)


_PREFIX = "alur-worker-metrics-"


def run_directory() -> Path:
    """Where this worker run's processes write: the same for every worker process and fork,
    whose parent is the Dramatiq main process."""
    return Path(tempfile.gettempdir()) / f"{_PREFIX}{os.getppid()}"


def record_across_processes() -> None:
    """From now on, metric values live in this run's files (prometheus_client's multiprocess
    mode, chosen per value when a labelled series is first used; none is before a job runs)."""
    path = run_directory()
    path.mkdir(parents=True, exist_ok=True)
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = str(path)
    values.ValueClass = values.get_value_class()  # type: ignore[no-untyped-call]


def _remove_finished_runs(current: Path) -> None:
    """Directories of earlier worker runs on this host whose main process is gone."""
    for old in current.parent.glob(f"{_PREFIX}*"):
        pid = old.name.removeprefix(_PREFIX)
        if old == current or not pid.isdigit():
            continue
        try:
            os.kill(int(pid), 0)
        except ProcessLookupError:
            shutil.rmtree(old, ignore_errors=True)
        except PermissionError:
            continue  # alive, another user's


def _handler(registry: CollectorRegistry, token: str) -> type[BaseHTTPRequestHandler]:
    expected = f"Bearer {token}".encode()

    class Scrape(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            given = (self.headers.get("Authorization") or "").encode()
            if token and not hmac.compare_digest(given, expected):
                self.send_error(401)
                return
            if self.path.split("?")[0] != "/metrics":
                self.send_error(404)
                return
            body = generate_latest(registry)
            self.send_response(200)
            self.send_header("Content-Type", CONTENT_TYPE_LATEST)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: Any) -> None:
            pass  # every scrape would be a line

    return Scrape


def serve_metrics() -> int:
    """A Dramatiq fork: serves the sum of this run's worker processes until stopped."""
    configure_logging()
    settings = get_settings()
    path = run_directory()
    path.mkdir(parents=True, exist_ok=True)
    _remove_finished_runs(path)
    registry = CollectorRegistry()
    MultiProcessCollector(registry, path=str(path))  # type: ignore[no-untyped-call]
    try:
        server = ThreadingHTTPServer(
            ("", settings.worker_metrics_port), _handler(registry, settings.metrics_token)
        )
    except OSError:
        log.exception("worker metrics: port %s unavailable", settings.worker_metrics_port)
        return 1
    server.daemon_threads = True
    log.info("worker metrics on port %s", settings.worker_metrics_port)
    server.serve_forever()
    return 0


class WorkerObservability(Middleware):
    """In each worker process: logs as configured (ALUR_LOG_FORMAT), and job metrics summed
    across processes behind ALUR_WORKER_METRICS_PORT when it is set."""

    @property
    def forks(self) -> list[Callable[[], int]]:
        return [serve_metrics] if get_settings().worker_metrics_port else []

    def after_process_boot(self, broker: dramatiq.Broker) -> None:
        configure_logging()
        if get_settings().worker_metrics_port:
            record_across_processes()
