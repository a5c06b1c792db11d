"""What every case read and action loads first, inside its transaction: the moment, the
office's calendar and org, the acting user's positions and reach; the pinned SOP version
a case runs on; and the case itself, found only within the user's reach."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any, TypeVar

import msgspec

from alur.core.clock import now
from alur.core.dbtypes import Conn
from alur.core.errors import NotFoundError
from alur.core.tenancy import TenantContext
from alur.domain.calendar.services import cached_calendar
from alur.domain.calendar.working_time import WorkingCalendar
from alur.domain.cases import repository as repo
from alur.domain.cases.access import Actor, cached_actor
from alur.domain.cases.schemas import (
    CaseOut,
)
from alur.domain.catalogue.importer.model import SopDocument
from alur.domain.identity.repository import held_positions
from alur.domain.org.repository import office_versions
from alur.domain.org.snapshot import OrgSnapshot, org_snapshot

T = TypeVar("T")


def found(value: T | None, what: str) -> T:
    if value is None:
        raise NotFoundError(what)
    return value


_DOCS: OrderedDict[uuid.UUID, SopDocument] = OrderedDict()


def pinned_document(version_id: uuid.UUID, raw: str | dict[str, Any]) -> SopDocument:
    """Published versions never change, so each is parsed once per process."""
    doc = _DOCS.get(version_id)
    if doc is None:
        doc = msgspec.convert(json.loads(raw) if isinstance(raw, str) else raw, SopDocument)
        _DOCS[version_id] = doc
        while len(_DOCS) > 256:
            _DOCS.popitem(last=False)
    return doc


async def pinned(conn: Conn, version_id: uuid.UUID) -> SopDocument:
    """The pinned version's document, fetched (tens of kilobytes of JSON) only when this
    process has not parsed it yet."""
    doc = _DOCS.get(version_id)
    if doc is not None:
        _DOCS.move_to_end(version_id)
        return doc
    return pinned_document(version_id, await repo.version_document(conn, version_id))


@dataclass
class Work:
    """Everything one action needs, loaded once inside its transaction."""

    ctx: TenantContext
    conn: Conn
    moment: dt.datetime
    org: OrgSnapshot
    actor: Actor
    cal: WorkingCalendar

    @property
    def today(self) -> dt.date:
        return self.moment.astimezone(self.cal.zone).date()


async def load_work(ctx: TenantContext, conn: Conn) -> Work:
    """One query when nothing changed: the office's change counters, then the calendar, org
    and the acting user from this process's caches (each keyed by the counters it depends on)."""
    moment = now()
    org_v, calendar_v, national_v = await office_versions(conn, ctx.tenant_id)
    cal = await cached_calendar(conn, ctx.tenant_id, (calendar_v, national_v))
    org = await org_snapshot(conn, ctx.tenant_id, org_v)
    actor = await cached_actor(conn, ctx, org, org_v, moment.astimezone(cal.zone).date())
    return Work(ctx, conn, moment, org, actor, cal)


async def positions_of(w: Work, starter: uuid.UUID) -> set[uuid.UUID]:
    return {p.position_id for p in await held_positions(w.conn, starter, w.today)}


async def access_case_by_id(w: Work, case_id: uuid.UUID, *, lock: bool = False) -> CaseOut:
    if not await repo.case_visible(
        w.conn, case_id, w.actor.view_list, w.actor.user_id, list(w.actor.positions)
    ):
        raise NotFoundError("Kasus")
    case = await repo.get_case(w.conn, case_id, w.moment, lock=lock)
    if case is None:
        raise NotFoundError("Kasus")
    return case
