"""Reading a step table: its columns, each row's cells, performer marks and decisions.

Flowchart symbols were mostly lost in conversion, so every performer and decision records
whether it was read from a surviving mark, inferred from text or structure, or is missing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .model import Decision, Provenance, Step, StepKind, WaktuUnit
from .text import cells, clean, fold, has_flowchart, slugify
from .waktu import header_unit, looks_like_waktu, parse_waktu

_NO_RE = re.compile(r"^(\d{1,3})\.?$")
_DECISION_TEXT = [
    re.compile(r"\b(jika|apabila|bila|kalau)\b.*\b(tidak|bukan|belum|tolak|ditolak)\b"),
    re.compile(r"\bsetuju\b.*\bperbaik"),
    re.compile(r"\bdisetujui\b.*\bditolak\b|\bditolak\b.*\bdisetujui\b"),
    re.compile(r"\bmenerima\s*/\s*menolak|\bmenyetujui atau menolak|\bditerima atau ditolak"),
]


@dataclass
class Columns:
    performers: list[tuple[int, str, str]]
    kelengkapan: int
    waktu: int
    output: int
    keterangan: int | None
    unit: WaktuUnit | None
    warnings: list[str] = field(default_factory=list)


def read_columns(header: str, subheader: str) -> Columns:
    top = [fold(c) for c in cells(header)]
    sub = [clean(c) for c in cells(subheader)]
    folded = [fold(c) for c in sub]
    warnings: list[str] = []

    def find(pattern: str) -> int | None:
        for i, c in enumerate(folded):
            if i >= 2 and re.search(pattern, c):
                return i
        return None

    kel = find(r"kelengkapan|persyaratan|perlengkapan|perengkapan")
    waktu = find(r"waktu")
    out = find(r"output|hasil")
    if waktu is None:
        waktu = (kel + 1) if kel is not None else len(sub)
        warnings.append("Kolom waktu tidak ditemukan di kepala tabel; posisinya ditebak.")
    if kel is None:
        kel = waktu - 1
    if out is None:
        out = waktu + 1
        warnings.append("Kolom output tidak berjudul; diambil kolom sesudah waktu.")
    performers: list[tuple[int, str, str]] = []
    for i in range(2, kel):
        if i < len(sub) and sub[i]:
            base = slugify(sub[i]) or f"kolom-{i}"
            key, n = base, 2
            while any(key == p[1] for p in performers):
                key, n = f"{base}-{n}", n + 1
            performers.append((i, key, sub[i]))
    ket = next(
        (i for i, c in enumerate(top) if i > 1 and re.match(r"^(ket|keterangan)\b", c)), None
    )
    if ket is not None and ket <= out:
        ket = out + 1
    unit = header_unit(sub[waktu]) if waktu < len(sub) else None
    return Columns(performers, kel, waktu, out, ket, unit, warnings)


def classify_mark(raw: str) -> str | None:
    if not raw.strip():
        return None
    if has_flowchart(raw):
        return "flowchart"
    text = fold(raw)
    if re.search(r"\b(mulai|start)\b", text):
        return "start"
    if re.search(r"\b(selesai|end|finish)\b", text):
        return "end"
    if re.search(r"\b(tidak|perbaiki|ditolak|tolak|dito|kembali)\b", text):
        return "no"
    if re.search(r"\b(ya|setuju|disetujui|diterima|tanda tangan)\b", text):
        return "yes"
    if "keputusan" in text or "◇" in raw or "◆" in raw:
        return "decision"
    return "box"


@dataclass
class RawStep:
    line: int
    number: str | None
    activity: str
    marks: dict[str, str]
    mark_labels: dict[str, str]
    kelengkapan: str | None
    waktu_raw: str
    output: str | None
    keterangan: str | None
    shifted: bool


def _cell(parts: list[str], i: int | None) -> str:
    return clean(parts[i]) if i is not None and 0 <= i < len(parts) else ""


def read_row(line: str, lineno: int, cols: Columns) -> RawStep | None:
    parts = cells(line)
    if len(parts) < 2:
        return None
    first = clean(parts[0])
    match = _NO_RE.match(first)
    activity = _cell(parts, 1)
    if not match and (first or not activity):
        return None
    w, k, o = cols.waktu, cols.kelengkapan, cols.output
    shifted = False
    if not looks_like_waktu(_cell(parts, w)):
        hits = [j for j in range(2, len(parts)) if j != w and looks_like_waktu(_cell(parts, j))]
        if hits:
            delta = hits[0] - w
            w, k, o = w + delta, k + delta, o + delta
            shifted = True
    marks: dict[str, str] = {}
    labels: dict[str, str] = {}
    for i, header, _title in cols.performers:
        if shifted and i >= k:
            continue
        raw = parts[i] if i < len(parts) else ""
        kind = classify_mark(raw)
        if kind:
            marks[header] = kind
            labels[header] = clean(raw)[:40] if kind != "flowchart" else "diagram alir"
    ket = _cell(parts, cols.keterangan + (o - cols.output)) if cols.keterangan else ""
    return RawStep(
        line=lineno,
        number=match.group(1) if match else None,
        activity=activity,
        marks=marks,
        mark_labels=labels,
        kelengkapan=_cell(parts, k) or None,
        waktu_raw=_cell(parts, w),
        output=_cell(parts, o) or None,
        keterangan=ket or None,
        shifted=shifted,
    )


def text_decision(activity: str) -> bool:
    text = fold(activity)
    return any(p.search(text) for p in _DECISION_TEXT)


def build_steps(
    raws: list[RawStep],
    cols: Columns,
    infer_performer: dict[int, str],
) -> tuple[list[Step], list[str]]:
    """Turn raw rows into ordered steps; ``infer_performer`` maps row index to a column key."""
    warnings: list[str] = []
    steps: list[Step] = []
    performer_of: list[str | None] = []
    count = len(raws)
    for n, raw in enumerate(raws):
        position = n + 1
        prov: dict[str, Provenance] = {
            "number": "read" if raw.number else "missing",
            "activity": "read" if raw.activity else "missing",
        }
        body = [
            h
            for h, kind in raw.marks.items()
            if kind in ("start", "end", "box", "decision", "flowchart")
        ]
        yes = [h for h, kind in raw.marks.items() if kind == "yes"]
        no = [h for h, kind in raw.marks.items() if kind == "no"]
        performer: str | None = None
        if body:
            performer = body[0]
            prov["performer"] = "read"
            if len(body) > 1:
                warnings.append(
                    f"Langkah {raw.number or position}: tanda pelaksana ada di beberapa kolom"
                    f" ({', '.join(body)}); dipilih '{body[0]}'."
                )
        elif yes:
            performer = yes[0]
            prov["performer"] = "read"
        elif n in infer_performer:
            performer = infer_performer[n]
            prov["performer"] = "inferred"
        else:
            prov["performer"] = "missing"
        performer_of.append(performer)

        kinds = set(raw.marks.values())
        kind: StepKind = "process"
        decision: Decision | None = None
        if "start" in kinds or ("flowchart" in kinds and n == 0):
            kind, prov["kind"] = "start", "read"
        elif "end" in kinds:
            kind, prov["kind"] = "end", "read"
        elif yes or no or "decision" in kinds:
            kind, prov["kind"] = "decision", "read"
        elif text_decision(raw.activity):
            kind, prov["kind"] = "decision", "inferred"
        elif n == 0:
            kind, prov["kind"] = "start", "inferred"
        elif n == count - 1:
            kind, prov["kind"] = "end", "inferred"
        else:
            prov["kind"] = "inferred"
        if kind == "decision":
            decision = _decision(raw, position, count, no, performer_of, prov["kind"])
        waktu = parse_waktu(raw.waktu_raw, cols.unit)
        prov["kelengkapan"] = "read" if raw.kelengkapan else "missing"
        prov["waktu"] = "missing" if waktu.category == "blank" else "read"
        prov["output"] = "read" if raw.output else "missing"
        prov["keterangan"] = "read" if raw.keterangan else "missing"
        if raw.shifted:
            prov["kelengkapan"] = prov["waktu"] = prov["output"] = "inferred"
            warnings.append(
                f"Langkah {raw.number or position}: kolom mutu baku bergeser dari kepala tabel;"
                " kelengkapan, waktu dan output diambil di sekitar sel waktu."
            )
        if waktu.category == "unparsed":
            warnings.append(
                f"Langkah {raw.number or position}: waktu '{waktu.raw}' tidak dapat dibaca;"
                " langkah ini tidak diberi batas waktu."
            )
        steps.append(
            Step(
                position=position,
                number=raw.number,
                activity=raw.activity,
                performer=performer,
                kelengkapan=raw.kelengkapan,
                waktu=waktu,
                output=raw.output,
                keterangan=raw.keterangan,
                kind=kind,
                decision=decision,
                marks=dict(raw.mark_labels),
                source_line=raw.line,
                provenance=prov,
            )
        )
    return steps, warnings


def _decision(
    raw: RawStep,
    position: int,
    count: int,
    no_cols: list[str],
    performer_of: list[str | None],
    prov: Provenance,
) -> Decision:
    text = fold(raw.activity)
    yes_target = position + 1 if position < count else None
    no_target: int | None = position - 1 if position > 1 else None
    if no_cols:
        for k in range(position - 2, -1, -1):
            if performer_of[k] == no_cols[0]:
                no_target = k + 1
                break
    elif re.search(r"\btolak|ditolak\b", text) and not re.search(r"kembali|perbaik|ulang", text):
        no_target = None
    yes_label = next((v for h, v in raw.mark_labels.items() if raw.marks[h] == "yes"), None)
    no_label = next((v for h, v in raw.mark_labels.items() if raw.marks[h] == "no"), None)
    return Decision(
        yes_target=yes_target,
        no_target=no_target,
        yes_label=yes_label,
        no_label=no_label,
        provenance="read" if no_cols or yes_label else "inferred",
    )
