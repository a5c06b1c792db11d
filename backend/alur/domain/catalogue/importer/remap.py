"""Mapping an imported draft again once the office has an org: a book imported before its org
existed (a new office's first books) maps no unit and no performer; after the org skeleton is
accepted, the same rules the importer applies at import time run again on what was read.

Only what the importer itself decided is redone: a unit or a column a person set or accepted
(provenance 'edited' or 'suggested') stays as it is, and so does every other field.
"""

from __future__ import annotations

import msgspec

from .model import PerformerColumn, SopDocument
from .performers import Org, map_column, owning_unit

_OWN_WARNINGS = (
    "Unit pemilik SOP (",
    "Kolom pelaksana '",
)
"""Warnings the unit and column mapping wrote at import (book.py, performers.map_column)."""
_KEPT = ("edited", "suggested")


def remap(doc: SopDocument, org: Org) -> SopDocument:
    unit = doc.unit
    if unit.unit_code_provenance not in _KEPT:
        section = doc.toc.section if doc.toc else []
        body_raw = unit.raw if unit.raw_provenance == "read" else None
        unit = owning_unit(org, body_raw, section, None)
    warnings = [w for w in doc.warnings if not w.startswith(_OWN_WARNINGS)]
    if unit.unit_code is None:
        warnings.append(
            f"Unit pemilik SOP ('{unit.raw or 'tidak tertulis'}') tidak cocok dengan unit di"
            " struktur organisasi; tetapkan unitnya."
        )
    columns: list[PerformerColumn] = []
    for column in doc.performers:
        if column.provenance in _KEPT:
            columns.append(column)
            continue
        mapped, warning = map_column(org, column.key, column.header, unit.unit_code)
        columns.append(mapped)
        if warning:
            warnings.append(warning)
    return msgspec.structs.replace(doc, unit=unit, performers=columns, warnings=warnings)
