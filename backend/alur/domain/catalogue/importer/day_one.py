"""What accepting the suggestions does to an SOP, and how much of a catalogue it makes runnable.

``apply_suggestions`` is the one place a suggestion becomes part of a document (the API's
accept route and the demo office use it); ``readiness`` measures, with no hand edits, how many
SOPs with content would validate once every suggestion is accepted, and names what blocks the
rest — the figure the tenant admin's day one depends on.
"""

from __future__ import annotations

import copy
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from alur.domain.catalogue.validation import validate

from .column_links import ColumnSuggestion, org_facts, suggest_columns
from .model import SopDocument
from .performers import Org
from .suggest import Suggestion, suggest_performers


def apply_suggestions(
    doc: SopDocument,
    steps: dict[int, Suggestion] | dict[int, str],
    columns: dict[str, ColumnSuggestion],
    *,
    positions: Iterable[int] | None = None,
    column_keys: Iterable[str] | None = None,
) -> SopDocument:
    """A copy of ``doc`` with the chosen suggestions (all when none are named) written in,
    each marked ``suggested``."""
    out = copy.deepcopy(doc)
    chosen_steps = set(steps if positions is None else positions)
    chosen_columns = set(columns if column_keys is None else column_keys)
    for step in out.steps:
        if step.position in chosen_steps and step.position in steps:
            found = steps[step.position]
            step.performer = found if isinstance(found, str) else found.column
            step.provenance["performer"] = "suggested"
    for column in out.performers:
        if column.key in chosen_columns and column.key in columns:
            column.rule = copy.deepcopy(columns[column.key].rule)
            column.provenance = "suggested"
    return out


def suggest_all(
    doc: SopDocument, org: Org, catalogue: Sequence[SopDocument]
) -> tuple[dict[int, Suggestion], dict[str, ColumnSuggestion]]:
    return suggest_performers(doc, catalogue), suggest_columns(doc, org, catalogue)


@dataclass
class Readiness:
    with_content: int = 0
    runnable_before: int = 0
    runnable_after: int = 0
    no_steps: int = 0
    blockers: Counter[str] = field(default_factory=Counter)
    blocked: dict[str, list[str]] = field(default_factory=dict)


def _blocker(field_name: str, reason: str) -> str:
    if field_name.startswith("performers["):
        return "kolom pelaksana belum tertaut ke jabatan"
    if field_name == "unit":
        return "unit pemilik belum ditetapkan"
    if field_name.endswith(".performer"):
        return "langkah tanpa pelaksana"
    if field_name.endswith(".decision"):
        return "tujuan keputusan"
    if field_name == "steps":
        return "tanpa langkah"
    return "alur langkah"


def readiness(docs: Sequence[SopDocument], org: Org) -> Readiness:
    """Each SOP with content, before and after accepting every suggestion; each suggestion
    learns from the other SOPs only."""
    facts = org_facts(org)
    report = Readiness()
    for doc in docs:
        if doc.content == "missing" and not doc.steps:
            continue
        report.with_content += 1
        if not doc.steps:
            report.no_steps += 1
        others = [d for d in docs if d.sop_id != doc.sop_id]
        if not validate(doc, facts):
            report.runnable_before += 1
        steps, columns = suggest_all(doc, org, others)
        problems = validate(apply_suggestions(doc, steps, columns), facts)
        if not problems:
            report.runnable_after += 1
            continue
        kinds = sorted({_blocker(p.field, p.reason) for p in problems})
        report.blockers.update(kinds)
        report.blocked[doc.sop_id] = [f"{p.field}: {p.reason}" for p in problems]
    return report


def render_readiness(name: str, report: Readiness) -> str:
    """One office's figure, as printed by ``python -m alur.domain.catalogue.importer
    readiness``."""
    share = report.runnable_after / report.with_content if report.with_content else 0.0
    lines = [
        f"{name}: {report.with_content} SOP dengan isi; siap dijalankan sebelum saran"
        f" {report.runnable_before}, sesudah menerima semua saran {report.runnable_after}"
        f" ({share:.1%}); tanpa langkah di buku {report.no_steps}",
    ]
    lines += [f"  terhalang: {kind} — {n} SOP" for kind, n in report.blockers.most_common()]
    lines += [f"    {sop}: {'; '.join(why[:2])}" for sop, why in sorted(report.blocked.items())]
    return "\n".join(lines) + "\n"
