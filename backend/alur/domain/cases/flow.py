"""How a case moves through its pinned SOP version: pure functions over the SOP document.

The Permenpan flowchart is sequential: a step leads to the next one in the table, a
decision leads to its ya or tidak target, and a target of None ends the SOP on that branch.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from alur.core.errors import ValidationError
from alur.domain.calendar.working_time import WorkingCalendar
from alur.domain.catalogue.importer.model import SopDocument, Step

END = None


def step_at(doc: SopDocument, position: int) -> Step:
    for step in doc.steps:
        if step.position == position:
            return step
    raise ValidationError(f"langkah {position} tidak ada di SOP ini", field="step")


def after(doc: SopDocument, position: int) -> int | None:
    """The step that follows a completed (non-decision) step, or None when the SOP ends."""
    step = step_at(doc, position)
    if step.kind == "end":
        return END
    index = [s.position for s in doc.steps].index(position)
    return doc.steps[index + 1].position if index + 1 < len(doc.steps) else END


def decided(doc: SopDocument, position: int, choice: str) -> int | None:
    step = step_at(doc, position)
    if step.kind != "decision" or step.decision is None:
        raise ValidationError("langkah ini bukan keputusan ya/tidak", field="choice")
    return step.decision.yes_target if choice == "ya" else step.decision.no_target


def main_path(doc: SopDocument) -> list[Step]:
    """The steps a case passes when every decision is 'ya': the basis of its expected total."""
    path: list[Step] = []
    seen: set[int] = set()
    current: int | None = doc.steps[0].position if doc.steps else None
    while current is not None and current not in seen:
        seen.add(current)
        step = step_at(doc, current)
        path.append(step)
        current = decided(doc, current, "ya") if step.kind == "decision" else after(doc, current)
    return path


@dataclass(frozen=True)
class Deadline:
    due_at: dt.datetime | None
    at_risk_at: dt.datetime | None
    standard_minutes: float | None


def deadline(cal: WorkingCalendar, step: Step, activated: dt.datetime) -> Deadline:
    """The step's waktu maximum added to its activation in working time; a waktu that is not
    a number ('sesuai jadwal', blank) gives no due time."""
    w = step.waktu
    if w.category != "numeric" or w.max is None or w.unit is None:
        return Deadline(None, None, None)
    try:
        due = cal.add(activated, w.max, w.unit)
    except ValueError:  # beyond the calendar's three-year horizon: no due time to keep
        return Deadline(None, None, cal.standard_minutes(w.max, w.unit))
    return Deadline(due, cal.at_risk_from(activated, due), cal.standard_minutes(w.max, w.unit))


def standard_minutes(cal: WorkingCalendar, step: Step) -> float | None:
    """The step's standard in working minutes, when its waktu is a number."""
    w = step.waktu
    if w.category != "numeric" or w.max is None or not w.unit:
        return None
    return cal.standard_minutes(w.max, w.unit)


def expected_minutes(cal: WorkingCalendar, doc: SopDocument, external: set[str]) -> float | None:
    """Sum of the standards along the main path, leaving out steps of outside parties."""
    total, counted = 0.0, False
    for step in main_path(doc):
        standard = standard_minutes(cal, step)
        if step.performer in external or standard is None:
            continue
        total += standard
        counted = True
    return total if counted else None
