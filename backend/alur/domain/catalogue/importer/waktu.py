"""Parsing the *waktu* (time standard) column of a step table.

Due times are computed from the normalised form, so the parser must never guess silently:
anything it cannot read keeps its raw text and lands in a category that gets no due time.
The units and categories, and what each means, are listed in docs/catalogue-import.md.
"""

from __future__ import annotations

import re
from fractions import Fraction
from typing import NamedTuple

from .model import Waktu, WaktuUnit

# Minutes per unit, in ASN working time (37.5 h a week, five days). Used only to express the
# lower bound of a range written in two different units ("30 menit s/d 5 hari") and to add
# up "1 jam 30 menit". A calendar day is the office time of an average day of the week.
MINUTES_PER_UNIT: dict[str, float] = {
    "second": 1 / 60,
    "minute": 1,
    "hour": 60,
    "calendar_hour": 2250 / 7 / 24,
    "working_day": 450,
    "calendar_day": 2250 / 7,
    "week": 2250,
    "month": 9450,
    "year": 113400,
}


class _Unit(NamedTuple):
    unit: WaktuUnit
    hari_kerja: bool  # "hari kerja" was written out
    factor: float  # "1 x 24 jam" is 24 calendar hours, "1 triwulan" 3 months


# Tried in order: longer spellings before their prefixes ("hari kerja" before "hari").
_UNIT_WORDS: list[tuple[str, _Unit]] = [
    (r"hari\s*kerja|hk", _Unit("working_day", True, 1)),
    (r"hari\s*kalender|hr\s*kalender", _Unit("calendar_day", False, 1)),
    (r"(?:[x×]|kali)\s*24\s*(?:jam|jm)", _Unit("calendar_hour", False, 24)),
    (r"detik|dtk", _Unit("second", False, 1)),
    (r"menit|mnt|min", _Unit("minute", False, 1)),
    (r"jam\s*kerja", _Unit("hour", False, 1)),  # office hours, like "jam"
    (r"jam|jm", _Unit("hour", False, 1)),
    (r"hari|hr", _Unit("working_day", False, 1)),
    (r"minggu|pekan|mgg", _Unit("week", False, 1)),
    (r"triwulan|kuartal", _Unit("month", False, 3)),
    (r"semester", _Unit("month", False, 6)),
    (r"bulan|bln", _Unit("month", False, 1)),
    (r"tahun|thn", _Unit("year", False, 1)),
]
_UNIT_RE = "|".join(f"(?:{w})" for w, _ in _UNIT_WORDS)
_NUM = r"\d+(?:[.,]\d+)?(?:\s*/\s*\d+)?|½|¼|¾"
_PART = rf"(?P<n{{i}}>{_NUM})\s*(?P<u{{i}}>{_UNIT_RE})?\b"
_RANGE_SEP = r"\s*(?:-|–|—|~|s\.?\s*/\s*d\.?|s\.\s*d\.?|sd|sampai(?:\s+dengan)?|hingga|atau)\s*"
_SINGLE_RE = re.compile(rf"^{_PART.format(i=1)}$")
_RANGE_RE = re.compile(rf"^{_PART.format(i=1)}{_RANGE_SEP}{_PART.format(i=2)}$")
_SUM_RE = re.compile(rf"^{_PART.format(i=1)}\s*(?:dan\s+)?{_PART.format(i=2)}$")
# "2 x 45 menit": a count times a value ("n x 24 jam" itself is a unit, calendar hours).
_PRODUCT_RE = re.compile(rf"^(?P<a>{_NUM})\s*(?:[x×]|kali)\s*{_PART.format(i=1)}$")
# "60 menit (1 jam)": a value followed by its equivalent, which is read only as a check that
# it is a time value too; the first value counts.
_EQUIVALENT_RE = re.compile(r"^(?P<head>.*?\S)\s*\((?P<eq>[^()]*)\)$")
# "15'", "15’": a minute mark after a number (a double mark, seconds, is not read).
_MINUTE_MARK_RE = re.compile(r"(?<=\d)\s*['’′](?![\w'’′\"″])")
# "5 mnt. - 10 mnt.": the dot of an abbreviated unit.
_ABBREVIATION_DOT_RE = re.compile(r"\b(mnt|min|dtk|jm|hr|mgg|bln|thn|hk)\.")
_APPROX_RE = re.compile(
    r"±|\+/-|\+-|kurang\s+lebih|kurang-lebih|lebih\s+kurang|kira-kira|sekitar"
    r"|ma(?:ks|x)(?:imal|imum)?\.?|paling\s+(?:lama|lambat)|selambat-lambatnya"
    r"|tidak\s+lebih\s+dari|kurang\s+dari|≤"
)
_PER_RE = re.compile(r"(?:\bper\s+|\b(?:setiap|tiap)\s+|/\s*)(?P<item>[a-z][a-z ]*?)\s*$")
_SCHEDULED_RE = re.compile(
    r"sesuai\s+jadwal|terjadwal|jadwal|^(?:setiap|tiap)\b|\brutin\b|\bberkala\b|periodik"
)
_BUDGET_YEAR_RE = re.compile(
    r"tahun\s+anggaran|(?<![a-z])t\s*\.\s*a(?![a-z])|^(?:\d+\s*)?ta\.?(?:\s*\d{4})?$"
)
_CONDITIONAL_RE = re.compile(
    r"kondisional|tentatif|situasional|menyesuaikan|disesuaikan|\bsesuai\b|tergantung"
    r"|bergantung|bervariasi|insidentil|insidental|tidak\s+tentu|fleksibel"
)
_BLANK_RE = re.compile(r"^[\s\-–—.]*$")

# Numbers written out: "lima", "tiga puluh", "seratus dua puluh", "satu setengah".
_ONES = {
    "satu": 1,
    "dua": 2,
    "tiga": 3,
    "empat": 4,
    "lima": 5,
    "enam": 6,
    "tujuh": 7,
    "delapan": 8,
    "sembilan": 9,
}
_ONE = "|".join(_ONES)
_U100 = rf"sepuluh|sebelas|(?:{_ONE})\s+belas|(?:{_ONE})\s+puluh(?:\s+(?:{_ONE}))?|(?:{_ONE})"
_U1000 = rf"(?:seratus|(?:{_ONE})\s+ratus)(?:\s+(?:{_U100}))?|(?:{_U100})"
_INT = rf"(?:seribu|(?:{_U1000})\s+ribu)(?:\s+(?:{_U1000}))?|(?:{_U1000})"
_NUMBER_WORDS_RE = re.compile(rf"^(?:(?:{_INT})(?:\s+(?:setengah))?|setengah|seperempat)$")
_WORD = rf"{_ONE}|sepuluh|sebelas|belas|puluh|seratus|ratus|seribu|ribu|setengah|seperempat"
_WORD_RUN_RE = re.compile(rf"\b(?:{_WORD})(?:\s+(?:{_WORD}))*\b")
_SE_UNIT_RE = re.compile(r"\bse(detik|menit|jam|hari|minggu|pekan|bulan|tahun)\b")
_DIGITS_AND_WORDS_RE = re.compile(r"(?P<a>\d+(?:[.,]\d+)?)\s*\(\s*(?P<b>\d+(?:[.,]\d+)?)\s*\)")
_WORD_VALUES = {
    **_ONES,
    "sepuluh": 10,
    "sebelas": 11,
    "seratus": 100,
    "seribu": 1000,
    "setengah": 0.5,
    "seperempat": 0.25,
}


def _unit_of(word: str | None) -> _Unit | None:
    if not word:
        return None
    for pattern, unit in _UNIT_WORDS:
        if re.fullmatch(pattern, word.strip()):
            return unit
    return None


def _number(text: str) -> float:
    text = text.replace(" ", "")
    vulgar = {"½": Fraction(1, 2), "¼": Fraction(1, 4), "¾": Fraction(3, 4)}
    if text in vulgar:
        return float(vulgar[text])
    if "/" in text:
        num, den = text.split("/", 1)
        return float(Fraction(int(num), int(den))) if int(den) else float(num)
    return float(text.replace(",", "."))


def _words_value(words: str) -> float | None:
    """The value of written-out Indonesian number words, or None if they are not a number."""
    if not _NUMBER_WORDS_RE.match(words):
        return None
    total, current, last = 0.0, 0.0, 0
    for word in words.split():
        if word in _ONES:
            last = _ONES[word]
            current += last
        elif word == "belas":  # "dua belas": 2 + 10
            current += 10
        elif word == "puluh":  # "dua puluh": 2 + 2 * 9
            current += last * 9
        elif word == "ratus":
            current += last * 99
        elif word == "ribu":  # "dua ratus ribu": the group so far, times a thousand
            total += current * 1000
            current = 0
        else:
            current += _WORD_VALUES[word]
    return total + current


def _format(value: float) -> str:
    return str(int(value)) if value == int(value) else str(value)


def _spell_out(text: str) -> str:
    """Numbers as digits: "sehari" → "1 hari", "tiga puluh" → "30", "5 (lima)" → "5"."""
    text = _SE_UNIT_RE.sub(r"1 \1", text)

    def words(match: re.Match[str]) -> str:
        value = _words_value(re.sub(r"\s+", " ", match.group(0)))
        return match.group(0) if value is None else _format(value)

    def both(match: re.Match[str]) -> str:
        a, b = (float(match.group(x).replace(",", ".")) for x in ("a", "b"))
        if a != b:
            raise ValueError(f"the digits and the words disagree: {match.group(0)}")
        return match.group("a")

    return _DIGITS_AND_WORDS_RE.sub(both, _WORD_RUN_RE.sub(words, text))


def header_unit(header: str) -> WaktuUnit | None:
    """The unit a column header gives its bare numbers, e.g. ``WAKTU (menit)``."""
    match = re.search(r"\(([^)]*)\)", header.lower())
    if not match:
        return None
    unit = _unit_of(match.group(1))
    return unit.unit if unit is not None and unit.factor == 1 else None


def parse_waktu(raw: str | None, default_unit: WaktuUnit | None = None) -> Waktu:
    """Parse one waktu cell; never raises."""
    raw = (raw or "").strip()
    text = re.sub(r"\s+", " ", raw.lower()).strip()
    if _BLANK_RE.match(text):
        return Waktu(raw=raw, category="blank")
    if _SCHEDULED_RE.search(text):
        return Waktu(raw=raw, category="scheduled")
    if _BUDGET_YEAR_RE.search(text):
        return Waktu(raw=raw, category="budget_year")
    if _CONDITIONAL_RE.search(text):
        return Waktu(raw=raw, category="conditional")
    approximate = bool(_APPROX_RE.search(text))
    text = _APPROX_RE.sub(" ", text).strip()
    per_item: str | None = None
    try:
        text = _spell_out(text)
        text = _MINUTE_MARK_RE.sub(" menit", text)
        text = _ABBREVIATION_DOT_RE.sub(r"\1", text)
        per = _PER_RE.search(text)
        if per and not re.fullmatch(r"\d+", per.group("item")):
            per_item = per.group("item").strip()
            text = text[: per.start()].strip()
        text = text.rstrip(".,;").strip()
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
    """A value, or a value followed by its equivalent in parentheses: "1 jam (60 menit)"."""
    value = _value(raw, text, default_unit, approximate, per_item)
    equivalent = _EQUIVALENT_RE.match(text) if value.category != "numeric" else None
    if equivalent:
        check = _value(raw, equivalent.group("eq").strip(), None, approximate, per_item)
        head = _value(raw, equivalent.group("head"), default_unit, approximate, per_item)
        if check.category == "numeric" and head.category == "numeric":
            return head
    return value


def _value(
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
        product = _PRODUCT_RE.match(text)
        times = _unit_of(product.group("u1")) if product else None
        if product is None or times is None:
            return unparsed
        value = round(_number(product.group("a")) * _number(product.group("n1")) * times.factor, 4)
        return Waktu(
            raw=raw,
            category="numeric",
            min=value,
            max=value,
            unit=times.unit,
            approximate=approximate,
            per_item=per_item,
            hari_kerja=times.hari_kerja,
        )
    groups = match.groupdict()
    low = _number(groups["n1"])
    unit1 = _unit_of(groups.get("u1"))
    high = _number(groups["n2"]) if groups.get("n2") else low
    unit2 = _unit_of(groups.get("u2")) if groups.get("n2") else unit1
    hari_kerja = any(u is not None and u.hari_kerja for u in (unit1, unit2))
    if is_sum:
        if unit1 is None or unit2 is None:
            return unparsed
        total = (
            low * unit1.factor * MINUTES_PER_UNIT[unit1.unit]
            + high * unit2.factor * MINUTES_PER_UNIT[unit2.unit]
        )
        smaller = min(unit1.unit, unit2.unit, key=MINUTES_PER_UNIT.__getitem__)
        value = round(total / MINUTES_PER_UNIT[smaller], 4)
        return Waktu(
            raw=raw,
            category="numeric",
            min=value,
            max=value,
            unit=smaller,
            approximate=approximate,
            per_item=per_item,
            hari_kerja=hari_kerja,
            mixed_units=unit1.unit != unit2.unit,
        )
    from_header = False
    stated = unit2 or unit1
    if stated is None:
        if default_unit is None:
            return unparsed
        stated, from_header = _Unit(default_unit, False, 1), True
    first, second = unit1 or stated, unit2 or stated
    if first.factor != 1:
        low = round(low * first.factor, 4)
    if second.factor != 1:
        high = round(high * second.factor, 4)
    unit = stated.unit
    mixed = first.unit != unit
    if mixed:
        low = round(low * MINUTES_PER_UNIT[first.unit] / MINUTES_PER_UNIT[unit], 4)
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
        hari_kerja=hari_kerja,
        unit_from_header=from_header,
        mixed_units=mixed,
    )


def looks_like_waktu(text: str | None) -> bool:
    """Whether a cell holds a numeric time standard, used to spot shifted columns."""
    if not text or len(text) > 40:
        return False
    parsed = parse_waktu(text)
    return parsed.category == "numeric" and not parsed.unit_from_header
