"""Running SOPs, by what each part does: `context` (what every call loads), `starting`,
`task_actions`, `case_actions`, and `activation` (a step put to work). This module names
the public calls for the controllers and the demo simulator."""

from __future__ import annotations

from alur.domain.cases.case_actions import cancel, comment
from alur.domain.cases.context import Work, access_case_by_id, load_work, pinned_document
from alur.domain.cases.starting import start_case
from alur.domain.cases.task_actions import (
    claim,
    complete,
    decide,
    reassign,
    release,
    return_to,
    return_work_to_queue,
)

__all__ = [
    "Work",
    "access_case_by_id",
    "cancel",
    "claim",
    "comment",
    "complete",
    "decide",
    "load_work",
    "pinned_document",
    "reassign",
    "release",
    "return_to",
    "return_work_to_queue",
    "start_case",
]
