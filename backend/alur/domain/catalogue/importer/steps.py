"""Reading a step table: its columns, each row's cells, performer marks and decisions.

Flowchart symbols were mostly lost in conversion, so every performer and decision records
whether it was read from a surviving mark, inferred from text or structure, or is missing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .columns import MUTU_ROLES, role_of
from .model import Decision, Provenance, Step, StepKind, WaktuUnit
from .text import cells, clean, fold, has_flowchart, slugify
from .waktu import header_unit, looks_like_waktu, parse_waktu

# A step number as printed, sub-steps included ("3", "3.", "3.1", "5a", "5.b").
_NO_RE = re.compile(r"^(\d{1,3}(?:\.\d{1,2}|\.?[a-z])?)[.)]?$")
_NEGATIVE = (
    r"tidak|bukan|belum|tolak|ditolak|kembali|dikembalikan|salah|kesalahan|keliru|revisi"
    r"|perbaikan|perbaiki|diperbaiki|kurang"
)
_DECISION_TEXT = [
    re.compile(rf"\b(jika|apabila|bila|bilamana|kalau|dalam hal)\b.*\b({_NEGATIVE})\b"),
    re.compile(r"\bsetuju\b.*\b(perbaik|tolak|tidak)|\btidak setuju\b"),
    re.compile(r"\bdisetujui\b.*\bditolak\b|\bditolak\b.*\bdisetujui\b"),
    re.compile(
        r"\b(menerima|terima)\s*/\s*(menolak|tolak)|\bmenyetujui atau menolak"
        r"|\bditerima atau ditolak|\b(disetujui|persetujuan|setuju|sesuai|lengkap) atau tidak"
    ),
    re.compile(r"\b(sesuai|lengkap|benar|valid|memenuhi syarat)\s*/\s*(tidak|belum)\b"),
    re.compile(r"\btidak (sesuai|lengkap|memenuhi|benar|valid|disetujui)\b"),
    re.compile(r"\b(acc|setuju|benar|ok)\b.*\bperbaiki\b"),
]
# Activities that check something: a lone "tidak" beside them is their own branch.
_REVIEW_RE = re.compile(
    r"\b(persetujuan|menyetujui|setuju|memeriksa|pemeriksaan|meneliti|verifikasi|memverifikasi"
    r"|validasi|memvalidasi|monitoring|koreksi|mengoreksi|menilai|penilaian|evaluasi)\b"
)
_TAIL_STOP = {"untuk", "dan", "yang", "kepada", "dengan", "oleh", "atau", "dikoreksi", "diperbaiki"}
_TARGET_RE = re.compile(r"\b(?:ke|kepada)\s+(?:langkah|tahap|kegiatan|no|nomor)\.?\s*(\d{1,3})\b")


@dataclass
class Columns:
    performers: list[tuple[int, str, str]]
    kelengkapan: int | None
    waktu: int | None
    output: int | None
    keterangan: int | None
    unit: WaktuUnit | None
    warnings: list[str] = field(default_factory=list)
    number: int | None = 0
    activity: int = 1
    branch_cols: dict[str, int] = field(default_factory=dict)  # "Ya"/"Tidak" target columns

    def fields(self) -> dict[str, int]:
        named = {
            "kelengkapan": self.kelengkapan,
            "waktu": self.waktu,
            "output": self.output,
            "keterangan": self.keterangan,
        }
        return {k: v for k, v in named.items() if v is not None}


def is_subheader(line: str | None) -> bool:
    """The second header row: performer names and Kelengkapan/Waktu/Output under the spans.

    Not a data row (no step number with an activity) and not the "1 2 3 ..." numbering row.
    """
    if not line or not line.strip():
        return False
    parts = [clean(c) for c in cells(line)]
    filled = [p for p in parts if p]
    if len(parts) < 2 or not filled:
        return False
    if all(re.fullmatch(r"\(?\d{1,2}\)?\.?", p) for p in filled):
        return False
    if _NO_RE.match(parts[0]) and len(parts) > 1 and parts[1]:
        return False
    return not parts[0] or role_of(parts[0]) is None


def _names(top: list[str], sub: list[str]) -> list[str]:
    names: list[str] = []
    for i in range(max(len(top), len(sub))):
        t = clean(top[i]) if i < len(top) else ""
        b = clean(sub[i]) if i < len(sub) else ""
        if b and t and role_of(t) not in (None, "performers", "mutu") and role_of(b) is None:
            names.append(f"{t} {b}")  # "Waktu" over "(menit)"
        else:
            names.append(b or t)
    return names


def read_columns(header: str, subheader: str | None) -> Columns:
    top = cells(header)
    sub = cells(subheader) if subheader is not None else []
    names = _names(top, sub)
    roles = [role_of(n) for n in names]
    warnings: list[str] = []
    number: int | None = next((i for i, r in enumerate(roles) if r == "number"), None)
    activity = next((i for i, r in enumerate(roles) if r == "activity"), (number or 0) + 1)
    if number is None and activity > 0:
        number = 0  # an unnamed first column holds the numbers
    elif number is None and len(names) > 1 and not names[1]:
        number, activity = 0, 1  # "Uraian Prosedur" drawn over the number column as well

    def first(role: str, after: int = activity) -> int | None:
        return next((i for i, r in enumerate(roles) if i > after and r == role), None)

    waktu = first("waktu")
    kel_hits = [i for i, r in enumerate(roles) if i > activity and r == "kelengkapan"]
    kel = max((i for i in kel_hits if waktu is None or i < waktu), default=None)
    out = first("output", waktu if waktu is not None else activity)
    if waktu is None:
        warnings.append("Kolom waktu tidak ditemukan di kepala tabel; posisinya ditebak.")
        waktu = (kel + 1) if kel is not None else None
    if kel is None and waktu is not None and waktu - 1 > activity and not names[waktu - 1]:
        kel = waktu - 1
    if out is None and waktu is not None:
        out = waktu + 1
        warnings.append("Kolom output tidak berjudul; diambil kolom sesudah waktu.")
    ket = first("keterangan")
    last_mutu = max((i for i in (kel, waktu, out) if i is not None), default=None)
    if ket is not None and last_mutu is not None and ket <= last_mutu:
        # A top-row "Ket" drawn over a mutu-baku column: keterangan closes the table.
        ket = last_mutu + 1
    mutu_start = min(
        (
            i
            for i, r in enumerate(roles)
            if i > activity and r in ("mutu", *MUTU_ROLES, "keterangan")
        ),
        default=len(names),
    )
    for i in (kel, waktu, out, ket):
        if i is not None:
            mutu_start = min(mutu_start, i)
    performers: list[tuple[int, str, str]] = []
    branch_cols: dict[str, int] = {}
    for i in range(activity + 1, mutu_start):
        branch = {"ya": "yes", "tidak": "no"}.get(fold(names[i]))
        if branch:  # a "Keputusan: Ya | Tidak" pair of columns holding target step numbers
            branch_cols[branch] = i
        elif names[i]:
            base = slugify(names[i]) or f"kolom-{i}"
            key, n = base, 2
            while any(key == p[1] for p in performers):
                key, n = f"{base}-{n}", n + 1
            performers.append((i, key, names[i]))
    unit = header_unit(names[waktu]) if waktu is not None and waktu < len(names) else None
    return Columns(
        performers,
        kel,
        waktu,
        out,
        ket,
        unit,
        warnings,
        number=number,
        activity=activity,
        branch_cols=branch_cols,
    )


_DRAWING_RE = re.compile(r"^[\s↓↑→←↔↕⇒⇐⇓⇑⟶⟵►▼▲◄|/\\\-–—>_<^.:,]*$")


def classify_mark(raw: str) -> str | None:
    """What a performer cell holds: a flowchart symbol, a branch label, or nothing.

    Arrows and connector lines are drawing remnants, never a performer.
    """
    if not raw.strip():
        return None
    if has_flowchart(raw):
        return "flowchart"
    if not clean(raw):
        return "box"  # a symbol drawn with markup only (e.g. a bordered <div>)
    if _DRAWING_RE.match(clean(raw)):
        return None
    text = fold(raw)
    if re.fullmatch(r"(diagram )?(\w+ )*(arrow|panah|garis|line)( \w+)*", text) and not re.search(
        r"\b(mulai|start|selesai|seles?i|end|box|kotak|keputusan|decision|document|dokumen)\b", text
    ):
        return None  # "[Diagram: Down arrow]": a connector described in words
    if re.search(r"\b(mulai|start|awal)\b", text):
        return "start"
    if re.search(r"\b(selesai|selesi|end|finish|akhir|stop)\b", text):
        return "end"
    if (
        re.search(r"\b(keputusan|decision|putusan)\b", text)
        or re.search(r"[◇◆♦⬦⬥◊]", raw)
        or re.fullmatch(r"\s*(\{\s*\}|<\s*>)\s*", raw)
    ):
        return "decision"
    if len(text.split()) >= 4 and not re.search(r"[\[\]◇◆]", raw):
        return "note"  # a sentence beside an arrow ("Sesuai dengan Renja dan Per Menkeu")
    no_word = re.search(r"\b(tidak|perbaiki|ditolak|tolak|dito|kembali|dikembalikan|no)\b", text)
    yes_word = re.search(r"\b(ya|yes|setuju|disetujui|lengkap|sesuai)\b", text)
    if no_word and yes_word and len(text) <= 30:
        return "decision"  # "Ya / Tidak", "Tidak ← Ya ↓" written in the diamond's own cell
    if no_word:
        return "no"
    if re.search(r"\b(ya|yes|setuju|disetujui|diterima|tanda tangan|lengkap|sesuai)\b", text):
        return "yes"
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
    leftovers: list[str] = field(default_factory=list)
    moved: list[str] = field(default_factory=list)
    named_performer: str | None = None
    branch_labels: dict[str, str] = field(default_factory=dict)  # "yes"/"no" -> label
    targets: dict[str, int | None] = field(default_factory=dict)  # from Ya/Tidak columns
    provenance: dict[str, Provenance] = field(default_factory=dict)


def _cell(parts: list[str], i: int | None) -> str:
    return clean(parts[i]) if i is not None and 0 <= i < len(parts) else ""


def read_row(
    line: str, lineno: int, cols: Columns, *, continuation: bool = False
) -> RawStep | None:
    """One data row; ``continuation`` reads a row that only carries on the row above."""
    parts = cells(line)
    if len(parts) < 2:
        return None
    number_cell = _cell(parts, cols.number)
    match = _NO_RE.match(number_cell)
    activity = _cell(parts, cols.activity)
    if cols.number not in (0, None) and not match:
        match = _NO_RE.match(_cell(parts, 0))
    if not continuation and not match and (number_cell or not activity):
        return None
    positions = cols.fields()
    w = positions.get("waktu")
    shifted = False
    if w is not None and not looks_like_waktu(_cell(parts, w)):
        hits = [
            j
            for j in range(cols.activity + 1, len(parts))
            if j not in (w, cols.keterangan) and looks_like_waktu(_cell(parts, j))
        ]
        if hits:  # values drawn off their header (a note such as "Maks. 2 hari" is no waktu)
            delta = hits[0] - w
            positions = {k: v + delta for k, v in positions.items()}
            shifted = True
    values = {k: _cell(parts, v) for k, v in positions.items()}
    consumed = {cols.activity, *positions.values()}
    if cols.number is not None:
        consumed.add(cols.number)
    marks: dict[str, str] = {}
    labels: dict[str, str] = {}
    for i, header, _title in cols.performers:
        if shifted and i in positions.values():
            continue
        consumed.add(i)
        raw = parts[i] if i < len(parts) else ""
        kind = classify_mark(raw)
        if kind:
            marks[header] = kind
            labels[header] = clean(raw) if kind != "flowchart" else "diagram alir"
    targets: dict[str, int | None] = {}
    for branch, i in cols.branch_cols.items():
        consumed.add(i)
        cell = _cell(parts, i)
        ref = re.search(r"\d{1,3}", cell)
        if ref:
            targets[branch] = int(ref.group())
        elif re.search(rf"\b({_END_WORDS})\b", fold(cell)):
            targets[branch] = None
    # Text in a column the header leaves unnamed (an extra empty header cell, or a row wider
    # than its header) goes to the nearest empty mutu-baku field; otherwise it is reported.
    leftovers: list[str] = []
    moved: list[str] = []
    for j in range(cols.activity + 1, len(parts)):
        text = _cell(parts, j)
        if j in consumed or not text or classify_mark(text) is None:
            continue
        free = sorted(
            (k for k, v in positions.items() if not values[k]),
            key=lambda k: (abs(positions[k] - j), positions[k] < j),
        )
        if looks_like_waktu(text) and "waktu" in free:
            free = ["waktu"]
        elif "waktu" in free and len(free) > 1:
            free.remove("waktu")
        if free:
            values[free[0]] = text
            moved.append(free[0])
        else:
            leftovers.append(text)
    return RawStep(
        line=lineno,
        number=match.group(1) if match else None,
        activity=activity,
        marks=marks,
        mark_labels=labels,
        kelengkapan=values.get("kelengkapan") or None,
        waktu_raw=values.get("waktu", ""),
        output=values.get("output") or None,
        keterangan=values.get("keterangan") or None,
        shifted=shifted,
        leftovers=leftovers,
        moved=moved,
        targets=targets,
    )


def text_decision(activity: str, keterangan: str | None = None) -> bool:
    """Decision wording in the activity ("jika … tidak …", "Apakah berkas lengkap?") or
    branch wording in keterangan ("Tidak lengkap → dikembalikan", "Ya: langkah 6")."""
    text = re.sub(r"\btdk\b", "tidak", fold(activity))
    if any(p.search(text) for p in _DECISION_TEXT):
        return True
    if "?" in activity and (re.search(r"\bapakah\b", text) or activity.rstrip(" .").endswith("?")):
        return True
    if re.search(r"\?\s*(ya|tidak)\b", activity, re.IGNORECASE):
        return True
    note = clean(keterangan or "").lower()
    return bool(note) and (
        any(p.search(fold(note)) for p in _DECISION_TEXT if p is not _DECISION_TEXT[0])
        or bool(re.match(r"(ya|tidak)\b[^.;]{0,25}[:→]", note))
    )


_STEP_REF = (
    r"(?:(?:ke\s*(?:langkah|no\.?|nomor|tahap|step|kegiatan|proses)?|langkah|tahap|step)"
    r"\s*(?:ke\s*)?(?:no\.?\s*)?|^\s*(?:→|->|=>|:)\s*)(\d{1,3})\b"
)
_YES_WORDS = r"ya|setuju|disetujui|lengkap|sesuai|valid|benar|ditemukan|diterima|lulus"
_NO_WORDS = r"tidak|belum|ditolak|tolak|kurang|salah"
_END_WORDS = r"selesai|berakhir|berhenti|dihentikan|stop|ditutup"


def written_targets(text: str) -> dict[str, int | None]:
    """Branch targets the text states: {"yes"/"no": step number, or None for the end}."""
    low = re.sub(r"\bno\.\s*", "no ", clean(text).lower())  # "ke no. 7" is not a sentence end
    low = re.sub(r"\btdk\b", "tidak", low)
    found: dict[str, int | None] = {}
    for branch, words in (("no", _NO_WORDS), ("yes", _YES_WORDS)):
        for m in re.finditer(rf"\b(?:{words})\b([^;.?#,]{{0,60}})", low):
            tail = m.group(1)
            ref = re.search(_STEP_REF, tail)
            if ref:
                found.setdefault(branch, int(ref.group(1)))
            elif re.search(rf"\b(?:{_END_WORDS})\b", tail):
                found.setdefault(branch, None)
            if branch in found:
                break
        if branch == "no":  # "tidak lengkap" must not read as a "lengkap" (yes) branch
            low = re.sub(rf"\b(?:{_NO_WORDS})\b\s*(?:{_YES_WORDS})?", " # ", low)
    return found


def build_steps(
    raws: list[RawStep],
    cols: Columns,
    infer_performer: dict[int, str],
) -> tuple[list[Step], list[str]]:
    """Turn raw rows into ordered steps; ``infer_performer`` maps row index to a column key."""
    warnings: list[str] = []
    steps: list[Step] = []
    performer_of: list[str | None] = []
    titles = {key: title for _, key, title in cols.performers}
    activities = [fold(r.activity) for r in raws]
    count = len(raws)
    for n, raw in enumerate(raws):
        position = n + 1
        label = raw.number or str(position)
        prov: dict[str, Provenance] = {
            "number": "read" if raw.number else "missing",
            "activity": "read" if raw.activity else "missing",
        }
        marks = dict(raw.marks)
        worded = text_decision(raw.activity, raw.keterangan) or bool(raw.targets)
        # One lone "ya" (or a lone "tidak" beside an activity that checks nothing) on the row
        # below a diamond labels the arrow leaving that diamond; it is not a second decision.
        lone = set(marks.values())
        branch_only = lone == {"yes"} or (
            lone == {"no"} and not _REVIEW_RE.search(fold(raw.activity))
        )
        if branch_only and steps and steps[-1].kind == "decision" and not worded:
            # "ya"/"tidak" drawn on the row below a diamond label the arrows leaving it.
            prev = steps[-1].decision
            if prev is not None:
                for h, branch in marks.items():
                    if branch == "yes" and prev.yes_label is None:
                        prev.yes_label = raw.mark_labels[h]
                    if branch == "no" and prev.no_label is None:
                        prev.no_label = raw.mark_labels[h]
            marks = {}
        body = [
            h
            for h, kind in marks.items()
            if kind in ("start", "end", "box", "decision", "flowchart")
        ]
        yes = [h for h, kind in marks.items() if kind == "yes"]
        no = [h for h, kind in marks.items() if kind == "no"]
        performer: str | None = None
        if raw.named_performer:
            performer = raw.named_performer
            prov["performer"] = raw.provenance.get("performer", "read")
        elif body:
            performer = body[0]
            prov["performer"] = "read"
            if len(body) > 1:
                warnings.append(
                    f"Langkah {label}: tanda pelaksana ada di beberapa kolom"
                    f" ({', '.join(body)}); dipilih '{body[0]}'."
                )
        elif yes:
            # A "ya" label marks where an arrow goes, not a box: the performer is deduced.
            performer = yes[0]
            prov["performer"] = "inferred"
        elif n in infer_performer:
            performer = infer_performer[n]
            prov["performer"] = "inferred"
        else:
            prov["performer"] = "missing"
        performer_of.append(performer)

        kinds = set(marks.values())
        kind: StepKind = "process"
        decision: Decision | None = None
        if "decision" in kinds or ((yes or no) and "start" not in kinds):
            kind, prov["kind"] = "decision", "read"
        elif worded and "start" not in kinds:
            kind, prov["kind"] = "decision", "inferred"
            if "end" in kinds:
                warnings.append(
                    f"Langkah {label}: bertanda selesai tetapi uraiannya sebuah keputusan;"
                    " dibaca sebagai keputusan (SOP tidak berakhir di titik keputusan)."
                )
        elif "start" in kinds or ("flowchart" in kinds and n == 0):
            kind, prov["kind"] = "start", "read"
        elif "end" in kinds:
            kind, prov["kind"] = "end", "read"
        elif n == 0:
            kind, prov["kind"] = "start", "inferred"
        elif n == count - 1:
            kind, prov["kind"] = "end", "inferred"
        else:
            prov["kind"] = "inferred"
        if kind == "decision":
            decision, note = _decision(
                raw, position, count, no, performer_of, titles, prov["kind"], activities, raws
            )
            if note:
                warnings.append(f"Langkah {label}: {note}")
        waktu = parse_waktu(raw.waktu_raw, cols.unit)
        for name, value in (
            ("kelengkapan", raw.kelengkapan),
            ("waktu", None if waktu.category == "blank" else waktu.raw),
            ("output", raw.output),
            ("keterangan", raw.keterangan),
        ):
            prov[name] = raw.provenance.get(name, "read") if value else "missing"
        if raw.shifted:
            prov["kelengkapan"] = prov["waktu"] = prov["output"] = "inferred"
            warnings.append(
                f"Langkah {label}: kolom mutu baku bergeser dari kepala tabel;"
                " kelengkapan, waktu dan output diambil di sekitar sel waktu."
            )
        for name in raw.moved:
            prov[name] = "inferred"
        if raw.moved:
            warnings.append(
                f"Langkah {label} (baris {raw.line}): sel di kolom tanpa judul dibaca sebagai "
                + ", ".join(raw.moved)
                + "; periksa kolomnya."
            )
        for text in raw.leftovers:
            warnings.append(
                f"Langkah {label} (baris {raw.line}): isi sel '{text}' tidak termasuk kolom mana"
                " pun dan tidak diimpor ke langkah; periksa tabelnya."
            )
        if waktu.category == "unparsed":
            warnings.append(
                f"Langkah {label}: waktu '{waktu.raw}' tidak dapat dibaca;"
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
    titles: dict[str, str],
    prov: Provenance,
    steps_text: list[str],
    raws: list[RawStep],
) -> tuple[Decision, str | None]:
    """Where each branch leads: from the text or the marks when they say, else the documented
    default (ya -> the next step, tidak -> the previous step), flagged for review."""
    text = fold(f"{raw.activity} {raw.keterangan or ''}")
    yes_target = position + 1 if position < count else None
    no_target: int | None = position - 1 if position > 1 else None
    how: str | None = None
    numbers = [r.number for r in raws]
    written = dict(written_targets(f"{raw.activity}; {raw.keterangan or ''}"))
    written.update(raw.targets)
    for branch, target in list(written.items()):
        if target is not None:  # a step number as printed -> its position
            at = str(target)
            written[branch] = numbers.index(at) + 1 if at in numbers else None
            if at not in numbers:
                del written[branch]
    if "yes" in written:
        yes_target = written["yes"]
    named = _TARGET_RE.search(text)
    if "no" in written:
        no_target, how = written["no"], "text"
    elif named and 1 <= int(named.group(1)) <= count and int(named.group(1)) != position:
        no_target, how = int(named.group(1)), "text"
    elif no_cols:
        for k in range(position - 2, -1, -1):
            if performer_of[k] == no_cols[0]:
                no_target, how = k + 1, "marks"
                break
    back = re.search(r"\b(kembali|dikembalikan|diserahkan kembali)\b(.*)$", text)
    if how is None and back and back:
        tail = back.group(2)
        for k in range(position - 2, -1, -1):
            key = performer_of[k]
            words = [w for w in fold(titles.get(key or "", "")).split() if len(w) > 3]
            if key and words and all(w in tail for w in words[:2]):
                no_target, how = k + 1, "text"
                break
    if how is None and back:
        wanted = [w for w in back.group(2).split() if len(w) >= 3 and w not in _TAIL_STOP]
        for k in range(position - 2, -1, -1):
            if wanted and sum(1 for w in wanted if w in steps_text[k]) >= min(2, len(wanted)):
                no_target, how = k + 1, "text"
                break
    if (
        how is None
        and re.search(r"\btolak|ditolak\b", text)
        and not re.search(r"kembali|perbaik|ulang", text)
    ):
        no_target, how = None, "text"
    yes_label = raw.branch_labels.get("yes") or next(
        (v for h, v in raw.mark_labels.items() if raw.marks[h] == "yes"), None
    )
    no_label = raw.branch_labels.get("no") or next(
        (v for h, v in raw.mark_labels.items() if raw.marks[h] == "no"), None
    )
    note = None
    if how is None:
        note = (
            "tujuan cabang 'tidak' tidak tertulis; ditetapkan ke langkah sebelumnya"
            f" ({no_target if no_target else 'selesai'}), periksa."
        )
    decision = Decision(
        yes_target=yes_target,
        no_target=no_target,
        yes_label=yes_label,
        no_label=no_label,
        provenance="read" if how == "marks" or (how == "text" and prov == "read") else "inferred",
    )
    return decision, note
