"""Which position a step goes to: the performer column's rule, resolved in the case's unit.

- `position`: that position, wherever it sits;
- `position_of_unit`: a position of that kind in the case's unit, else the nearest ancestor
  unit that has one (the Kabid of the Seksi's Bidang); `unit: case` columns may name their own
  unit when the case starts (`performer_units`);
- `external`: an outside party; staff record the step (it goes to whoever started the case).
If a unit has several positions of the kind, the one the case's starter holds wins, then the
unit's generic one (`staf-<unit>`), then the first by code; the choice is written on the task.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from alur.core.errors import ValidationError
from alur.domain.catalogue.importer.model import PerformerColumn, SopDocument
from alur.domain.org.snapshot import OrgSnapshot


@dataclass(frozen=True)
class Route:
    position_id: uuid.UUID | None
    external_party: str | None
    explanation: str


def resolve(
    org: OrgSnapshot,
    column: PerformerColumn,
    case_unit: uuid.UUID,
    performer_units: dict[str, uuid.UUID],
    starter_positions: set[uuid.UUID],
) -> Route:
    rule = column.rule
    if rule.kind == "external":
        return Route(None, rule.party or column.header, f"pihak luar: {column.header}")
    if rule.kind == "position":
        pid = org.position_by_code.get(rule.code or "")
        if pid is None:
            raise ValidationError(
                f"jabatan '{rule.code}' untuk pelaksana '{column.header}' tidak aktif",
                field=f"performers[{column.key}]",
            )
        return Route(pid, None, f"jabatan {org.positions[pid]['title']}")
    if rule.kind == "position_of_unit":
        start = performer_units.get(column.key, case_unit) if rule.unit == "case" else case_unit
        for unit_id in org.ancestors(start):
            candidates = sorted(
                (
                    p
                    for pid, p in org.positions.items()
                    if p["unit_id"] == unit_id and p["kind"] == rule.position_kind
                ),
                key=lambda p: p["code"],
            )
            if not candidates:
                continue
            unit = org.units[unit_id]
            mine = [p for p in candidates if p["id"] in starter_positions]
            generic = [
                p
                for p in candidates
                if p["code"] == f"{rule.position_kind}-{unit['code']}"
                or p["code"] == f"staf-{unit['code']}"
            ]
            chosen = (mine or generic or candidates)[0]
            why = "jabatan pemulai kasus" if mine else "jabatan umum unit" if generic else "kode"
            return Route(
                chosen["id"],
                None,
                f"{rule.position_kind} di {unit['name']} → {chosen['title']} ({why})",
            )
        raise ValidationError(
            f"tidak ada jabatan {rule.position_kind} untuk pelaksana '{column.header}'"
            " di unit kasus atau unit atasannya",
            field=f"performer_units.{column.key}" if rule.unit == "case" else "unit_id",
        )
    raise ValidationError(
        f"pelaksana '{column.header}' belum dipetakan ke jabatan",
        field=f"performers[{column.key}]",
    )


def column_of(doc: SopDocument, key: str | None) -> PerformerColumn:
    for column in doc.performers:
        if column.key == key:
            return column
    raise ValidationError(f"langkah tanpa pelaksana yang dikenal ('{key}')", field="performer")
