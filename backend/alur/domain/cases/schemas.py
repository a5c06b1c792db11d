"""What the case and task API takes and returns."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Annotated, Literal

import msgspec

from alur.domain.audit.schemas import AuditEventOut
from alur.domain.documents.schemas import DocumentOut

Text500 = Annotated[str, msgspec.Meta(min_length=3, max_length=500)]
Reason = Annotated[str, msgspec.Meta(min_length=3, max_length=2000)]
Note = Annotated[str, msgspec.Meta(max_length=4000)]
SlaState = Literal["on_track", "at_risk", "overdue", "no_standard", "done"]


class CaseStart(msgspec.Struct, forbid_unknown_fields=True):
    sop_id: uuid.UUID
    subject: Text500
    unit_id: uuid.UUID | None = None
    reference: Annotated[str, msgspec.Meta(max_length=300)] = ""
    performer_units: dict[str, uuid.UUID] = msgspec.field(default_factory=dict)


class CompleteIn(msgspec.Struct, forbid_unknown_fields=True):
    note: Note = ""


class DecideIn(msgspec.Struct, forbid_unknown_fields=True):
    choice: Literal["ya", "tidak"]
    note: Note = ""


class ReturnIn(msgspec.Struct, forbid_unknown_fields=True):
    to_step: int
    reason: Reason


class ReassignIn(msgspec.Struct, forbid_unknown_fields=True):
    reason: Reason
    position_id: uuid.UUID | None = None
    user_id: uuid.UUID | None = None


class CommentIn(msgspec.Struct, forbid_unknown_fields=True):
    body: Annotated[str, msgspec.Meta(min_length=1, max_length=4000)]
    task_id: uuid.UUID | None = None


class CancelIn(msgspec.Struct, forbid_unknown_fields=True):
    reason: Reason


class TaskOut(msgspec.Struct):
    id: uuid.UUID
    case_id: uuid.UUID
    case_number: str
    case_subject: str
    sop_title: str
    step_position: int
    step_number: str | None
    step_kind: str
    activity: str
    position_id: uuid.UUID | None
    position_code: str | None
    position_title: str | None
    external_party: str | None
    routing: str
    status: str
    claimed_by: uuid.UUID | None
    claimed_by_name: str | None
    activated_at: dt.datetime
    waktu_raw: str
    standard_minutes: float | None
    at_risk_at: dt.datetime | None
    due_at: dt.datetime | None
    completed_at: dt.datetime | None
    completed_by: uuid.UUID | None
    completed_by_name: str | None
    outcome: str | None
    note: str
    worked_minutes: float | None
    counts_for_office: bool
    sla: SlaState
    escalation_level: int = 0
    holders: list[str] = msgspec.field(default_factory=list)


class TaskPage(msgspec.Struct):
    items: list[TaskOut]
    total: int
    limit: int
    offset: int


class CaseOut(msgspec.Struct):
    id: uuid.UUID
    number: str
    sop_id: uuid.UUID
    sop_key: str
    sop_title: str
    version_id: uuid.UUID
    version_number: int
    unit_id: uuid.UUID
    unit_name: str
    subject: str
    reference: str
    status: str
    started_by: uuid.UUID
    started_by_name: str
    started_at: dt.datetime
    closed_at: dt.datetime | None
    cancel_reason: str
    expected_minutes: float | None
    overdue: bool
    current_step_number: str | None = None
    current_activity: str | None = None
    current_performer: str | None = None
    current_due_at: dt.datetime | None = None


class CasePage(msgspec.Struct):
    items: list[CaseOut]
    total: int
    limit: int
    offset: int


class CommentOut(msgspec.Struct):
    id: uuid.UUID
    task_id: uuid.UUID | None
    author_id: uuid.UUID
    author_name: str
    body: str
    created_at: dt.datetime


class PlanStep(msgspec.Struct):
    """One step of the case's pinned SOP version, as the checklist shows it."""

    position: int
    number: str | None
    kind: str
    activity: str
    performer: str | None  # the performer column's header
    waktu_raw: str
    standard_minutes: float | None
    output: str | None
    next_position: int | None  # after a non-decision step; None ends the SOP
    yes_target: int | None
    no_target: int | None


class CaseDetail(msgspec.Struct):
    case: CaseOut
    tasks: list[TaskOut]
    current: TaskOut | None
    elapsed_minutes: float
    external_minutes: float
    can: list[str]
    return_targets: list[int]
    comments: list[CommentOut]
    timeline: list[AuditEventOut]
    documents: list[DocumentOut]
    steps: list[PlanStep] = msgspec.field(default_factory=list)
    # Working minutes from now to the current step's due time, negative when overdue.
    current_remaining_minutes: float | None = None


class StepFigure(msgspec.Struct):
    sop_id: uuid.UUID
    sop_title: str
    step_position: int
    step_number: str | None
    activity: str
    waktu_raw: str
    standard_minutes: float | None
    completed: int
    on_time: int
    on_time_rate: float | None
    median_minutes: float | None
    p90_minutes: float | None
    overdue: int
    measured: int = 0


class SopFigure(msgspec.Struct):
    sop_id: uuid.UUID
    sop_key: str
    sop_title: str
    started: int
    finished: int
    open: int
    on_time_rate: float | None
    measured: int = 0  # the finished steps with a time standard behind on_time_rate


class UnitFigure(msgspec.Struct):
    unit_id: uuid.UUID
    unit_name: str
    started: int
    finished: int
    on_time_rate: float | None
    measured: int = 0


class TrendPoint(msgspec.Struct):
    """One week of the period (weeks start on Monday, in the office's time zone)."""

    week: dt.date
    completed: int
    on_time_rate: float | None
    escalations: int
    measured: int = 0


class Performance(msgspec.Struct):
    start: dt.date
    end: dt.date
    sops: list[SopFigure]
    units: list[UnitFigure]
    steps: list[StepFigure]
    most_overdue: list[StepFigure]
    trend: list[TrendPoint]
    escalations: int


class MonitoringRow(msgspec.Struct):
    """One line of Permenpan RB 35/2012 Tabel 7 (monitoring of SOP implementation)."""

    no: int
    sop_id: uuid.UUID
    sop_key: str
    prosedur: str
    berjalan_baik: bool | None
    catatan: str
    tindakan: str
    on_time_rate: float | None
    finished: int


class Monitoring(msgspec.Struct):
    start: dt.date
    end: dt.date
    threshold: float
    rows: list[MonitoringRow]
    min_finished: int = 0  # fewer finished cases than this: no verdict


class VacantPost(msgspec.Struct):
    """A post SOPs in force route to that nobody holds today."""

    position_id: uuid.UUID
    title: str
    unit_name: str
    sops: list[str]  # the SOP keys whose steps would go to it


class TargetHolder(msgspec.Struct):
    user_id: uuid.UUID
    name: str
    kind: str  # definitive / plt / plh


class ReassignTarget(msgspec.Struct):
    """A post within the leader's reach that a task may be moved or delegated to."""

    position_id: uuid.UUID
    title: str
    unit_name: str
    holders: list[TargetHolder]
