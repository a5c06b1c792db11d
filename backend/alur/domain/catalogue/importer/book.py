"""Book text -> one ``SopDocument`` per SOP, matched against the book's table of contents.

The table of contents is the list of SOPs the office says it has; every entry becomes a
document (a placeholder when the body lacks it) and every body the contents do not list is
kept with a warning, so nothing the office wrote is silently dropped or silently invented.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from .identity import IdentityResult, parse_identity
from .model import (
    SCHEMA_VERSION,
    BookImport,
    Content,
    Identity,
    Sections,
    SopDocument,
    Source,
    Step,
    TocEntry,
)
from .performers import Org, containment, infer_from_activity, map_column, owning_unit, words
from .segment import Segment, is_table_header, segment_book
from .steps import Columns, RawStep, build_steps, read_columns, read_row
from .text import cells, clean, fold, slugify


@dataclass
class Body:
    segment: Segment
    result: IdentityResult
    steps: list[Step]
    columns: Columns | None
    raw_performers: list[tuple[str, str]]
    warnings: list[str]

    @property
    def title(self) -> str | None:
        return self.result.identity.title or self.segment.cover_title

    @property
    def has_identity(self) -> bool:
        return self.segment.identity is not None


def _table_rows(lines: list[str], start: int, end: int, cols: Columns) -> tuple[list[RawStep], int]:
    rows: list[RawStep] = []
    skipped = 0
    for k in range(start, end):
        line = lines[k]
        if "\t" not in line and not line.strip().startswith("|"):
            continue
        parts = [clean(c) for c in cells(line)]
        nonempty = [p for p in parts if p]
        if len(nonempty) >= 4 and all(re.fullmatch(r"\d{1,2}", p) for p in nonempty):
            continue  # the column-numbering row "1 2 3 ... 10"
        raw = read_row(line, k + 1, cols)
        if raw is None:
            if nonempty and not is_table_header(line):
                skipped += 1
            continue
        rows.append(raw)
    return rows, skipped


def _read_body(lines: list[str], seg: Segment, prev_cols: Columns | None, org: Org) -> Body:
    first_table = seg.tables[0].header if seg.tables else seg.end
    result = parse_identity(lines[seg.start : first_table], seg.start)
    warnings = list(result.warnings)
    raws: list[RawStep] = []
    cols: Columns | None = None
    skipped = 0
    for t in seg.tables:
        sub = lines[t.header + 1] if t.header + 1 < len(lines) else ""
        table_cols = read_columns(lines[t.header], sub)
        if cols is None:
            cols = table_cols
            warnings.extend(table_cols.warnings)
        got, miss = _table_rows(lines, t.header + 2, t.end, table_cols)
        raws.extend(got)
        skipped += miss
    if len(seg.tables) > 1 and raws:
        warnings.append(
            f"Tabel langkah terpotong menjadi {len(seg.tables)} bagian (ganti halaman);"
            " bagian-bagiannya digabung menurut nomor langkah."
        )
    if not seg.tables and seg.loose_rows and prev_cols is not None:
        cols = prev_cols
        for k in seg.loose_rows:
            raw = read_row(lines[k], k + 1, prev_cols)
            if raw:
                raws.append(raw)
        warnings.append(
            "Baris langkah ditemukan tanpa kepala tabel; kolomnya dibaca memakai susunan tabel"
            " sebelumnya di buku ini. Kemungkinan sebagian tabel hilang dari sumber."
        )
    if skipped:
        warnings.append(
            f"{skipped} baris tabel tanpa nomor maupun uraian diabaikan (mis. baris total)."
        )
    performers = [(key, header) for _, key, header in cols.performers] if cols else []
    infer: dict[int, str] = {}
    for n, raw in enumerate(raws):
        if raw.marks:
            continue
        hit = infer_from_activity(raw.activity, performers)
        if hit:
            infer[n] = hit
        elif len(performers) == 1:
            infer[n] = performers[0][0]
    steps: list[Step] = []
    if cols is not None and raws:
        steps, step_warnings = build_steps(raws, cols, infer)
        warnings.extend(step_warnings)
        key_of = {header: key for _, key, header in cols.performers}
        for s in steps:
            if s.performer in key_of:
                s.performer = key_of[s.performer]
            s.marks = {key_of.get(h, h): v for h, v in s.marks.items()}
        warnings.extend(_numbering_warnings(steps))
    return Body(seg, result, steps, cols, performers, warnings)


def _numbering_warnings(steps: list[Step]) -> list[str]:
    out: list[str] = []
    prev: int | None = None
    seen: set[int] = set()
    for s in steps:
        if s.number is None:
            out.append(
                f"Langkah ke-{s.position} tidak bernomor di buku; urutannya mengikuti baris."
            )
            continue
        num = int(s.number)
        if num in seen:
            out.append(
                f"Nomor langkah {num} muncul lebih dari sekali; langkah diurutkan menurut baris."
            )
        elif prev is not None and num > prev + 1:
            out.append(f"Nomor langkah melompat dari {prev} ke {num}.")
        elif prev is not None and num < prev:
            out.append(f"Nomor langkah mundur dari {prev} ke {num}; urutan baris dipertahankan.")
        seen.add(num)
        prev = num
    return out


def title_similarity(a: str, b: str) -> float:
    wa = [w for w in words(a) if w != "sop"]
    wb = [w for w in words(b) if w != "sop"]
    if not wa or not wb:
        return 0.0
    return (containment(wa, wb) * len(wa) + containment(wb, wa) * len(wb)) / (len(wa) + len(wb))


def _digits(text: str | None) -> str:
    return re.sub(r"\D", "", text or "")


def _number_bonus(toc_number: str | None, body_number: str | None) -> float:
    a, b = _digits(toc_number), _digits(body_number)
    if not a or not b:
        return 0.0
    if a == b:
        return 0.6
    return -0.4 if len(a) >= 4 and len(b) >= 4 else 0.0


def _match(toc: list[TocEntry], bodies: list[Body]) -> dict[int, tuple[int, str]]:
    """ToC position -> (body index, how it was matched)."""
    pairs = []
    for t in toc:
        for b_idx, body in enumerate(bodies):
            titles = [x for x in (body.result.identity.title, body.segment.cover_title) if x]
            sim = max((title_similarity(t.title, x) for x in titles), default=0.0)
            bonus = _number_bonus(t.number, body.result.identity.nomor_sop)
            if sim >= 0.5 or (bonus > 0 and sim >= 0.2):
                pairs.append((sim + bonus, -abs(t.position - b_idx), t.position, b_idx))
    pairs.sort(reverse=True)
    matched: dict[int, tuple[int, str]] = {}
    used: set[int] = set()
    for _, _, pos, b_idx in pairs:
        if pos in matched or b_idx in used:
            continue
        matched[pos] = (b_idx, "title")
        used.add(b_idx)
    by_body = {b: pos for pos, (b, _) in matched.items()}
    for b_idx, body in enumerate(bodies):
        if b_idx in used or body.title:
            continue
        before = [by_body[k] for k in by_body if k < b_idx]
        after = [by_body[k] for k in by_body if k > b_idx]
        low = max(before, default=0)
        high = min(after, default=len(toc) + 1)
        free = [p for p in range(low + 1, high) if p not in matched]
        if len(free) == 1:
            matched[free[0]] = (b_idx, "order")
            used.add(b_idx)
            by_body[b_idx] = free[0]
    return matched


def _empty_identity() -> tuple[Identity, Sections]:
    result = parse_identity([], 0)
    return result.identity, result.sections


def import_book(data: bytes, *, book_name: str, tenant: str, org: Org) -> BookImport:
    text = data.decode("utf-8")
    sha = hashlib.sha256(data).hexdigest()
    book_id = re.split(r"[_.\s-]", Path(book_name).name, maxsplit=1)[0] or "book"
    lines = text.splitlines()
    layout = segment_book(text)
    bodies: list[Body] = []
    prev_cols: Columns | None = None
    for seg in layout.segments:
        body = _read_body(lines, seg, prev_cols, org)
        if body.columns is not None:
            prev_cols = body.columns
        bodies.append(body)
    matched = _match(layout.toc, bodies)
    book_warnings: list[str] = []
    if not layout.toc_found:
        book_warnings.append("Buku ini tidak memiliki daftar isi; semua SOP diambil dari isi buku.")
    docs: list[SopDocument] = []
    for entry in layout.toc:
        if entry.position in matched:
            b_idx, how = matched[entry.position]
            docs.append(
                _document(
                    bodies[b_idx], entry, how, entry.position, book_id, book_name, sha, tenant, org
                )
            )
        else:
            docs.append(_placeholder(entry, book_id, book_name, sha, tenant, org))
    used = {b for b, _ in matched.values()}
    extra = len(layout.toc)
    for b_idx, body in enumerate(bodies):
        if b_idx in used:
            continue
        extra += 1
        doc = _document(body, None, "none", extra, book_id, book_name, sha, tenant, org)
        if layout.toc_found:
            twin = [
                t for t in layout.toc if body.title and title_similarity(t.title, body.title) >= 0.8
            ]
            note = (
                f" Judulnya mirip entri daftar isi no. {twin[0].position} ('{twin[0].title}')"
                " yang sudah dicocokkan dengan bagian lain; mungkin duplikat."
                if twin
                else ""
            )
            doc.warnings.insert(
                0, "SOP ini ada di isi buku tetapi tidak tercantum di daftar isi." + note
            )
        docs.append(doc)
    return BookImport(
        book=Path(book_name).name,
        sha256=sha,
        tenant=tenant,
        book_id=book_id,
        toc=layout.toc,
        sops=docs,
        warnings=book_warnings,
    )


def _placeholder(
    entry: TocEntry, book_id: str, book_name: str, sha: str, tenant: str, org: Org
) -> SopDocument:
    identity, sections = _empty_identity()
    unit = owning_unit(org, None, entry.section, None)
    return SopDocument(
        schema_version=SCHEMA_VERSION,
        sop_id=f"{book_id}-{entry.position:02d}",
        tenant=tenant,
        status="draft",
        content="missing",
        title=entry.title,
        source=Source(book=Path(book_name).name, sha256=sha, line_start=None, line_end=None),
        toc=entry,
        identity=identity,
        sections=sections,
        unit=unit,
        performers=[],
        steps=[],
        warnings=[
            "Isi SOP ini tidak ada di buku sumber: hanya tercantum di daftar isi. Ini draf"
            " kosong yang harus dilengkapi sebelum diterbitkan."
        ],
    )


def _document(
    body: Body,
    entry: TocEntry | None,
    how: str,
    position: int,
    book_id: str,
    book_name: str,
    sha: str,
    tenant: str,
    org: Org,
) -> SopDocument:
    seg = body.segment
    ident = body.result.identity
    warnings: list[str] = []
    content: Content
    if body.has_identity and body.steps:
        content = "complete"
    elif body.has_identity or body.steps:
        content = "partial"
    else:
        content = "missing"
    if content == "missing":
        warnings.append(
            "Isi SOP ini tidak ada di buku sumber: hanya halaman sampul yang tersedia. Ini draf"
            " kosong yang harus dilengkapi sebelum diterbitkan."
        )
    elif not body.has_identity:
        warnings.append(
            "Tabel langkah ini tidak didahului blok identitas SOP (nomor, tanggal, pengesahan,"
            " dasar hukum); lengkapi identitasnya."
        )
    elif not body.steps:
        warnings.append(
            "SOP ini tidak memiliki tabel langkah di buku sumber; langkahnya harus dilengkapi."
        )
    if body.has_identity:
        missing = [k.replace("_", " ") for k, v in ident.provenance.items() if v == "missing"]
        if missing:
            warnings.append("Blok identitas tidak mencantumkan: " + ", ".join(missing) + ".")
    title = body.title or (entry.title if entry else "(tanpa judul)")
    if entry is not None:
        if how == "order":
            warnings.append(
                f"Judul SOP tidak terbaca di isi buku; dicocokkan dengan daftar isi no."
                f" {entry.position} ('{entry.title}') berdasarkan urutan."
            )
            title = entry.title
        elif body.title and fold(body.title) != fold(entry.title):
            warnings.append(
                f"Judul di daftar isi ('{entry.title}') berbeda dengan judul di isi"
                f" ('{body.title}'); judul dari isi yang dipakai."
            )
        if entry.number and ident.nomor_sop and fold(entry.number) != fold(ident.nomor_sop):
            warnings.append(
                f"Nomor SOP di daftar isi ('{entry.number}') berbeda dengan nomor di isi"
                f" ('{ident.nomor_sop}')."
            )
    section = entry.section if entry else []
    unit = owning_unit(org, body.result.unit_raw, section, None)
    if unit.unit_code is None:
        warnings.append(
            f"Unit pemilik SOP ('{unit.raw or 'tidak tertulis'}') tidak cocok dengan unit di"
            " struktur organisasi; tetapkan unitnya."
        )
    performers = []
    for key, header in body.raw_performers:
        column, warning = map_column(org, key, header, unit.unit_code)
        performers.append(column)
        if warning:
            warnings.append(warning)
    unassigned = sum(1 for s in body.steps if s.performer is None)
    if unassigned:
        warnings.append(
            f"{unassigned} dari {len(body.steps)} langkah tidak memiliki pelaksana yang terbaca"
            " maupun tersimpulkan (tanda bagan alir hilang); tetapkan pelaksananya."
        )
    warnings.extend(body.warnings)
    return SopDocument(
        schema_version=SCHEMA_VERSION,
        sop_id=f"{book_id}-{position:02d}",
        tenant=tenant,
        status="draft",
        content=content,
        title=clean(title),
        source=Source(
            book=Path(book_name).name, sha256=sha, line_start=seg.start + 1, line_end=seg.end
        ),
        toc=entry,
        identity=ident,
        sections=body.result.sections,
        unit=unit,
        performers=performers,
        steps=body.steps,
        warnings=warnings,
    )


def file_name(doc: SopDocument) -> str:
    return f"{doc.sop_id}-{slugify(doc.title, 50) or 'sop'}.yaml"
