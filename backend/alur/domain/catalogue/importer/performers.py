"""Mapping performer columns and owning units onto the tenant's org structure.

Column headers name roles loosely ("Kasubag Perencanaan", "Kabid", "Pelaksana/ Staf"), so
matching is by word overlap with the org file's titles plus a small vocabulary of the
standard abbreviations; anything unsure is left ``unresolved`` with a warning rather than
guessed, because a wrong performer would route real work to the wrong official.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from .model import OwningUnit, PerformerColumn, PositionRule, Provenance
from .text import fold, slugify

_EXPAND = [
    (r"\bka\.?\s*sub\s*bag(ian)?\.?\b|\bkasubb?ag\b|\bka\s*subbag\b", "kepala sub bagian"),
    (r"\bsub\s*bag(ian)?\.?\b|\bsubbag\b|\bsubbagian\b", "sub bagian"),
    (r"\bkasi\b|\bka\.?\s*seksi\b", "kepala seksi"),
    (r"\bkabid\b|\bka\.?\s*bid(ang)?\b", "kepala bidang"),
    (r"\bkadis\b", "kepala dinas"),
    (r"\bka\.?\s*uptd\b", "kepala uptd"),
    (r"\bsekretaris dinas\b", "sekretaris"),
    (r"\bkepeg\b", "kepegawaian"),
    (r"\btu\b", "tata usaha"),
    (r"\bsarpras\b", "sarana prasarana"),
    (r"\bjafung\b", "fungsional"),
    (r"\bperindang\b|\bperindag\b", ""),
    (r"&", " dan "),
]
_STOP = {"dan", "di", "ke", "yang", "atau", "pada", "dari", "provinsi", "dinas_"}
_EXTERNAL = [
    "pemohon", "masyarakat", "perusahaan", "ikm", "user", "pelapor", "pengadu", "tamu",
    "pns", "pelaku usaha", "e tamu", "anjungan", "tim ahli", "dinas terkait", "bkd",
    "bappeda", "instansi", "kabupaten", "eksportir", "konsumen", "wajib pajak", "pihak ketiga",
    "pasien", "keluarga pasien", "warga", "penduduk", "orang tua", "wali", "jemaah", "jamaah",
    "siswa", "mahasiswa", "pelanggan", "penerima", "rekanan", "penyedia",
]  # fmt: skip
_GENERIC = [
    ("kepala dinas", "kepala_dinas"),
    ("sekretaris", "sekretaris"),
    ("kepala uptd", "kepala_uptd"),
    ("kepala sub bagian tata usaha", "kasubbag_tu"),
    ("kepala sub bagian", "kasubbag"),
    ("kepala bidang", "kabid"),
    ("kepala seksi", "kasi"),
    ("fungsional", "fungsional"),
    ("staf", "staf"),
    ("staff", "staf"),
    ("pelaksana", "staf"),
]


@lru_cache(maxsize=65536)
def normalise(text: str) -> str:
    text = fold(text)
    for pattern, repl in _EXPAND:
        text = re.sub(pattern, repl, text)
    return re.sub(r"\s+", " ", text).strip()


def words(text: str) -> list[str]:
    return list(_words(text))


@lru_cache(maxsize=65536)
def _words(text: str) -> tuple[str, ...]:
    return tuple(w for w in re.split(r"[^a-z0-9]+", normalise(text)) if w and w not in _STOP)


@lru_cache(maxsize=262144)
def _same(a: str, b: str) -> bool:
    if a == b:
        return True
    if len(a) < 5 or abs(len(a) - len(b)) > 3 or a[0] != b[0]:
        return False
    return difflib.SequenceMatcher(None, a, b).ratio() >= 0.85


def containment(query: list[str], target: list[str]) -> float:
    if not query:
        return 0.0
    return sum(1 for q in query if any(_same(q, t) for t in target)) / len(query)


def jaccard(a: list[str], b: list[str]) -> float:
    sa, sb = set(a), set(b)
    return len(sa & sb) / len(sa | sb) if sa | sb else 0.0


@dataclass
class Org:
    units: list[dict[str, Any]]
    positions: list[dict[str, Any]]

    def parent_chain(self, code: str | None) -> list[str]:
        chain: list[str] = []
        by_code = {u["code"]: u for u in self.units}
        while code and code in by_code and code not in chain:
            chain.append(code)
            code = by_code[code].get("parent")
        return chain

    def kind_of(self, code: str) -> str | None:
        return next((u.get("kind") for u in self.units if u["code"] == code), None)


def match_unit(org: Org, raw: str | None, context: str | None = None) -> tuple[str | None, float]:
    if not raw:
        return None, 0.0
    query = words(raw)
    best: tuple[float, float, int, str] | None = None
    for unit in org.units:
        name = words(unit["name"])
        score = containment(query, name)
        tie = jaccard(words(context or raw), name)
        key = (score, tie, -len(name), unit["code"])
        if best is None or key > best:
            best = key
    if best is None or best[0] < 0.6:
        return None, 0.0
    return best[3], best[0]


def owning_unit(
    org: Org, body_raw: str | None, toc_section: list[str], fallback: str | None
) -> OwningUnit:
    context = " ".join(toc_section)
    sources: list[tuple[str | None, Provenance]] = [
        (body_raw, "read"),
        (toc_section[-1] if toc_section else None, "inferred"),
    ]
    for raw, prov in sources:
        if raw:
            code, score = match_unit(org, raw, context if prov == "inferred" else raw)
            code_prov: Provenance = (
                "missing" if code is None else ("read" if score == 1.0 else "inferred")
            )
            if prov == "inferred" and code_prov == "read":
                code_prov = "inferred"
            return OwningUnit(
                raw=raw, raw_provenance=prov, unit_code=code, unit_code_provenance=code_prov
            )
    if fallback:
        code, _ = match_unit(org, fallback)
        return OwningUnit(
            raw=fallback,
            raw_provenance="inferred",
            unit_code=code,
            unit_code_provenance="inferred" if code else "missing",
        )
    return OwningUnit(
        raw=None, raw_provenance="missing", unit_code=None, unit_code_provenance="missing"
    )


def _alternatives(header: str) -> list[str]:
    norm = normalise(header)
    parts = [p.strip() for p in re.split(r"\s*/\s*", norm) if p.strip()]
    return [norm, *parts] if len(parts) > 1 else [norm]


def map_column(
    org: Org, key: str, header: str, unit_code: str | None
) -> tuple[PerformerColumn, str | None]:
    """A position rule for one column, and a warning when it could not be resolved."""
    chain = org.parent_chain(unit_code)
    for alt in _alternatives(header):
        if any(re.search(rf"\b{re.escape(e)}\b", alt) for e in _EXTERNAL):
            party = slugify(alt.split()[0] if alt.split()[0] in ("pemohon", "masyarakat") else alt)
            return PerformerColumn(
                key, header, PositionRule(kind="external", party=party), "inferred"
            ), None
        for phrase, kind in _GENERIC[:2]:
            if alt == phrase or (alt.startswith(phrase + " ") and kind == "kepala_dinas"):
                pos = next((p for p in org.positions if p.get("kind") == kind), None)
                if pos:
                    return PerformerColumn(
                        key, header, PositionRule(kind="position", code=pos["code"]), "read"
                    ), None
        q = words(alt)
        scored = []
        for pos in org.positions:
            title = words(pos["title"])
            score = containment(q, title)
            related = 1 if pos.get("unit") in chain else 0
            scored.append((score, related, -len(title), pos["code"]))
        scored.sort(reverse=True)
        generic = next((kind for phrase, kind in _GENERIC if alt == phrase), None)
        if scored and scored[0][0] >= 0.75 and generic is None:
            prov: Provenance = "read" if scored[0][0] == 1.0 else "inferred"
            return PerformerColumn(
                key, header, PositionRule(kind="position", code=scored[0][3]), prov
            ), None
        role = next(
            (kind for phrase, kind in _GENERIC if alt == phrase or alt.startswith(phrase + " ")),
            None,
        )
        if role:
            unit = "owning"
            warning = None
            kinds_up = [org.kind_of(c) for c in chain]
            needs = {"kabid": "bidang", "kepala_uptd": "uptd"}.get(role)
            if needs and needs not in kinds_up:
                unit = "case"
                warning = (
                    f"Kolom pelaksana '{header}': unit pemilik SOP tidak berada di bawah"
                    f" {needs}; unitnya dipilih saat kasus dijalankan."
                )
            rule = PositionRule(kind="position_of_unit", position_kind=role, unit=unit)
            return PerformerColumn(key, header, rule, "inferred"), warning
    return (
        PerformerColumn(key, header, PositionRule(kind="unresolved"), "missing"),
        f"Kolom pelaksana '{header}' tidak cocok dengan jabatan mana pun di struktur organisasi;"
        " tetapkan jabatannya sebelum SOP diterbitkan.",
    )


def infer_from_activity(activity: str, columns: list[tuple[str, str]]) -> str | None:
    """The column whose role opens the activity sentence ("Kasubbag memerintahkan ...")."""
    text = normalise(activity)
    hits = []
    for key, header in columns:
        for alt in _alternatives(header):
            role = next((p for p, _ in _GENERIC if alt.startswith(p)), None)
            for phrase in (p for p in (alt, role) if p):
                if text == phrase or text.startswith(phrase + " "):
                    hits.append((len(phrase), key))
    if not hits:
        return None
    hits.sort(reverse=True)
    if len(hits) > 1 and hits[0][0] == hits[1][0] and hits[0][1] != hits[1][1]:
        return None
    return hits[0][1]
