"""Fidelity report: how much of each field the importer read, inferred or could not find,
and what each SOP of a book still needs before it can be published.

Plain text and deterministic (no timings, no absolute paths), so its output can be committed
(docs/catalogue-fidelity.md) and compared between importer versions.

Counting rules:

- *values*: one per step for step fields (``decision``: one per decision step), one per SOP
  with a body in the book for identity, section and unit fields (placeholders listed only in
  the contents are left out, they have nothing to read), one per column for ``performers``.
- *read* / *inferred* / *missing*: the value's provenance flag; the three add up to *values*.
- *warned*: values also named by an import warning; it overlaps the other three.
  A step field is warned when a warning names the step ("Langkah 3: …", "Langkah ke-3 …")
  and mentions the field (``pelaksana`` -> performer, ``mutu baku`` -> kelengkapan, waktu
  and output, ``cabang`` -> decision, …); "Nomor langkah melompat dari 2 ke 4" and "Nomor
  langkah 5 muncul lebih dari sekali" warn the number of steps 4 and 5; the ``steps`` row
  counts steps named by any warning. Identity fields are warned by the contents/body
  disagreements and by "Blok identitas tidak mencantumkan: …"; sections when a warning
  quotes their key; the unit code when it is not in the org file; a performer column when
  a warning quotes its header. Warnings about the whole SOP ("5 dari 8 langkah tidak
  memiliki pelaksana …") restate *missing* and are not counted again.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from .identity import SECTIONS
from .model import BookImport, SopDocument, Step

STEP_FIELDS = (
    "number",
    "activity",
    "performer",
    "kind",
    "decision",
    "kelengkapan",
    "waktu",
    "output",
    "keterangan",
)
IDENTITY_FIELDS = (
    "nomor_sop",
    "title",
    "tanggal_pembuatan",
    "tanggal_revisi",
    "tanggal_efektif",
    "disahkan_oleh",
)
SECTION_FIELDS = tuple(SECTIONS)
# What a warning about one step must mention to count against a field of that step.
_STEP_KEYWORDS: dict[str, tuple[str, ...]] = {
    "number": ("bernomor", "nomor langkah"),
    "activity": ("uraian kegiatan", "uraiannya"),
    "performer": ("pelaksana",),
    "kind": ("keputusan", "mulai", "selesai"),
    "decision": ("keputusan", "cabang"),
    "kelengkapan": ("kelengkapan", "mutu baku"),
    "waktu": ("waktu", "mutu baku"),
    "output": ("output", "mutu baku"),
    "keterangan": ("keterangan",),
}
_STEP_RE = re.compile(r"^Langkah (ke-)?([^\s:(]+)")
_STEP_NUMBER_RE = re.compile(
    r"^Nomor langkah (?:(?P<repeated>\d+) muncul|(?:melompat|mundur) dari \d+ ke (?P<to>\d+))"
)
_NOT_LISTED_RE = re.compile(r"^Blok identitas tidak mencantumkan: (.*?)\.?$")
_QUOTED_RE = re.compile(r"'([^']*)'")
_PROVENANCE = ("read", "inferred", "missing")


@dataclass
class Tally:
    read: int = 0
    inferred: int = 0
    missing: int = 0
    warned: int = 0

    @property
    def values(self) -> int:
        return self.read + self.inferred + self.missing

    def add(self, provenance: str, warned: bool) -> None:
        if provenance in _PROVENANCE:
            setattr(self, provenance, getattr(self, provenance) + 1)
        else:  # an unknown flag is not a value the book gave
            self.missing += 1
        self.warned += int(warned)


def _warned_steps(doc: SopDocument) -> dict[int, set[str]]:
    """Step position -> the fields the SOP's warnings name for that step (``*`` = any)."""
    by_number: dict[str, list[int]] = {}
    for s in doc.steps:
        if s.number is not None:
            by_number.setdefault(s.number, []).append(s.position)
    positions = {s.position for s in doc.steps}
    out: dict[int, set[str]] = {}
    for warning in doc.warnings:
        numbering = _STEP_NUMBER_RE.match(warning)
        if numbering:  # "Nomor langkah 5 muncul lebih dari sekali", "… melompat dari 2 ke 4"
            label = numbering.group("repeated") or numbering.group("to")
            for pos in by_number.get(label, []):
                out.setdefault(pos, set()).update({"number", "*"})
            continue
        match = _STEP_RE.match(warning)
        if not match:
            continue
        label = match.group(2)
        if match.group(1):  # "Langkah ke-N" counts positions
            hits = [int(label)] if label.isdigit() and int(label) in positions else []
        else:
            hits = by_number.get(label) or (
                [int(label)] if label.isdigit() and int(label) in positions else []
            )
        text = warning[match.end() :].lower()
        fields = {f for f, keys in _STEP_KEYWORDS.items() if any(k in text for k in keys)}
        for pos in hits:
            out.setdefault(pos, set()).update(fields | {"*"})
    return out


def _step_provenance(step: Step, name: str) -> str | None:
    if name == "decision":
        return step.decision.provenance if step.decision is not None else None
    return step.provenance.get(name, "missing")


def _warned_identity(doc: SopDocument) -> set[str]:
    out: set[str] = set()
    for warning in doc.warnings:
        if warning.startswith("Nomor SOP di daftar isi"):
            out.add("nomor_sop")
        elif warning.startswith(("Judul di daftar isi", "Judul SOP tidak terbaca")):
            out.add("title")
        match = _NOT_LISTED_RE.match(warning)
        if match:
            out.update(p.strip().replace(" ", "_") for p in match.group(1).split(","))
    return out


def _quoted(doc: SopDocument) -> set[str]:
    return {q for w in doc.warnings for q in _QUOTED_RE.findall(w)}


def _unit_warned(doc: SopDocument) -> bool:
    return any(w.startswith("Unit pemilik SOP") for w in doc.warnings)


def field_tallies(docs: Iterable[SopDocument]) -> dict[str, Tally]:
    """Row name -> tally, rows in a fixed order. The ``steps`` row counts steps (each as one
    value) and how many a warning names; it has no provenance of its own."""
    rows: dict[str, Tally] = {"steps": Tally()}
    rows.update({f"steps.{f}": Tally() for f in STEP_FIELDS})
    rows.update({f"identity.{f}": Tally() for f in IDENTITY_FIELDS})
    rows.update({f"sections.{f}": Tally() for f in SECTION_FIELDS})
    rows.update({"unit.raw": Tally(), "unit.unit_code": Tally(), "performers": Tally()})
    for doc in docs:
        warned_steps = _warned_steps(doc)
        for step in doc.steps:
            named = warned_steps.get(step.position, set())
            rows["steps"].add("read", "*" in named)
            for f in STEP_FIELDS:
                prov = _step_provenance(step, f)
                if prov is not None:
                    rows[f"steps.{f}"].add(prov, f in named)
        if doc.source.line_start is None:
            continue  # only in the contents: nothing was there to read
        quoted = _quoted(doc)
        ident = _warned_identity(doc)
        for f in IDENTITY_FIELDS:
            rows[f"identity.{f}"].add(doc.identity.provenance.get(f, "missing"), f in ident)
        for f in SECTION_FIELDS:
            rows[f"sections.{f}"].add(doc.sections.provenance.get(f, "missing"), f in quoted)
        rows["unit.raw"].add(doc.unit.raw_provenance, False)
        rows["unit.unit_code"].add(doc.unit.unit_code_provenance, _unit_warned(doc))
        for col in doc.performers:
            rows["performers"].add(col.provenance, col.header in quoted)
    return rows


def _percent(part: int, whole: int) -> str:
    return f"{100 * part / whole:.0f}%" if whole else "-"


def _field_table(rows: dict[str, Tally]) -> list[str]:
    head = f"  {'field':<32}{'values':>7}{'read':>7}{'inferred':>9}{'missing':>8}{'warned':>7}"
    lines = [head]
    for name, t in rows.items():
        if name == "steps":
            lines.append(f"  {name:<32}{t.values:>7}{'':>7}{'':>9}{'':>8}{t.warned:>7}")
            continue
        lines.append(
            f"  {name:<32}{t.values:>7}{t.read:>7}{t.inferred:>9}{t.missing:>8}{t.warned:>7}"
        )
    return lines


@dataclass
class Review:
    """What one SOP needs before it can be published."""

    position: str
    content: str
    steps: int
    no_performer: int
    unresolved: list[str]
    decisions_inferred: int
    performer_inferred: int
    warnings: int
    title: str


def review(doc: SopDocument) -> Review:
    unresolved = [c.key for c in doc.performers if c.rule.kind == "unresolved"]
    return Review(
        position=doc.sop_id.rsplit("-", 1)[-1],
        content=doc.content,
        steps=len(doc.steps),
        no_performer=sum(1 for s in doc.steps if s.performer is None),
        unresolved=unresolved,
        decisions_inferred=sum(
            1 for s in doc.steps if s.decision is not None and s.decision.provenance == "inferred"
        ),
        performer_inferred=sum(
            1 for s in doc.steps if s.performer and s.provenance.get("performer") == "inferred"
        ),
        warnings=len(doc.warnings),
        title=doc.title,
    )


def _review_table(docs: list[SopDocument]) -> list[str]:
    lines = [
        f"  {'nn':<4}{'content':<9}{'steps':>6}{'no perf.':>10}{'unres.':>7}{'dec.inf':>8}"
        f"{'perf.inf':>9}{'warn':>6}  title / unresolved columns"
    ]
    for doc in docs:
        r = review(doc)
        title = r.title if len(r.title) <= 48 else r.title[:47] + "…"
        extra = f"  [unresolved: {', '.join(r.unresolved)}]" if r.unresolved else ""
        no_perf = f"{r.no_performer}/{r.steps}" if r.steps else "-"
        lines.append(
            f"  {r.position:<4}{r.content:<9}{r.steps:>6}{no_perf:>10}{len(r.unresolved):>7}"
            f"{r.decisions_inferred:>8}{r.performer_inferred:>9}{r.warnings:>6}  {title}{extra}"
        )
    return lines


def book_report(result: BookImport, org_note: str) -> str:
    """The report for one imported book, ending with a newline."""
    docs = result.sops
    contents = {k: sum(1 for d in docs if d.content == k) for k in ("complete", "partial")}
    placeholders = sum(1 for d in docs if d.source.line_start is None)
    extra = sum(1 for d in docs if d.toc is None)
    steps = sum(len(d.steps) for d in docs)
    no_perf = sum(1 for d in docs for s in d.steps if s.performer is None)
    columns = [c for d in docs for c in d.performers]
    unresolved = sum(1 for c in columns if c.rule.kind == "unresolved")
    review_ready = sum(
        1
        for d in docs
        if d.content == "complete"
        and all(s.performer is not None for s in d.steps)
        and all(c.rule.kind != "unresolved" for c in d.performers)
    )
    lines = [
        f"== {result.book} ==",
        f"tenant {result.tenant}; org file: {org_note}; sha256 {result.sha256[:16]}…",
        f"{len(result.toc)} SOPs in the contents, {len(docs)} files:"
        f" {contents['complete']} complete, {contents['partial']} partial,"
        f" {len(docs) - contents['complete'] - contents['partial']} missing"
        f" ({placeholders} only in the contents); {extra} not in the contents",
        f"{steps} steps, {no_perf} without a performer ({_percent(no_perf, steps)});"
        f" {len(columns)} performer columns, {unresolved} unresolved;"
        f" {sum(len(d.warnings) for d in docs)} warnings;"
        f" {review_ready} SOPs complete with every step and column assigned",
    ]
    lines.extend(f"book warning: {w}" for w in result.warnings)
    lines += ["", "fields (identity, sections, unit: SOPs with a body in the book)"]
    lines += _field_table(field_tallies(docs))
    lines += ["", "per SOP"]
    lines += _review_table(docs)
    return "\n".join(lines) + "\n"
