"""The in-process event bus: reactions run in order, once each, and an event nobody listens
to is an error rather than a notification silently dropped."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

import pytest

from alur.core.events import announce, subscribe
from alur.core.tenancy import TenantContext


@dataclass(frozen=True)
class Happened:
    what: str


@dataclass(frozen=True)
class Unheard:
    what: str


async def test_reactions_run_once_each_in_order_and_silence_is_an_error() -> None:
    seen: list[str] = []

    async def first(conn: Any, ctx: TenantContext, event: Happened) -> None:
        seen.append(f"1:{event.what}")

    async def second(conn: Any, ctx: TenantContext, event: Happened) -> None:
        seen.append(f"2:{event.what}")

    subscribe(Happened, first)
    subscribe(Happened, second)
    subscribe(Happened, first)  # connecting twice keeps one
    ctx = TenantContext(tenant_id=uuid.uuid4(), tenant_slug="uji")
    await announce(None, ctx, Happened("x"))
    assert seen == ["1:x", "2:x"]
    with pytest.raises(RuntimeError, match="nobody listens to Unheard"):
        await announce(None, ctx, Unheard("y"))


def test_the_app_connects_notifications_to_every_case_event() -> None:
    from alur.core import events
    from alur.domain.cases import events as case_events
    from alur.domain.notifications.reactions import connect

    connect()
    for name in ("TaskActivated", "TaskReassigned", "CaseFinished"):
        assert events._HANDLERS[getattr(case_events, name)], name
