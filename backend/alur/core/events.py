"""Domain events in one process: a domain announces what happened inside its transaction, and
the domains that care react in that same transaction, so a failing reaction undoes the whole
action. The announcer knows nobody by name; an event nobody listens to is an error, not a
silence (a process that forgot to connect its reactions must not drop notifications)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Awaitable, Callable
from typing import Any

from alur.core.dbtypes import Conn
from alur.core.tenancy import TenantContext

Handler = Callable[[Conn, TenantContext, Any], Awaitable[None]]
_HANDLERS: defaultdict[type, list[Handler]] = defaultdict(list)


def subscribe(event_type: type, handler: Handler) -> None:
    """Idempotent: connecting the same reaction twice keeps one."""
    if handler not in _HANDLERS[event_type]:
        _HANDLERS[event_type].append(handler)


async def announce(conn: Conn, ctx: TenantContext, event: object) -> None:
    handlers = _HANDLERS.get(type(event))
    if not handlers:
        raise RuntimeError(f"nobody listens to {type(event).__name__}: reactions not connected")
    for handler in handlers:
        await handler(conn, ctx, event)
