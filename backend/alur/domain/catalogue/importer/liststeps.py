"""Steps written as a numbered list instead of a table.

Some books (and some converters) give each step as "1. <activity>" followed by labelled lines
("Pelaksana: …", "Waktu: …", "Output: …") or a parenthesised "(Pelaksana: …; Waktu: …)". The
labels are the table's column names, so the same role vocabulary applies.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .columns import role_of
from .steps import Columns, RawStep, classify_mark
from .text import clean, slugify

_ITEM_RE = re.compile(r"^\s*(?:[-*•]\s*)?(?:langkah\s+(?:ke\s*)?)?(\d{1,3})\s*[.)]\s+(\S.*)$", re.I)
_FIELD_RE = re.compile(r"^\s*(?:[-*•]\s*)?([A-Za-z][A-Za-z /.]{1,30}?)\s*[:=]\s*(.*)$")
_INLINE_RE = re.compile(
    r"\((?=\s*(?:pelaksana|pelaku|kelengkapan|persyaratan|perlengkapan|waktu|output|hasil"
    r"|keluaran|keterangan|ket|tanda)\b[^:]{0,20}:)",
    re.IGNORECASE,
)
_MARK_KEYS = re.compile(r"^(tanda|simbol|bagan|lambang)\b", re.I)


@dataclass
class ListItem:
    line: int
    number: str
    activity: str
    fields: dict[str, str] = field(default_factory=dict)
    extra: list[str] = field(default_factory=list)


def _field(text: str) -> tuple[str, str] | None:
    match = _FIELD_RE.match(clean(text))
    if not match:
        return None
    key, value = match.group(1).strip(), match.group(2).strip()
    if _MARK_KEYS.match(key):
        return "tanda", value
    role = role_of(key)
    if role in ("performers", "kelengkapan", "waktu", "output", "keterangan"):
        return role, value
    return None


def _inline_fields(activity: str) -> tuple[str, dict[str, str]]:
    match = _INLINE_RE.search(activity)
    if not match or not activity.rstrip(" .").endswith(")"):
        return activity, {}
    found: dict[str, str] = {}
    inner = activity[match.start() + 1 : activity.rstrip(" .").rfind(")")]
    for part in re.split(r"[;|]", inner):
        hit = _field(part)
        if hit:
            found[hit[0]] = hit[1]
    if not found:
        return activity, {}
    return activity[: match.start()].strip(), found


def find_list(lines: list[str], start: int, end: int) -> int | None:
    """Index of the first item of a numbered step list (items carrying step fields), if any."""
    for k in range(start, end):
        match = _ITEM_RE.match(clean(lines[k]))
        if not match or "\t" in lines[k]:
            continue
        _, inline = _inline_fields(match.group(2))
        if inline:
            return k
        for j in range(k + 1, min(k + 4, end)):
            if not clean(lines[j]):
                continue
            if _field(lines[j]):
                return k
            break
    return None


def read_list(
    lines: list[str], start: int, end: int, line_no: list[int]
) -> tuple[Columns, list[RawStep], list[str]]:
    """Columns (one per performer named) and raw steps of the list starting at ``start``."""
    items: list[ListItem] = []
    loose: list[str] = []
    gap = False
    for k in range(start, end):
        text = clean(lines[k])
        if not text:
            gap = True
            continue
        found = _ITEM_RE.match(text)
        hit = _field(lines[k])
        if hit and items:
            key, value = hit
            if key in items[-1].fields:
                items[-1].fields[key] += " " + value
            else:
                items[-1].fields[key] = value
        elif found and "\t" not in lines[k]:
            activity, inline = _inline_fields(found.group(2))
            items.append(ListItem(line_no[k], found.group(1), activity, dict(inline)))
        elif items and not gap:
            items[-1].extra.append(text)
        else:
            loose.append(text)
        gap = False
    performers: list[tuple[int, str, str]] = []
    for item in items:
        name = item.fields.get("performers")
        if name and all(name != title for _, _, title in performers):
            stem = slugify(name) or f"pelaksana-{len(performers) + 1}"
            slug, n = stem, 2
            while any(slug == p[1] for p in performers):
                slug, n = f"{stem}-{n}", n + 1
            performers.append((len(performers) + 2, slug, name))
    key_of = {title: key for _, key, title in performers}
    base = len(performers) + 2
    cols = Columns(performers, base, base + 1, base + 2, base + 3, None, number=0, activity=1)
    raws: list[RawStep] = []
    warnings: list[str] = []
    for item in items:
        performer = item.fields.get("performers")
        column = key_of.get(performer or "")
        marks: dict[str, str] = {}
        labels: dict[str, str] = {}
        mark = item.fields.get("tanda")
        if mark and column:
            kind = classify_mark(mark)
            if kind:
                marks[column], labels[column] = kind, mark
        activity = " ".join([item.activity, *item.extra]).strip()
        raws.append(
            RawStep(
                line=item.line,
                number=item.number,
                activity=activity,
                marks=marks,
                mark_labels=labels,
                kelengkapan=item.fields.get("kelengkapan") or None,
                waktu_raw=item.fields.get("waktu", ""),
                output=item.fields.get("output") or None,
                keterangan=item.fields.get("keterangan") or None,
                shifted=False,
                named_performer=column,
            )
        )
    if loose:
        warnings.append(
            "Teks di antara daftar langkah tidak dibaca: " + "; ".join(f"'{t}'" for t in loose)
        )
    warnings.append(
        "Langkah ditulis sebagai daftar bernomor (bukan tabel); pelaksana, waktu dan output"
        " dibaca dari label tiap butir."
    )
    return cols, raws, warnings
