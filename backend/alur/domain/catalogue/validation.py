"""Whether a version can be published: every step has a performer Alur can route to, every
decision leads somewhere, every step is reachable and every path ends."""

from __future__ import annotations

from dataclasses import dataclass

import msgspec

from alur.domain.catalogue.importer.model import SopDocument


class Problem(msgspec.Struct):
    field: str
    reason: str


@dataclass(frozen=True)
class OrgFacts:
    """What validation needs to know of the office's org."""

    position_codes: frozenset[str]
    unit_codes: frozenset[str]
    kinds_by_unit: dict[str, frozenset[str]]
    parent_of: dict[str, str | None]

    def kind_reachable_from(self, unit: str, kind: str) -> bool:
        """A rule like 'Kasi of the owning unit' resolves in the unit or an ancestor, or in a
        sub-unit the case is started in."""
        seen: set[str] = set()
        current: str | None = unit
        while current is not None and current not in seen:
            if kind in self.kinds_by_unit.get(current, frozenset()):
                return True
            seen.add(current)
            current = self.parent_of.get(current)
        return self.kind_below(unit, kind)

    def kind_below(self, unit: str, kind: str) -> bool:
        """A case may run in a sub-unit of the owning unit (a Seksi of the Bidang), where
        the rule then resolves; so a kind held only below the owning unit also counts."""
        todo = [u for u, parent in self.parent_of.items() if parent == unit]
        seen: set[str] = set()
        while todo:
            current = todo.pop()
            if current in seen:
                continue
            seen.add(current)
            if kind in self.kinds_by_unit.get(current, frozenset()):
                return True
            todo.extend(u for u, parent in self.parent_of.items() if parent == current)
        return False


def _successors(doc: SopDocument) -> dict[int, list[int]]:
    positions = [s.position for s in doc.steps]
    nxt: dict[int, list[int]] = {}
    for i, step in enumerate(doc.steps):
        if step.kind == "end":
            nxt[step.position] = []
        elif step.kind == "decision" and step.decision is not None:
            nxt[step.position] = [
                t for t in (step.decision.yes_target, step.decision.no_target) if t is not None
            ]
        else:
            nxt[step.position] = [positions[i + 1]] if i + 1 < len(positions) else []
    return nxt


def validate(doc: SopDocument, org: OrgFacts) -> list[Problem]:
    problems: list[Problem] = []
    if not doc.steps:
        return [Problem("steps", "SOP belum memiliki langkah")]
    columns = {c.key: c for c in doc.performers}
    owning = doc.unit.unit_code
    for c in doc.performers:
        rule, where = c.rule, f"performers[{c.key}]"
        if rule.kind == "unresolved":
            problems.append(Problem(where, f"pelaksana '{c.header}' belum dipetakan ke jabatan"))
        elif rule.kind == "position" and rule.code not in org.position_codes:
            problems.append(Problem(where, f"jabatan '{rule.code}' tidak ada di struktur"))
        elif rule.kind == "position_of_unit" and rule.unit == "owning":
            if owning is None or owning not in org.unit_codes:
                problems.append(Problem("unit", "unit pemilik SOP belum ditetapkan"))
            elif not org.kind_reachable_from(owning, str(rule.position_kind)):
                problems.append(
                    Problem(
                        where,
                        f"tidak ada jabatan {rule.position_kind} di unit '{owning}' atau atasannya",
                    )
                )
    positions = {s.position for s in doc.steps}
    for i, step in enumerate(doc.steps):
        where = f"steps[{i}]"
        if step.performer is None:
            problems.append(
                Problem(
                    f"{where}.performer",
                    f"langkah {step.number or step.position} belum punya pelaksana",
                )
            )
        elif step.performer not in columns:
            problems.append(
                Problem(f"{where}.performer", f"pelaksana '{step.performer}' bukan kolom SOP ini")
            )
        if step.kind == "decision":
            d = step.decision
            # A target of None ends the SOP on that branch (the importer's model); a
            # decision needs at least one branch that goes on.
            if d is None or (d.yes_target is None and d.no_target is None):
                problems.append(
                    Problem(f"{where}.decision", "keputusan harus punya tujuan ya dan tidak")
                )
            else:
                for label, target in (("ya", d.yes_target), ("tidak", d.no_target)):
                    if target is not None and target not in positions:
                        problems.append(
                            Problem(f"{where}.decision", f"tujuan '{label}' ({target}) tidak ada")
                        )
    nxt = _successors(doc)
    start = doc.steps[0].position
    reached, todo = {start}, [start]
    while todo:
        for t in nxt.get(todo.pop(), []):
            if t in positions and t not in reached:
                reached.add(t)
                todo.append(t)
    for i, step in enumerate(doc.steps):
        if step.position not in reached:
            problems.append(
                Problem(
                    f"steps[{i}]", f"langkah {step.number or step.position} tidak pernah dicapai"
                )
            )
    ends = {p for p, targets in nxt.items() if not targets} | {
        s.position
        for s in doc.steps
        if s.kind == "decision"
        and s.decision is not None
        and None in (s.decision.yes_target, s.decision.no_target)
    }
    can_end, changed = set(ends), True
    while changed:
        changed = False
        for p, targets in nxt.items():
            if p not in can_end and any(t in can_end for t in targets):
                can_end.add(p)
                changed = True
    for i, step in enumerate(doc.steps):
        if step.position in reached and step.position not in can_end:
            problems.append(
                Problem(
                    f"steps[{i}]",
                    f"dari langkah {step.number or step.position} alur tidak pernah selesai",
                )
            )
    return problems
