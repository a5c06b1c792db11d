"""One set of waktu cases for both parsers: the importer's (Python, authoritative: the server
re-reads every saved waktu with it) and the SPA's live-preview port
(frontend/src/features/catalogue/editor/waktu.test.ts reads the same file).

After a deliberate parser change, regenerate the expectations from the Python parser:
``.venv/bin/python -m tests.unit.catalogue.test_waktu_cases``.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import msgspec
import pytest

from alur.domain.catalogue.editing import reparse_waktu
from alur.domain.catalogue.importer.model import WaktuUnit
from alur.domain.catalogue.importer.to_yaml import load_sop_yaml
from alur.domain.catalogue.importer.waktu import parse_waktu

ROOT = Path(__file__).resolve().parents[3]
CASES = ROOT / "tests" / "fixtures" / "waktu_cases.json"
HEADER_UNITS = (
    ROOT / "tenants/lampung/catalogue/003-18-pengelolaan-permohonan-informasi-publik.yaml"
)


def _parsed(raw: str, header_unit: WaktuUnit | None) -> dict[str, Any]:
    """The parse as JSON values, whole numbers written as integers (as JavaScript has them)."""
    out: dict[str, Any] = msgspec.to_builtins(parse_waktu(raw, header_unit))
    return {k: int(v) if isinstance(v, float) and v.is_integer() else v for k, v in out.items()}


def _cases() -> list[dict[str, Any]]:
    cases: list[dict[str, Any]] = json.loads(CASES.read_text(encoding="utf-8"))
    return cases


@pytest.mark.parametrize("case", _cases(), ids=lambda c: f"{c['raw']!r}/{c['header_unit']}")
def test_the_python_parser_reads_every_shared_case_as_recorded(case: dict[str, Any]) -> None:
    assert _parsed(case["raw"], case["header_unit"]) == case["expected"]


def test_the_shared_cases_cover_header_units_and_every_category() -> None:
    cases = _cases()
    assert len({(c["raw"], c["header_unit"]) for c in cases}) == len(cases)
    assert any(c["expected"]["unit_from_header"] for c in cases)
    categories = {c["expected"]["category"] for c in cases}
    assert categories == {"numeric", "conditional", "scheduled", "budget_year", "blank", "unparsed"}


def test_a_saved_waktu_is_read_again_from_its_text_with_the_books_header_unit() -> None:
    """003-18's book heads its waktu column "(menit)": a bare number typed later is minutes,
    and numbers sent with a text are replaced by what the text says."""
    stored = load_sop_yaml(HEADER_UNITS.read_text(encoding="utf-8"))
    sent = copy.deepcopy(stored)
    sent.steps[0].waktu = msgspec.structs.replace(sent.steps[0].waktu, raw="45", max=1.0)
    sent.steps[1].waktu = msgspec.structs.replace(
        sent.steps[1].waktu, raw="1-2 hari", min=50.0, unit="year"
    )
    saved = reparse_waktu(sent, stored)
    assert saved.steps[0].waktu == parse_waktu("45", "minute")
    assert saved.steps[0].waktu.unit_from_header
    assert (saved.steps[1].waktu.min, saved.steps[1].waktu.max) == (1, 2)
    assert saved.steps[1].waktu.unit == "working_day"
    assert saved.steps[2:] == stored.steps[2:]
    assert reparse_waktu(stored, stored) == stored


def _write_cases() -> None:
    """Re-record the expectations for the cases' texts and header units."""
    cases = [
        {"raw": c["raw"], "header_unit": c["header_unit"]}
        | {"expected": _parsed(c["raw"], c["header_unit"])}
        for c in _cases()
    ]
    lines = ",\n".join("  " + json.dumps(c, ensure_ascii=False) for c in cases)
    CASES.write_text(f"[\n{lines}\n]\n", encoding="utf-8")


if __name__ == "__main__":
    _write_cases()
