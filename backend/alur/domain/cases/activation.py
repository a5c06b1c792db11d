"""Putting a step to work: route it to a post (past an empty one, up the supervisor chain),
set its due time in office time, audit it, and announce it (notifications react: they tell
the people and schedule the escalation)."""

from __future__ import annotations

import uuid
from typing import Any

from alur.core.events import announce
from alur.domain.audit.chain import record
from alur.domain.cases import flow
from alur.domain.cases import repository as repo
from alur.domain.cases.context import (
    Work,
    positions_of,
)
from alur.domain.cases.events import TaskActivated
from alur.domain.cases.routing import Route, column_of, resolve
from alur.domain.catalogue.importer.model import SopDocument
from alur.domain.org.repository import held_by_today


async def activate(
    w: Work,
    case_id: uuid.UUID,
    doc: SopDocument,
    position: int,
    *,
    unit_id: uuid.UUID,
    performer_units: dict[str, uuid.UUID],
    starter: uuid.UUID,
    cause: str,
    note: str = "",
) -> uuid.UUID:
    """``note``: what the previous step's performer wrote (a "tidak" reason, a return
    reason), carried into the notification."""
    step = flow.step_at(doc, position)
    column = column_of(doc, step.performer)
    route = resolve(w.org, column, unit_id, performer_units, await positions_of(w, starter))
    external = route.position_id is None
    vacant: uuid.UUID | None = None
    recipients = [starter]
    if route.position_id is not None:
        recipients = await held_by_today(w.conn, route.position_id, w.today)
        if not recipients:
            vacant = route.position_id
            route, recipients = await _past_vacancy(w, route, vacant)
    deadline = (
        flow.deadline(w.cal, step, w.moment) if not external else flow.Deadline(None, None, None)
    )
    values: dict[str, Any] = {
        "case_id": case_id,
        "step_position": step.position,
        "step_number": step.number,
        "step_kind": step.kind,
        "activity": step.activity,
        "performer_key": column.key,
        "position_id": route.position_id,
        "external_party": route.external_party,
        "routing": route.explanation,
        "claimed_by": starter if external else None,
        "activated_at": w.moment,
        "waktu_raw": step.waktu.raw,
        "standard_minutes": deadline.standard_minutes,
        "at_risk_at": deadline.at_risk_at,
        "due_at": deadline.due_at,
        "counts_for_office": not external,
    }
    task_id = await repo.insert_task(w.conn, w.ctx.tenant_id, values)
    heading = await repo.case_heading(w.conn, case_id)
    await announce(
        w.conn,
        w.ctx,
        TaskActivated(
            task_id=task_id,
            case_id=case_id,
            number=heading["number"],
            subject=heading["subject"],
            step=step.number or str(step.position),
            activity=step.activity,
            due_at=deadline.due_at,
            recipients=recipients,
            returned=cause == "returned",
            note=note,
            zone=str(w.cal.zone),
            task=values,
            starter=starter,
            vacant=w.org.positions[vacant]["title"] if vacant else None,
            routed_to=w.org.positions[route.position_id]["title"] if route.position_id else None,
        ),
    )
    await record(
        w.conn,
        w.ctx,
        "task.activated",
        "task",
        task_id,
        case_id=case_id,
        at=w.moment,
        after={
            "step": step.position,
            "number": step.number,
            "position": w.org.positions[route.position_id]["code"] if route.position_id else None,
            "external_party": route.external_party,
            "due_at": deadline.due_at,
            "cause": cause,
            "vacant": w.org.positions[vacant]["code"] if vacant else None,
        },
    )
    return task_id


async def _past_vacancy(w: Work, route: Route, vacant: uuid.UUID) -> tuple[Route, list[uuid.UUID]]:
    """A position nobody holds today hands its step to the nearest held position up the
    supervisor chain, so the work never waits on nobody; with none held, it stays put."""
    title = w.org.positions[vacant]["title"]
    seen = {vacant}
    current = w.org.positions[vacant].get("supervisor_id")
    while current is not None and current not in seen and current in w.org.positions:
        seen.add(current)
        holders = await held_by_today(w.conn, current, w.today)
        if holders:
            above = w.org.positions[current]["title"]
            why = f"{route.explanation}; posisi {title} kosong, diteruskan ke {above}"
            return Route(current, None, why), holders
        current = w.org.positions[current].get("supervisor_id")
    return Route(vacant, None, f"{route.explanation}; posisi {title} kosong"), []
