"""Parsing the *waktu* (time standard) column of a step table.

Due times are computed from the normalised form, so the parser must never guess silently:
anything it cannot read keeps its raw text and lands in a category that gets no due time.
"""

from __future__ import annotations

import re
from fractions import Fraction

from .model import Waktu, WaktuUnit

# Minutes per unit, in ASN working time (37.5 h a week, five days). Used only to express the
# lower bound of a range written in two different units ("30 menit s/d 5 hari").
MINUTES_PER_UNIT: dict[str, float] = {
    "minute": 1,
    "hour": 60,
    "working_day": 450,
    "week": 2250,
    "month": 9450,
    "year": 113400,
}

_UNIT_WORDS: list[tuple[str, WaktuUnit, bool]] = [
    (r"hari\s*kerja|hk", "working_day", True),
    (r"menit|mnt|min", "minute", False),
    (r"jam|jm", "hour", False),
    (r"hari|hr", "working_day", False),
    (r"minggu|pekan|mgg", "week", False),
    (r"bulan|bln", "month", False),
    (r"tahun|thn", "year", False),
]
_UNIT_RE = "|".join(f"(?:{w})" for w, _, _ in _UNIT_WORDS)
_NUM = r"\d+(?:[.,]\d+)?(?:\s*/\s*\d+)?|½|¼|¾"
_PART = rf"(?P<n{{i}}>{_NUM})\s*(?P<u{{i}}>{_UNIT_RE})?\b"
_RANGE_SEP = r"\s*(?:-|–|—|~|s\.?\s*/\s*d\.?|sd|sampai(?:\s+dengan)?|hingga|atau)\s*"
_SINGLE_RE = re.compile(rf"^{_PART.format(i=1)}$")
_RANGE_RE = re.compile(rf"^{_PART.format(i=1)}{_RANGE_SEP}{_PART.format(i=2)}$")
_SUM_RE = re.compile(rf"^{_PART.format(i=1)}\s*(?:dan\s+)?{_PART.format(i=2)}$")
_APPROX_RE = re.compile(
    r"±|\+/-|\+-|kurang\s+lebih|kurang-lebih|sekitar|maks(?:imal)?\.?|paling\s+lama"
)
_PER_RE = re.compile(r"(?:\bper\s+|/\s*)(?P<item>[a-z][a-z ]*?)\s*$")
_CONDITIONAL_RE = re.compile(
    r"kondisional|tentatif|situasional|menyesuaikan|sesuai\s+(?:kebutuhan|kondisi)|tergantung"
)
_SCHEDULED_RE = re.compile(r"sesuai\s+jadwal|terjadwal|jadwal")
_BLANK_RE = re.compile(r"^[\s\-–—.]*$")


def _unit_of(word: str | None) -> tuple[WaktuUnit | None, bool]:
    if not word:
        return None, False
    for pattern, unit, hari_kerja in _UNIT_WORDS:
        if re.fullmatch(pattern, word.strip()):
            return unit, hari_kerja
    return None, False


def _number(text: str) -> float:
    text = text.replace(" ", "")
    vulgar = {"½": Fraction(1, 2), "¼": Fraction(1, 4), "¾": Fraction(3, 4)}
    if text in vulgar:
        return float(vulgar[text])
    if "/" in text:
        num, den = text.split("/", 1)
        return float(Fraction(int(num), int(den))) if int(den) else float(num)
    return float(text.replace(",", "."))


def header_unit(header: str) -> WaktuUnit | None:
    """The unit a column header gives its bare numbers, e.g. ``WAKTU (menit)``."""
    match = re.search(r"\(([^)]*)\)", header.lower())
    if not match:
        return None
    return _unit_of(match.group(1))[0]


def parse_waktu(raw: str | None, default_unit: WaktuUnit | None = None) -> Waktu:
    """Parse one waktu cell; never raises."""
    raw = (raw or "").strip()
    text = re.sub(r"\s+", " ", raw.lower()).strip()
    if _BLANK_RE.match(text):
        return Waktu(raw=raw, category="blank")
    if _SCHEDULED_RE.search(text):
        return Waktu(raw=raw, category="scheduled")
    if _CONDITIONAL_RE.search(text):
        return Waktu(raw=raw, category="conditional")
    approximate = bool(_APPROX_RE.search(text))
    text = _APPROX_RE.sub(" ", text).strip()
    per_item: str | None = None
    per = _PER_RE.search(text)
    if per and not re.fullmatch(r"\d+", per.group("item")):
        per_item = per.group("item").strip()
        text = text[: per.start()].strip()
    text = text.rstrip(".,;").strip()
    try:
        return _numeric(raw, text, default_unit, approximate, per_item)
    except (ValueError, ZeroDivisionError, OverflowError):
        return Waktu(raw=raw, category="unparsed", approximate=approximate, per_item=per_item)


def _numeric(
    raw: str,
    text: str,
    default_unit: WaktuUnit | None,
    approximate: bool,
    per_item: str | None,
) -> Waktu:
    unparsed = Waktu(raw=raw, category="unparsed", approximate=approximate, per_item=per_item)
    match = _RANGE_RE.match(text) or _SINGLE_RE.match(text)
    is_sum = False
    if not match:
        match = _SUM_RE.match(text)
        is_sum = match is not None
    if not match:
        return unparsed
    groups = match.groupdict()
    low = _number(groups["n1"])
    unit1, hk1 = _unit_of(groups.get("u1"))
    high = _number(groups["n2"]) if groups.get("n2") else low
    unit2, hk2 = _unit_of(groups.get("u2")) if groups.get("n2") else (unit1, hk1)
    if is_sum:
        if unit1 is None or unit2 is None:
            return unparsed
        total = low * MINUTES_PER_UNIT[unit1] + high * MINUTES_PER_UNIT[unit2]
        smaller = unit1 if MINUTES_PER_UNIT[unit1] < MINUTES_PER_UNIT[unit2] else unit2
        value = round(total / MINUTES_PER_UNIT[smaller], 4)
        return Waktu(
            raw=raw,
            category="numeric",
            min=value,
            max=value,
            unit=smaller,
            approximate=approximate,
            per_item=per_item,
            hari_kerja=hk1 or hk2,
            mixed_units=unit1 != unit2,
        )
    from_header = False
    stated: WaktuUnit | None = unit2 or unit1
    if stated is None:
        if default_unit is None:
            return unparsed
        stated, from_header = default_unit, True
    unit: WaktuUnit = stated
    if unit1 is None:
        unit1 = unit
    mixed = unit1 != unit
    if mixed:
        low = round(low * MINUTES_PER_UNIT[unit1] / MINUTES_PER_UNIT[unit], 4)
    if low > high:
        low, high = high, low
    return Waktu(
        raw=raw,
        category="numeric",
        min=low,
        max=high,
        unit=unit,
        approximate=approximate,
        per_item=per_item,
        hari_kerja=hk1 or hk2,
        unit_from_header=from_header,
        mixed_units=mixed,
    )


def looks_like_waktu(text: str | None) -> bool:
    """Whether a cell holds a numeric time standard, used to spot shifted columns."""
    if not text or len(text) > 40:
        return False
    parsed = parse_waktu(text)
    return parsed.category == "numeric" and not parsed.unit_from_header
