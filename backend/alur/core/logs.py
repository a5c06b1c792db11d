"""Logs an operator can search: one JSON object a line (`ALUR_LOG_FORMAT=json`, the default
outside dev) or plain text for a developer, every line carrying the request or job it was
written in (docs/operations.md lists the fields).

The request id and office live in a contextvar holding one small dict per request or job. A
request's dict is created by `RequestLogMiddleware` and filled in as the request learns more
(authentication adds the office); it is the same dict object in any task the request starts,
so what one step learns every later line carries. `configure_logging` is called once per
process (the API factory, the worker, the scheduler) and is safe to call again.
"""

from __future__ import annotations

import contextvars
import datetime as dt
import json
import logging
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, TextIO

from litestar.enums import ScopeType
from litestar.types import ASGIApp, Message, Receive, Scope, Send

from alur.core.web_headers import request_id

CONTEXT_FIELDS = ("request_id", "office", "job_id", "actor")
"""Carried by every line written while a request or job runs, when known."""

_context: contextvars.ContextVar[dict[str, str] | None] = contextvars.ContextVar(
    "alur_log_context", default=None
)
# Attributes every LogRecord has; anything else on a record came from `extra=` and is logged
# (but not uvicorn's copy of its message with terminal colours).
_RECORD_ATTRIBUTES = frozenset(vars(logging.makeLogRecord({}))) | {
    "message",
    "asctime",
    "color_message",
}
_QUIET_PATHS = ("/health", "/metrics")
"""Probes and scrapes every few seconds: no access line (their errors are still logged)."""


def current() -> dict[str, str]:
    """The fields of the request or job running now (empty outside one)."""
    return dict(_context.get() or {})


@contextmanager
def log_context(**fields: str) -> Iterator[dict[str, str]]:
    """Lines written inside carry `fields` (on top of any outer context's)."""
    token = _context.set({**(_context.get() or {}), **fields})
    try:
        yield _context.get() or {}
    finally:
        _context.reset(token)


def annotate(**fields: str) -> None:
    """Adds to the running request's or job's fields, for the lines still to come."""
    known = _context.get()
    if known is not None:
        known.update(fields)


class ContextFilter(logging.Filter):
    """Copies the context onto each record when it is written (a handler that formats later,
    in another thread, would no longer see the contextvar)."""

    def filter(self, record: logging.LogRecord) -> bool:
        for key, value in (_context.get() or {}).items():
            if not hasattr(record, key):
                setattr(record, key, value)
        return True


def _plain(value: Any) -> Any:
    return value if isinstance(value, str | int | float | bool | None) else str(value)


class JsonFormatter(logging.Formatter):
    """One JSON object per record, on one line whatever the message holds."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "ts": dt.datetime.fromtimestamp(record.created, dt.UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for key in CONTEXT_FIELDS:
            value = getattr(record, key, None)
            if value is not None:
                entry[key] = value
        for key, value in vars(record).items():
            if key not in _RECORD_ATTRIBUTES and key not in entry and not key.startswith("_"):
                entry[key] = _plain(value)
        if record.exc_info:
            entry["exc"] = self.formatException(record.exc_info)
        if record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


class TextFormatter(logging.Formatter):
    """The developer's line: time, level, logger, message, then the context that is known."""

    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)s %(name)s %(message)s")

    def format(self, record: logging.LogRecord) -> str:
        line = super().format(record)
        known = [f"{k}={getattr(record, k)}" for k in CONTEXT_FIELDS if hasattr(record, k)]
        if not known:
            return line
        head, newline, trace = line.partition("\n")
        return f"{head} [{' '.join(known)}]{newline}{trace}"


class _StderrHandler(logging.StreamHandler[TextIO]):
    """Writes to whatever sys.stderr is at the time (a Dramatiq worker process points it at
    its log pipe; a test runner swaps it per test)."""

    def __init__(self) -> None:
        super().__init__()

    @property
    def stream(self) -> TextIO:
        return sys.stderr

    @stream.setter
    def stream(self, _: TextIO) -> None:
        pass


def formatter(kind: str) -> logging.Formatter:
    if kind == "json":
        return JsonFormatter()
    if kind == "text":
        return TextFormatter()
    raise ValueError(f"ALUR_LOG_FORMAT={kind!r}: expected json or text")


def configure_logging(kind: str | None = None, level: int = logging.INFO) -> None:
    """The root logger writes every record to stderr in the configured format, with its
    context. Replaces a plain handler someone set up before (Dramatiq's or `basicConfig`'s)
    and our own from an earlier call; leaves other handlers (a test runner's) alone. Uvicorn's
    loggers go through the root too; its access line gives way to ours, which knows the
    request id and office."""
    from alur.core.settings import get_settings

    chosen = formatter(kind or get_settings().log_format)
    root = logging.getLogger()
    for old in list(root.handlers):
        if type(old) in (logging.StreamHandler, _StderrHandler):
            root.removeHandler(old)
    handler = _StderrHandler()
    handler.setFormatter(chosen)
    handler.addFilter(ContextFilter())
    root.addHandler(handler)
    root.setLevel(level)
    for name in ("uvicorn", "uvicorn.error", "uvicorn.access"):
        logger = logging.getLogger(name)
        logger.handlers.clear()
        logger.propagate = True
    logging.getLogger("uvicorn.access").setLevel(logging.WARNING)


access_log = logging.getLogger("alur.access")


class RequestLogMiddleware:
    """Opens the log context of each HTTP request (its id, as answered in X-Request-ID) and
    writes one access line when the answer is sent."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != ScopeType.HTTP:
            await self.app(scope, receive, send)
            return
        status = 500
        started = time.perf_counter()

        async def sending(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
            await send(message)

        with log_context(request_id=request_id(scope)):
            try:
                await self.app(scope, receive, sending)
            finally:
                path = scope.get("path", "")
                if not path.startswith(_QUIET_PATHS):
                    access_log.info(  # %r: a newline in a path cannot forge a text line
                        "%s %r %s",
                        scope.get("method", ""),
                        path,
                        status,
                        extra={
                            "method": scope.get("method", ""),
                            "path": path,
                            "status": status,
                            "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                        },
                    )
