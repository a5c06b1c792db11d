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
_BULLET_RE = re.compile(r"^(?:[-*•]\s+)(\S.*)$")
_MARK_KEYS = re.compile(r"^(tanda|simbol|bagan|lambang)\b", re.I)


@dataclass
class ListItem:
    line: int
    number: str | None
    activity: str
    fields: dict[str, str] = field(default_factory=dict)
    performers: list[list[str | None]] = field(default_factory=list)  # [name, tanda]
    extra: list[str] = field(default_factory=list)

    def add(self, key: str, value: str) -> None:
        if key == "performers":
            self.performers.append([value, None])
        elif key == "tanda" and self.performers and self.performers[-1][1] is None:
            self.performers[-1][1] = value
        elif key in self.fields:
            self.fields[key] += " " + value
        else:
            self.fields[key] = value


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


def _inline_fields(activity: str) -> tuple[str, list[tuple[str, str]]]:
    match = _INLINE_RE.search(activity)
    if not match or not activity.rstrip(" .").endswith(")"):
        return activity, []
    found: list[tuple[str, str]] = []
    inner = activity[match.start() + 1 : activity.rstrip(" .").rfind(")")]
    for part in re.split(r"[;|]", inner):
        hit = _field(part)
        if hit:
            found.append(hit)
    if not found:
        return activity, []
    return activity[: match.start()].strip(), found


def _is_heading_of(line: str, role: str) -> bool:
    text = clean(line).rstrip(":").strip()
    return bool(text) and "\t" not in line and len(text) < 40 and role_of(text) == role


def find_list(lines: list[str], start: int, end: int) -> int | None:
    """Index of the first item of a numbered step list, if the segment has one: the items
    under an activity heading ("Uraian Kegiatan", "Prosedur"), or items carrying step fields."""
    for k in range(start, end):
        if _is_heading_of(lines[k], "activity"):
            for j in range(k + 1, min(k + 3, end)):
                if _ITEM_RE.match(clean(lines[j])) or _BULLET_RE.match(lines[j]):
                    return j
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


def declared_performers(lines: list[str], start: int, end: int) -> tuple[list[str], list[int]]:
    """Performer columns listed under a "Pelaksana" heading before the steps, and their lines."""
    for k in range(start, end):
        if not _is_heading_of(lines[k], "performers"):
            continue
        names: list[str] = []
        used = [k]
        for j in range(k + 1, end):
            bullet = _BULLET_RE.match(lines[j])
            if not bullet:
                if clean(lines[j]):
                    break
                continue
            names.append(clean(bullet.group(1)))
            used.append(j)
        if names:
            return names, used
    return [], []


def read_list(
    lines: list[str], start: int, end: int, line_no: list[int], declared: list[str]
) -> tuple[Columns, list[RawStep], list[str]]:
    """Columns (declared, then any other performer named) and raw steps of the list."""
    items: list[ListItem] = []
    loose: list[str] = []
    gap = False
    for k in range(start, end):
        text = clean(lines[k])
        if not text:
            gap = True
            continue
        found = _ITEM_RE.match(text)
        bullet = _BULLET_RE.match(lines[k])
        hit = _field(lines[k])
        if hit and items:
            items[-1].add(*hit)
        elif (found or bullet) and "\t" not in lines[k]:
            number = found.group(1) if found else None
            head = found.group(2) if found else clean(bullet.group(1)) if bullet else ""
            activity, inline = _inline_fields(head)
            item = ListItem(line_no[k], number, activity)
            for pair in inline:
                item.add(*pair)
            items.append(item)
        elif items and not gap:
            items[-1].extra.append(text)
        else:
            loose.append(text)
        gap = False
    names = list(declared)
    for item in items:
        for name, _ in item.performers:
            if name and name not in names:
                names.append(name)
    performers: list[tuple[int, str, str]] = []
    for name in names:
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
        marks: dict[str, str] = {}
        labels: dict[str, str] = {}
        for name, tanda in item.performers:
            column = key_of.get(name or "")
            if column is None or column in marks:
                continue
            kind = classify_mark(tanda) if tanda else "box"
            if kind:
                marks[column], labels[column] = kind, tanda or ""
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
