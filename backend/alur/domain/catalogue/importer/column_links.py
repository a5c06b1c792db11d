"""Suggesting a position rule for performer columns the importer could not link.

The importer links a column only when its header names a position of the org file (see
performers.map_column); headers that name a function rather than a post ("PPK", "KPA Kepala
Dinas", "Pejabat Eselon IV", "Tim Telaah", "Biro Perlengkapan") stay ``unresolved`` and block
publishing. A suggestion says which rule the column most likely means, with a confidence and
reasons in plain Indonesian; only a tenant admin accepting it writes it (provenance
``suggested``), because a wrong link routes real work to the wrong official.

Signals, strongest first:

- the office's other SOPs: the same header already linked elsewhere, or a compound header
  ("Kabid/PPK") whose other part names the post this function is held by;
- a role named inside the header after a function's name ("KPA Kepala Dinas");
- what regional-government functions are held by (Permendagri finance and PPID roles, echelon
  names, teams and committees), and outside parties (a Biro, another unit, a warehouse);
- a rule whose position kind the owning unit does not have (a "Kasi" column in a Sub Bagian's
  SOP) becomes the post of the same echelon that the unit has.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from alur.domain.catalogue.validation import OrgFacts

from .model import PerformerColumn, PositionRule, SopDocument
from .performers import _GENERIC, Org, _alternatives, map_column, normalise
from .text import slugify

# Posts of the same echelon, in the order tried for a unit of each kind.
ECHELON_IV = ("kasi", "kasubbag", "kasubbag_tu")
ECHELON_III = ("kabid", "sekretaris", "kepala_uptd")
_ECHELON_IV_FOR_UNIT = {
    "seksi": ("kasi",),
    "bidang": ("kasi",),
    "sub_bagian": ("kasubbag", "kasubbag_tu"),
    "sekretariat": ("kasubbag",),
    "uptd": ("kasubbag_tu", "kasi"),
}
_ECHELON_III_FOR_UNIT = {
    "bidang": ("kabid",),
    "seksi": ("kabid",),
    "sekretariat": ("sekretaris",),
    "sub_bagian": ("sekretaris",),
    "uptd": ("kepala_uptd",),
}
_TITLE = {
    "kepala_dinas": "Kepala Dinas",
    "sekretaris": "Sekretaris",
    "kabid": "Kepala Bidang",
    "kepala_uptd": "Kepala UPTD",
    "kasi": "Kepala Seksi",
    "kasubbag": "Kepala Sub Bagian",
    "kasubbag_tu": "Kepala Sub Bagian Tata Usaha",
    "staf": "staf pelaksana",
    "fungsional": "pejabat fungsional",
}

# (pattern on the normalised header, what holds it, confidence, reason)
_OUTSIDE = (
    r"\b(biro|badan|kppn|bank|bpkad|bpk|inspektorat|kantor|gudang|lokasi|unit kerja terkait"
    r"|opd terkait|skpd terkait|ppid utama|pihak|mitra|vendor|pemerintah)\b"
)
_FUNCTIONS: tuple[tuple[str, str, float, str], ...] = (
    (
        r"\beselon (iv|4)\b",
        "echelon_iv",
        0.75,
        "pejabat eselon IV unit pemilik SOP adalah Kepala Seksi/Kepala Sub Bagian-nya",
    ),
    (
        r"\beselon (iii|3)\b",
        "echelon_iii",
        0.75,
        "pejabat eselon III unit pemilik SOP adalah Kepala Bidang/Sekretaris/Kepala UPTD-nya",
    ),
    (r"\beselon (ii|2)\b", "kepala_dinas", 0.7, "pejabat eselon II dinas adalah Kepala Dinas"),
    (
        r"\bpptk\b",
        "echelon_iv",
        0.6,
        "PPTK (pejabat pelaksana teknis kegiatan) lazimnya pejabat eselon IV unit pemilik",
    ),
    (
        r"\b(k?pa|pengguna anggaran)\b",
        "kepala_dinas",
        0.65,
        "PA/KPA (pengguna anggaran) sebuah dinas adalah Kepala Dinas",
    ),
    (
        r"\batasan ppid\b",
        "kepala_dinas",
        0.5,
        "atasan PPID Pembantu di dinas lazimnya Kepala Dinas",
    ),
    (
        r"\bppid (pembantu|pelaksana)\b",
        "sekretaris",
        0.45,
        "PPID Pembantu di dinas lazimnya dijabat Sekretaris",
    ),
    (
        r"\b(penatausahaan|pengurus) barang\b",
        "echelon_iv",
        0.45,
        "penatausahaan barang lazimnya di bawah pejabat eselon IV unit pemilik",
    ),
    (
        r"\b(tim|panitia|pokja|jfu|petugas|operator|humas|kehumasan|verifikator)\b",
        "staf",
        0.45,
        "tim, panitia, dan petugas dijalankan staf unit pemilik",
    ),
)


@dataclass(frozen=True)
class ColumnSuggestion:
    rule: PositionRule
    confidence: float
    reasons: tuple[str, ...]


def org_facts(org: Org) -> OrgFacts:
    kinds: dict[str, set[str]] = {}
    for p in org.positions:
        kinds.setdefault(str(p.get("unit")), set()).add(str(p.get("kind")))
    return OrgFacts(
        position_codes=frozenset(str(p["code"]) for p in org.positions),
        unit_codes=frozenset(str(u["code"]) for u in org.units),
        kinds_by_unit={k: frozenset(v) for k, v in kinds.items()},
        parent_of={str(u["code"]): u.get("parent") for u in org.units},
    )


def needs_link(column: PerformerColumn, owning: str | None, facts: OrgFacts) -> bool:
    """A column publishing would refuse: unresolved, an unknown post, or a kind the owning
    unit cannot reach."""
    rule = column.rule
    if rule.kind == "unresolved":
        return True
    if rule.kind == "position":
        return rule.code not in facts.position_codes
    if rule.kind == "position_of_unit" and rule.unit == "owning":
        return (
            owning is not None
            and owning in facts.unit_codes
            and not facts.kind_reachable_from(owning, str(rule.position_kind))
        )
    return False


def _unit_kind(org: Org, code: str | None) -> str | None:
    return org.kind_of(code) if code else None


def _of_unit(kind: str) -> PositionRule:
    return PositionRule(kind="position_of_unit", position_kind=kind, unit="owning")


def _kind_rule(
    kind: str, org: Org, facts: OrgFacts, owning: str | None
) -> tuple[PositionRule, str] | None:
    """The rule for a post kind in this SOP: the owning unit's holder when the unit reaches
    one, the office's only post of that kind otherwise; with a phrase naming it."""
    if kind in ("echelon_iv", "echelon_iii"):
        table = _ECHELON_IV_FOR_UNIT if kind == "echelon_iv" else _ECHELON_III_FOR_UNIT
        tried = table.get(_unit_kind(org, owning) or "", ()) + (
            ECHELON_IV if kind == "echelon_iv" else ECHELON_III
        )
        for candidate in dict.fromkeys(tried):
            if owning and facts.kind_reachable_from(owning, candidate):
                return _of_unit(candidate), f"{_TITLE[candidate]} unit pemilik"
        return None
    if kind in ("kepala_dinas", "sekretaris"):
        post = next((p for p in org.positions if p.get("kind") == kind), None)
        if post is None:
            return None
        return PositionRule(kind="position", code=str(post["code"])), str(post["title"])
    if owning and facts.kind_reachable_from(owning, kind):
        return _of_unit(kind), f"{_TITLE.get(kind, kind)} unit pemilik"
    return None


def _describe(rule: PositionRule, org: Org) -> str:
    if rule.kind == "position":
        title = next((p["title"] for p in org.positions if p["code"] == rule.code), rule.code)
        return str(title)
    if rule.kind == "position_of_unit":
        where = "unit kasus" if rule.unit == "case" else "unit pemilik"
        return f"{_TITLE.get(str(rule.position_kind), rule.position_kind)} {where}"
    if rule.kind == "external":
        return f"pihak luar ({rule.party})"
    return "belum ditautkan"


def _fits(rule: PositionRule, owning: str | None, facts: OrgFacts) -> bool:
    probe = PerformerColumn(key="", header="", rule=rule, provenance="suggested")
    return not needs_link(probe, owning, facts) and rule.kind != "unresolved"


def _same_echelon(
    rule: PositionRule, org: Org, facts: OrgFacts, owning: str | None
) -> tuple[PositionRule, str] | None:
    kind = str(rule.position_kind)
    group = "echelon_iv" if kind in ECHELON_IV else "echelon_iii" if kind in ECHELON_III else ""
    return _kind_rule(group, org, facts, owning) if group else None


def _from_catalogue(
    column: PerformerColumn, owning: str | None, catalogue: Sequence[SopDocument],
    org: Org, facts: OrgFacts,
) -> ColumnSuggestion | None:  # fmt: skip
    header = normalise(column.header)
    exact: dict[str, tuple[PositionRule, list[str]]] = {}
    partner: dict[str, tuple[PositionRule, list[str], str]] = {}
    for other in catalogue:
        for c in other.performers:
            if c.rule.kind == "unresolved":
                continue
            alts = _alternatives(c.header)
            key = msgkey(c.rule)
            if normalise(c.header) == header:
                exact.setdefault(key, (c.rule, []))[1].append(other.sop_id)
            elif header in alts[1:]:
                partner.setdefault(key, (c.rule, [], c.header))[1].append(other.sop_id)
    for found, confidence in ((exact, 0.9), (partner, 0.7)):
        if not found:
            continue
        key = max(found, key=lambda k: len(found[k][1]))
        rule, sops = found[key][0], found[key][1]
        shown = ", ".join(sorted(set(sops))[:3])
        if found is exact:
            reason = f"kolom '{column.header}' di SOP lain kantor ini ({shown}) ditautkan ke"
        else:
            reason = f"SOP lain kantor ini ({shown}) menulis kolomnya '{partner[key][2]}'; jadi"
        if rule.kind == "position_of_unit" and not _fits(rule, owning, facts):
            adapted = _same_echelon(rule, org, facts, owning)
            if adapted is None:
                continue
            rule = adapted[0]
            reason += f" {_describe(found[key][0], org)}, di unit ini setara {adapted[1]}"
        else:
            reason += f" {_describe(rule, org)}"
        if _fits(rule, owning, facts):
            return ColumnSuggestion(rule, confidence, (reason,))
    return None


def msgkey(rule: PositionRule) -> str:
    return f"{rule.kind}|{rule.code}|{rule.position_kind}|{rule.unit}|{rule.party}"


def _from_header(
    column: PerformerColumn, owning: str | None, org: Org, facts: OrgFacts
) -> ColumnSuggestion | None:
    header = normalise(column.header)
    if re.search(_OUTSIDE, header):
        rule = PositionRule(kind="external", party=slugify(column.header))
        return ColumnSuggestion(
            rule, 0.6, (f"'{column.header}' adalah pihak di luar jabatan unit ini",)
        )
    # A role named after a function's name: "KPA Kepala Dinas", "Atasan / Kasi".
    words = header.split()
    for start in range(1, len(words)):
        tail = " ".join(words[start:])
        if not any(tail == p or tail.startswith(p + " ") for p, _ in _GENERIC):
            continue
        mapped, _ = map_column(org, column.key, tail, owning)
        if mapped.rule.kind not in ("unresolved", "external") and _fits(mapped.rule, owning, facts):
            return ColumnSuggestion(
                mapped.rule,
                0.75,
                (f"judul kolom menyebut {_describe(mapped.rule, org)} ('{tail}')",),
            )
    for pattern, kind, confidence, why in _FUNCTIONS:
        if re.search(pattern, header):
            found = _kind_rule(kind, org, facts, owning)
            if found is not None:
                return ColumnSuggestion(found[0], confidence, (f"{why}: {found[1]}",))
    return None


def suggest_columns(
    doc: SopDocument, org: Org, catalogue: Sequence[SopDocument] = ()
) -> dict[str, ColumnSuggestion]:
    """A rule for every column publishing would refuse, where the signals point to one."""
    facts = org_facts(org)
    owning = doc.unit.unit_code
    out: dict[str, ColumnSuggestion] = {}
    for column in doc.performers:
        if not needs_link(column, owning, facts):
            continue
        found = _from_catalogue(column, owning, catalogue, org, facts) or _from_header(
            column, owning, org, facts
        )
        if found is None and column.rule.kind == "position_of_unit":
            adapted = _same_echelon(column.rule, org, facts, owning)
            if adapted is not None:
                found = ColumnSuggestion(
                    adapted[0],
                    0.7,
                    (
                        f"unit pemilik tidak punya {_describe(column.rule, org)};"
                        f" jabatan setara di unit ini: {adapted[1]}",
                    ),
                )
        if found is not None:
            out[column.key] = found
    return out
