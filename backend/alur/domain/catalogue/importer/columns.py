"""What each column of a step table holds, read from its header in any of the usual wordings.

Permenpan RB 35/2012 names the columns "No, Kegiatan, Pelaksana, Mutu Baku (Kelengkapan, Waktu,
Output), Keterangan", but offices write "Uraian Kegiatan", "Aktivitas", "Prosedur",
"Persyaratan", "Hasil", "Keluaran", "Ket." and put them in one header row or two. Roles are
recognised by the start of a header cell, so a performer called "Biro Perlengkapan dan Aset"
is never taken for the kelengkapan column.
"""

from __future__ import annotations

import difflib
import re
from functools import lru_cache

from .text import cells, fold, is_markdown_rule

ROLE_PATTERNS: dict[str, re.Pattern[str]] = {
    "number": re.compile(r"^(no|nomor|nomor urut|no urut|urut)$"),
    "activity": re.compile(
        r"^(uraian|uralan|ura lan|kegiatan|aktivitas|aktifitas|prosedur|langkah|tahapan"
        r"|deskripsi kegiatan|rincian kegiatan|proses)\b"
    ),
    "performers": re.compile(r"^(pelaksana|pelaku|pejabat pelaksana)\b"),
    "mutu": re.compile(r"^mutu\b"),
    "kelengkapan": re.compile(
        r"^(kelengkapan|persyaratan|perlengkapan|perengkapan|syarat|input|bahan|dokumen"
        r"|berkas|peralatan)\b"
    ),
    "waktu": re.compile(r"^(waktu|durasi|lama|jangka waktu|standar waktu|norma waktu)\b"),
    "output": re.compile(r"^(output|hasil|keluaran|luaran|produk)\b"),
    "keterangan": re.compile(r"^(ket|keterangan|catatan)\b"),
}
MUTU_ROLES = ("kelengkapan", "waktu", "output")


# Misspellings seen in books ("Keengkapan", "Pesyaratan", "Out.put") are matched on the first
# word by similarity; short words are not, so a performer never turns into a column role.
_FUZZY = {
    "kelengkapan": "kelengkapan",
    "persyaratan": "kelengkapan",
    "perlengkapan": "kelengkapan",
    "keterangan": "keterangan",
    "pelaksana": "performers",
    "output": "output",
    "keluaran": "output",
    "uraian": "activity",
    "kegiatan": "activity",
    "prosedur": "activity",
    "aktivitas": "activity",
}


_DRAWN_RULE_RE = re.compile(r"^[\s\-=_+|:]*[-=_]{3,}[\s\-=_+|:]*$")
# Header words set with a space between letters ("U R A I A N  K E G I A T A N", "K E T").
_SPACED_RE = re.compile(r"(?:[a-z] )+[a-z]")
_SPACED_PREFIXES: list[tuple[str, str]] = [
    ("uraian", "activity"), ("kegiatan", "activity"), ("aktivitas", "activity"),
    ("prosedur", "activity"), ("langkah", "activity"), ("tahapan", "activity"),
    ("pelaksana", "performers"), ("mutu", "mutu"), ("kelengkapan", "kelengkapan"),
    ("persyaratan", "kelengkapan"), ("perlengkapan", "kelengkapan"), ("waktu", "waktu"),
    ("output", "output"), ("hasil", "output"), ("keluaran", "output"), ("ket", "keterangan"),
]  # fmt: skip


@lru_cache(maxsize=4096)
def role_of(cell: str) -> str | None:
    text = fold(cell)
    if not text:
        return None
    if _SPACED_RE.fullmatch(text):
        joined = text.replace(" ", "")
        if joined in ("no", "nomor"):
            return "number"
        return next((r for w, r in _SPACED_PREFIXES if joined.startswith(w)), None)
    for role, pattern in ROLE_PATTERNS.items():
        if pattern.match(text):
            return role
    first = text.replace(".", "").split()[0]
    if len(first) >= 6:
        for word, role in _FUZZY.items():
            if difflib.SequenceMatcher(None, first, word).ratio() >= 0.85:
                return role
    return None


def is_table_header(line: str) -> bool:
    """A step-table header row: a number and an activity column, or an activity column beside
    performer or mutu-baku columns."""
    if is_markdown_rule(line):
        return False
    parts = [c for c in cells(line) if fold(c)]
    if len(parts) < 2:
        return False
    roles = [role_of(c) for c in parts]
    if "activity" not in roles:
        return False
    first_activity = roles.index("activity")
    if "number" in roles[:first_activity]:
        return True
    others = {r for r in roles[first_activity + 1 :] if r}
    return bool(others & {"performers", "mutu", "waktu", "output", "kelengkapan"}) and len(
        others
    ) >= (1 if "performers" in others else 2)


def is_rule_row(line: str) -> bool:
    """A markdown separator or a row of dashes drawn under a header or a table."""
    if is_markdown_rule(line) or _DRAWN_RULE_RE.match(line):
        return True
    parts = [c.strip() for c in cells(line)]
    filled = [c for c in parts if c]
    return bool(filled) and all(re.fullmatch(r":?[-=_]{2,}:?", c) for c in filled)
