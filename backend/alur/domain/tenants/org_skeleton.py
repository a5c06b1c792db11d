"""An org structure proposed from an office's imported SOP books, for the platform admin to
review before the office has one: units from the books' "unit" fields, positions from the
performer columns.

It is a proposal, never applied on its own: every unit and position carries the book, SOP
and text it came from, and what the books leave open (a seksi with no bidang named, a column
the importer could not place) is said in a note rather than guessed silently. Pure, so it is
tested on the books themselves.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from alur.domain.catalogue.importer.model import SopDocument
from alur.domain.catalogue.importer.performers import normalise
from alur.domain.catalogue.importer.text import slugify

# Leading words of an owning-unit text, after normalise() (abbreviations expanded).
_UNIT_KINDS = (
    (re.compile(r"^sekretariat\b"), "sekretariat"),
    (re.compile(r"^sub ?bagian\b"), "sub_bagian"),
    (re.compile(r"^bagian\b"), "sub_bagian"),
    (re.compile(r"^bidang\b"), "bidang"),
    (re.compile(r"^seksi\b"), "seksi"),
    (re.compile(r"^(uptd|upt|balai|unit pelaksana teknis)\b"), "uptd"),
)
# The head post of each unit kind, and whose post it answers to.
_HEAD = {
    "sekretariat": ("sekretaris", "Sekretaris"),
    "sub_bagian": ("kasubbag", "Kepala {name}"),
    "bidang": ("kabid", "Kepala {name}"),
    "seksi": ("kasi", "Kepala {name}"),
    "uptd": ("kepala_uptd", "Kepala {name}"),
}
_SMALL_WORDS = {"dan", "di", "ke", "dari", "pada", "untuk", "atau", "serta"}
ROOT = "dinas"
HEAD_OF_OFFICE = "kepala-dinas"


@dataclass
class ProposedUnit:
    code: str
    name: str
    kind: str
    parent: str | None
    source: str
    note: str = ""


@dataclass
class ProposedPosition:
    code: str
    title: str
    kind: str
    unit: str
    supervisor: str | None
    source: str
    note: str = ""


@dataclass
class Skeleton:
    units: list[ProposedUnit] = field(default_factory=list)
    positions: list[ProposedPosition] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def unit_kind(raw: str) -> str | None:
    text = normalise(raw)
    return next((kind for pattern, kind in _UNIT_KINDS if pattern.search(text)), None)


def display_name(raw: str) -> str:
    """'SUB BAGIAN UMUM' -> 'Sub Bagian Umum'; 'SUBBAG. PERENCANAAN' -> 'Sub Bagian
    Perencanaan'; text already in mixed case keeps its own capitals."""
    text = " ".join(raw.replace("&", " dan ").split())
    if text.isupper() or text.islower():
        words = text.lower().split()
        text = " ".join(
            w if i and w in _SMALL_WORDS else (w.upper() if w in {"uptd", "upt"} else w.title())
            for i, w in enumerate(words)
        )
    text = re.sub(r"(?i)\bsub\s*bag(ian)?\.?(?=\s|$)", "Sub Bagian", text)
    return re.sub(r"(?i)^ka\.?\s+", "Kepala ", text)


def _where(doc: SopDocument) -> str:
    line = f":{doc.source.line_start}" if doc.source.line_start else ""
    return f"{doc.source.book}{line} ({doc.sop_id})"


def propose(office_name: str, docs: Iterable[SopDocument]) -> Skeleton:
    docs = list(docs)
    sk = Skeleton()
    sk.units.append(ProposedUnit(ROOT, office_name, "dinas", None, "structure"))
    sk.positions.append(
        ProposedPosition(HEAD_OF_OFFICE, "Kepala Dinas", "kepala_dinas", ROOT, None, "structure")
    )
    units: dict[str, ProposedUnit] = {}  # by normalised name
    unit_of_doc: dict[str, str] = {}
    unplaced_units: dict[str, list[str]] = defaultdict(list)
    for doc in docs:
        raw = (doc.unit.raw or "").strip()
        if not raw:
            continue
        kind = unit_kind(raw)
        if kind is None:
            unplaced_units[raw].append(doc.sop_id)
            continue
        key = normalise(raw)
        if key not in units:
            name = display_name(raw)
            units[key] = ProposedUnit(slugify(name) or kind, name, kind, ROOT, _where(doc))
        unit_of_doc[doc.sop_id] = units[key].code
    _place_units(sk, list(units.values()), docs, unit_of_doc)
    _propose_positions(sk, docs, unit_of_doc)
    for raw, sops in unplaced_units.items():
        sk.notes.append(
            f"Unit '{raw}' ({', '.join(sops[:3])}) tidak dikenali sebagai sekretariat, sub "
            "bagian, bidang, seksi atau UPTD; tambahkan sendiri bila perlu."
        )
    no_unit = [d.sop_id for d in docs if not (d.unit.raw or "").strip()]
    if no_unit:
        sk.notes.append(f"{len(no_unit)} SOP tanpa unit pemilik: {', '.join(no_unit[:5])}.")
    return sk


def _place_units(
    sk: Skeleton, found: list[ProposedUnit], docs: list[SopDocument], unit_of_doc: dict[str, str]
) -> None:
    """Sub bagian go under the Sekretariat (added if no book names it); a seksi goes under the
    bidang of its own book when that book names exactly one bidang, otherwise under the
    dinas with a note; everything else under the dinas."""
    codes = {u.code for u in found}
    if any(u.kind == "sub_bagian" for u in found) and not any(
        u.kind == "sekretariat" for u in found
    ):
        found.insert(
            0,
            ProposedUnit(
                "sekretariat",
                "Sekretariat",
                "sekretariat",
                ROOT,
                "structure",
                "Tidak disebut di buku; sub bagian berada di bawah Sekretariat.",
            ),
        )
        codes.add("sekretariat")
    secretariat = next((u.code for u in found if u.kind == "sekretariat"), None)
    bidang_of_book: dict[str, set[str]] = defaultdict(set)
    book_of_unit: dict[str, set[str]] = defaultdict(set)
    kinds = {u.code: u.kind for u in found}
    for doc in docs:
        code = unit_of_doc.get(doc.sop_id)
        if code is None:
            continue
        book_of_unit[code].add(doc.source.book)
        if kinds.get(code) == "bidang":
            bidang_of_book[doc.source.book].add(code)
    for unit in found:
        if unit.kind == "sub_bagian" and secretariat:
            unit.parent = secretariat
        elif unit.kind == "seksi":
            candidates = {b for book in book_of_unit[unit.code] for b in bidang_of_book[book]}
            if len(candidates) == 1:
                unit.parent = candidates.pop()
                unit.note = "Bidang induk disimpulkan dari buku yang sama."
            else:
                unit.note = "Buku tidak menyebut bidang induknya; periksa dan pindahkan."
    order = {"sekretariat": 0, "sub_bagian": 1, "bidang": 2, "seksi": 3, "uptd": 4}
    sk.units.extend(sorted(found, key=lambda u: order[u.kind]))


def _propose_positions(sk: Skeleton, docs: list[SopDocument], unit_of_doc: dict[str, str]) -> None:
    by_code = {u.code: u for u in sk.units}
    heads: dict[str, str] = {ROOT: HEAD_OF_OFFICE}
    for unit in sk.units[1:]:
        kind, title = _HEAD[unit.kind]
        code = "sekretaris" if kind == "sekretaris" else f"kepala-{unit.code}"[:120]
        heads[unit.code] = code
        sk.positions.append(
            ProposedPosition(code, title.format(name=unit.name), kind, unit.code, None, "structure")
        )
    for pos in sk.positions[1:]:
        pos.supervisor = _supervisor_of(by_code[pos.unit], by_code, heads)
    named: dict[str, ProposedPosition] = {p.code: p for p in sk.positions}
    case_unit_headers: set[str] = set()
    for doc in docs:
        owning = unit_of_doc.get(doc.sop_id)
        for column in doc.performers:
            rule = column.rule
            if rule.kind == "external":
                continue
            if rule.kind == "position_of_unit" and rule.unit == "case":
                case_unit_headers.add(column.header)
                continue
            if owning is None:
                continue
            head = heads[owning]
            if rule.kind == "position_of_unit" and rule.position_kind in {
                "kepala_dinas",
                "sekretaris",
                "kabid",
                "kasubbag",
                "kasubbag_tu",
                "kasi",
                "kepala_uptd",
            }:
                continue  # a head post: proposed for every unit above
            kind = "fungsional" if rule.position_kind == "fungsional" else "staf"
            title = display_name(column.header)
            if rule.position_kind == "staf":
                title = f"Staf {by_code[owning].name}"
            code = slugify(title)[:120]
            if not code or code in named:
                continue
            note = (
                ""
                if rule.kind == "position_of_unit"
                else "Jabatan dari kolom pelaksana yang tidak dikenali; periksa jenis dan unitnya."
            )
            named[code] = ProposedPosition(code, title, kind, owning, head, _where(doc), note)
            sk.positions.append(named[code])
    if case_unit_headers:
        sk.notes.append(
            "Kolom yang menunjuk kepala unit kasus ("
            + ", ".join(sorted(case_unit_headers)[:4])
            + ") dipetakan ke kepala bidang/UPTD saat kasus berjalan; tidak perlu jabatan sendiri."
        )


def _supervisor_of(
    unit: ProposedUnit, by_code: dict[str, ProposedUnit], heads: dict[str, str]
) -> str:
    parent = unit.parent or ROOT
    return heads.get(parent, HEAD_OF_OFFICE) if parent in by_code else HEAD_OF_OFFICE
