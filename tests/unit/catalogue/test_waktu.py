"""The waktu parser: every value in the books, generated ranges, and arbitrary text."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from alur.domain.catalogue.importer.waktu import parse_waktu

from .conftest import BOOKS, book

UNITS = {
    "menit": "minute",
    "jam": "hour",
    "hari": "working_day",
    "hari kerja": "working_day",
    "minggu": "week",
    "bulan": "month",
    "tahun": "year",
}


def test_issue_examples() -> None:
    cases = {
        "10 menit": (10, 10, "minute"),
        "3 jam": (3, 3, "hour"),
        "1-2 hari": (1, 2, "working_day"),
        "5 hari kerja": (5, 5, "working_day"),
        "1 Minggu": (1, 1, "week"),
        "2 bulan": (2, 2, "month"),
        "± 30 menit": (30, 30, "minute"),
        "3 - 5 Menit per surat": (3, 5, "minute"),
        "1/4 jam": (0.25, 0.25, "hour"),
    }
    for raw, (low, high, unit) in cases.items():
        w = parse_waktu(raw)
        assert (w.category, w.min, w.max, w.unit) == ("numeric", low, high, unit), raw
    assert parse_waktu("± 30 menit").approximate
    assert parse_waktu("3 - 5 Menit per surat").per_item == "surat"
    assert parse_waktu("5 hari kerja").hari_kerja
    assert parse_waktu("kondisional").category == "conditional"
    assert parse_waktu("Sesuai jadwal").category == "scheduled"
    assert parse_waktu("").category == "blank"
    bare = parse_waktu("30", "minute")
    assert (bare.min, bare.unit, bare.unit_from_header) == (30, "minute", True)


def test_every_waktu_in_the_books_parses_or_is_categorised() -> None:
    seen = 0
    for name in BOOKS:
        for doc in book(name).sops:
            for step in doc.steps:
                seen += 1
                w = step.waktu
                assert w.category in ("numeric", "conditional", "scheduled", "blank", "unparsed")
                if w.category == "numeric":
                    assert w.min is not None
                    assert w.max is not None
                    assert w.min <= w.max
                    assert w.unit is not None
                elif w.category == "unparsed":
                    label = f"Langkah {step.number or step.position}: waktu '{w.raw}'"
                    assert any(x.startswith(label) for x in doc.warnings)
    assert seen > 500


@given(
    a=st.integers(min_value=0, max_value=999),
    b=st.integers(min_value=0, max_value=999),
    unit=st.sampled_from(sorted(UNITS)),
    sep=st.sampled_from(["-", " - ", "–", " s/d ", " sampai "]),
    case=st.sampled_from([str.lower, str.upper, str.title]),
)
def test_generated_ranges(a: int, b: int, unit: str, sep: str, case: object) -> None:
    assert callable(case)
    w = parse_waktu(f"{a}{sep}{b} {case(unit)}")
    assert w.category == "numeric"
    assert w.min is not None
    assert w.max is not None
    assert w.min <= w.max
    assert (w.min, w.max) == (min(a, b), max(a, b))
    assert w.unit == UNITS[unit]


@given(st.text())
def test_never_raises(text: str) -> None:
    w = parse_waktu(text)
    assert w.raw == text.strip()
