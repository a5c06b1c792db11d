"""The waktu parser: every value in the books, generated ranges, and arbitrary text."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from alur.domain.catalogue.importer.waktu import header_unit, parse_waktu

from .conftest import BOOKS, book

UNITS = {
    "detik": "second",
    "menit": "minute",
    "jam": "hour",
    "hari": "working_day",
    "hari kerja": "working_day",
    "hari kalender": "calendar_day",
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


def test_every_spelling() -> None:
    """Seconds, "n x 24 jam", numbers written out, calendar days, mixed ranges."""
    cases: dict[str, tuple[float, float, str]] = {
        "30 detik": (30, 30, "second"),
        "± 30 detik": (30, 30, "second"),
        "45 dtk": (45, 45, "second"),
        "1x24 jam": (24, 24, "calendar_hour"),
        "1 x 24 jam": (24, 24, "calendar_hour"),
        "2 x 24 jam": (48, 48, "calendar_hour"),
        "3×24 jam": (72, 72, "calendar_hour"),
        "1-2 x 24 jam": (24, 48, "calendar_hour"),
        "2 kali 24 jam": (48, 48, "calendar_hour"),
        "24 jam": (24, 24, "hour"),  # office hours: only "n x 24 jam" is calendar time
        "5 (lima) hari": (5, 5, "working_day"),
        "lima hari": (5, 5, "working_day"),
        "satu minggu": (1, 1, "week"),
        "dua jam": (2, 2, "hour"),
        "tiga puluh menit": (30, 30, "minute"),
        "setengah jam": (0.5, 0.5, "hour"),
        "seperempat jam": (0.25, 0.25, "hour"),
        "satu setengah jam": (1.5, 1.5, "hour"),
        "sehari": (1, 1, "working_day"),
        "seminggu": (1, 1, "week"),
        "sebulan": (1, 1, "month"),
        "sejam": (1, 1, "hour"),
        "1 (satu) hari kerja": (1, 1, "working_day"),
        "lima (5) menit": (5, 5, "minute"),
        "seratus dua puluh menit": (120, 120, "minute"),
        "dua belas jam": (12, 12, "hour"),
        "14 hari kalender": (14, 14, "calendar_day"),
        "1-2 hari kalender": (1, 2, "calendar_day"),
        "selambat-lambatnya 14 hari kalender": (14, 14, "calendar_day"),
        "30 menit - 1 jam": (0.5, 1, "hour"),
        "1 jam s/d 2 hari": (0.1333, 2, "working_day"),
        "30 detik - 2 menit": (0.5, 2, "minute"),
        "1 hari kalender s/d 2 x 24 jam": (24, 48, "calendar_hour"),
        "2 s.d 3 hk": (2, 3, "working_day"),
        "1 triwulan": (3, 3, "month"),
        "1 semester": (6, 6, "month"),
        "paling lambat 3 hari": (3, 3, "working_day"),
        "kurang dari 1 jam": (1, 1, "hour"),
    }
    for raw, (low, high, unit) in cases.items():
        w = parse_waktu(raw)
        assert (w.category, w.min, w.max, w.unit) == ("numeric", low, high, unit), raw
    assert parse_waktu("1 (satu) hari kerja").hari_kerja
    assert parse_waktu("± 30 detik").approximate
    assert parse_waktu("paling lambat 3 hari").approximate
    assert parse_waktu("1 jam setiap hari").per_item == "hari"
    assert parse_waktu("30 menit - 1 jam").mixed_units
    # Digits and words that disagree, and words that are no number, are not guessed at.
    for raw in ("5 (enam) hari", "dua tiga hari", "beberapa hari", "x 24 jam"):
        assert parse_waktu(raw).category == "unparsed", raw


def test_review_spellings() -> None:
    """Minute marks, products, "max", a value with its equivalent in parentheses."""
    cases: dict[str, tuple[float, float, str]] = {
        "15'": (15, 15, "minute"),
        "± 15'": (15, 15, "minute"),
        "5-10'": (5, 10, "minute"),
        "15’": (15, 15, "minute"),
        "15′": (15, 15, "minute"),
        "15 mnt.": (15, 15, "minute"),
        "5 mnt. - 10 mnt.": (5, 10, "minute"),
        "1 jm. 30 mnt.": (90, 90, "minute"),
        "2 x 45 menit": (90, 90, "minute"),
        "2x45 menit": (90, 90, "minute"),
        "dua kali 45 menit": (90, 90, "minute"),
        "2 × 45'": (90, 90, "minute"),
        "1 x 8 jam": (8, 8, "hour"),
        "3 x 1 hari": (3, 3, "working_day"),
        "3 x 1 hari kerja": (3, 3, "working_day"),
        "2 x 1 triwulan": (6, 6, "month"),
        "2 x 24 jam": (48, 48, "calendar_hour"),  # still calendar hours, not a product
        "24 jam kerja": (24, 24, "hour"),
        "1 x 24 jam kerja": (24, 24, "hour"),  # office hours: "kerja" is not calendar time
        "Max 14 hari kerja": (14, 14, "working_day"),
        "max. 3 hari": (3, 3, "working_day"),
        "maksimum 2 jam": (2, 2, "hour"),
        "Maximal 2 jam": (2, 2, "hour"),
        "60 menit (1 jam)": (60, 60, "minute"),
        "1 jam (60 menit)": (1, 1, "hour"),
        "2 hari (16 jam)": (2, 2, "working_day"),  # the equivalent is not checked
        "1 jam (enam puluh menit)": (1, 1, "hour"),
        "± 60 menit (1 jam) per berkas": (60, 60, "minute"),
        "2 x 24 jam (2 hari)": (48, 48, "calendar_hour"),
    }
    for raw, (low, high, unit) in cases.items():
        w = parse_waktu(raw)
        assert (w.category, w.min, w.max, w.unit) == ("numeric", low, high, unit), raw
    for raw in ("Max 14 hari kerja", "max. 3 hari", "maksimum 2 jam", "± 15'"):
        assert parse_waktu(raw).approximate, raw
    assert parse_waktu("3 x 1 hari kerja").hari_kerja
    assert parse_waktu("± 60 menit (1 jam) per berkas").per_item == "berkas"
    # A parenthesis that is no time value, seconds marks, ranges of products and lesson hours
    # ("jam pelajaran": 35, 40 or 45 minutes depending on the school or training) are not read.
    for raw in (
        "2 hari (setelah berkas lengkap)",
        "(1 jam)",
        "5 (enam) hari (5 hari)",
        "15''",
        "1-2 x 24 jam kerja",
        "2 x 45 menit - 3 x 45 menit",
        "1 JP",
        "2 jp",
        "min. 2 hari",
    ):
        assert parse_waktu(raw).category == "unparsed", raw
    assert parse_waktu("60 (1 jam)", "minute").unit_from_header
    assert parse_waktu("60 (1 jam)").category == "unparsed"


@given(
    a=st.integers(min_value=1, max_value=99),
    b=st.integers(min_value=1, max_value=99),
    unit=st.sampled_from(sorted(UNITS)),
    times=st.sampled_from(["x", " x ", "×", " kali "]),
)
def test_generated_products(a: int, b: int, unit: str, times: str) -> None:
    w = parse_waktu(f"{a}{times}{b} {unit}")
    assert (w.category, w.unit) == (
        "numeric",
        "calendar_hour" if b == 24 and unit == "jam" else UNITS[unit],
    )
    assert (w.min, w.max) == (a * b, a * b)


def test_categories_without_a_due_time() -> None:
    for raw in ("T.A", "1 T.A", "1 tahun anggaran", "tahun anggaran berjalan", "TA 2024"):
        assert parse_waktu(raw).category == "budget_year", raw
    for raw in ("Sesuai juknis", "sesuai ketentuan", "disesuaikan", "bervariasi"):
        assert parse_waktu(raw).category == "conditional", raw
    for raw in ("Setiap hari kerja", "rutin", "berkala", "terjadwal"):
        assert parse_waktu(raw).category == "scheduled", raw
    for raw in ("T.A", "Sesuai juknis", "Setiap hari kerja"):
        w = parse_waktu(raw)
        assert (w.min, w.max, w.unit) == (None, None, None)


def test_header_units() -> None:
    assert header_unit("WAKTU (menit)") == "minute"
    assert header_unit("Waktu (detik)") == "second"
    assert header_unit("Waktu (hari kalender)") == "calendar_day"
    # A unit that multiplies ("x 24 jam", "triwulan") is not a header unit for bare numbers.
    assert header_unit("Waktu (x 24 jam)") is None
    assert header_unit("Waktu") is None


_ONES = ["", "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan"]


def _terbilang(n: int) -> str:
    """An integer below a million in Indonesian words."""
    if n >= 1000:
        thousands, rest = divmod(n, 1000)
        head = "seribu" if thousands == 1 else f"{_terbilang(thousands)} ribu"
        return f"{head} {_terbilang(rest)}".strip()
    if n >= 100:
        hundreds, rest = divmod(n, 100)
        head = "seratus" if hundreds == 1 else f"{_ONES[hundreds]} ratus"
        return f"{head} {_terbilang(rest)}".strip()
    if n >= 20:
        tens, ones = divmod(n, 10)
        return f"{_ONES[tens]} puluh {_ONES[ones]}".strip()
    if n >= 12:
        return f"{_ONES[n - 10]} belas"
    return {10: "sepuluh", 11: "sebelas"}[n] if n >= 10 else _ONES[n]


@given(
    n=st.integers(min_value=1, max_value=999_999),
    half=st.booleans(),
    unit=st.sampled_from(sorted(UNITS)),
    digits=st.booleans(),
)
def test_numbers_written_out(n: int, half: bool, unit: str, digits: bool) -> None:
    words = _terbilang(n) + (" setengah" if half else "")
    value = n + (0.5 if half else 0)
    written = f"{n},5" if half else str(n)
    raw = f"{written} ({words}) {unit}" if digits else f"{words} {unit}"
    w = parse_waktu(raw)
    assert (w.category, w.min, w.max, w.unit) == ("numeric", value, value, UNITS[unit]), raw


@given(
    a=st.integers(min_value=0, max_value=99),
    b=st.integers(min_value=0, max_value=99),
    times=st.sampled_from(["x", " x ", "×", " kali "]),
)
def test_generated_x24(a: int, b: int, times: str) -> None:
    w = parse_waktu(f"{a} - {b}{times}24 jam")
    assert (w.category, w.unit) == ("numeric", "calendar_hour")
    assert (w.min, w.max) == (24 * min(a, b), 24 * max(a, b))


def test_every_waktu_in_the_books_parses_or_is_categorised() -> None:
    seen = 0
    for name in BOOKS:
        for doc in book(name).sops:
            for step in doc.steps:
                seen += 1
                w = step.waktu
                assert w.category in (
                    "numeric",
                    "conditional",
                    "scheduled",
                    "budget_year",
                    "blank",
                    "unparsed",
                )
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
