"""Book text -> one ``SopDocument`` per SOP, matched against the book's table of contents.

The table of contents is the list of SOPs the office says it has; every entry becomes a
document (a placeholder when the body lacks it) and every body the contents do not list is
kept with a warning, so nothing the office wrote is silently dropped or silently invented.
"""

from __future__ import annotations

import bisect
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from .columns import is_rule_row, is_table_header, role_of
from .identity import IdentityResult, parse_identity
from .layout import BookLines, rewrite
from .liststeps import declared_performers, find_list, read_list
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
from .segment import Segment, is_step_row, segment_book
from .steps import (
    Columns,
    RawStep,
    build_steps,
    classify_mark,
    is_subheader,
    read_columns,
    read_row,
)
from .text import PAGE_FURNITURE_RE, cells, clean, fold, slugify
from .waktu import looks_like_waktu


@dataclass
class Body:
    segment: Segment
    result: IdentityResult
    steps: list[Step]
    columns: Columns | None
    raw_performers: list[tuple[str, str]]
    warnings: list[str]
    line_start: int = 0
    line_end: int = 0

    @property
    def title(self) -> str | None:
        return self.result.identity.title or self.segment.cover_title

    @property
    def has_identity(self) -> bool:
        return self.segment.identity is not None


@dataclass
class TableText:
    """What a step table held besides its steps: rows that are not steps, text between rows."""

    skipped: list[tuple[int, str]]
    loose: list[tuple[int, str]]


def _header(lines: list[str], header: int, end: int) -> tuple[str | None, int]:
    """The second header row (if any) and the index where the data rows begin."""
    k = header + 1
    while k < end and k - header <= 3 and (not lines[k].strip() or is_rule_row(lines[k])):
        k += 1
    if k < end and is_subheader(lines[k]) and not _has_activity(lines[header], lines[k]):
        return lines[k], k + 1
    return None, header + 1


def _has_activity(header: str, line: str) -> bool:
    """Whether a row holds text under the header's activity column (a data row, then)."""
    roles = [role_of(c) for c in cells(header)]
    at = roles.index("activity") if "activity" in roles else 1
    parts = cells(line)
    text = clean(parts[at]) if at < len(parts) else ""
    return bool(text) and role_of(text) is None


def _is_row(line: str) -> bool:
    return "\t" in line or line.strip().startswith("|")


def _table_rows(
    book: BookLines, start: int, end: int, cols: Columns
) -> tuple[list[RawStep], TableText]:
    lines = book.lines
    rows: list[RawStep] = []
    text = TableText([], [])
    k = start
    while k < end:
        line = lines[k]
        k += 1
        if not _is_row(line):
            if clean(line) and not PAGE_FURNITURE_RE.match(clean(line)):
                text.loose.append((k - 1, clean(line)))
            continue
        parts = [clean(c) for c in cells(line)]
        nonempty = [p for p in parts if p]
        if not nonempty or is_rule_row(line):
            continue
        if len(nonempty) >= 3 and all(re.fullmatch(r"\(?\d{1,2}\)?\.?", p) for p in nonempty):
            continue  # the column-numbering row "1 2 3 ... 10"
        if is_table_header(line):  # the header repeated after a page break
            _, k = _header(lines, k - 1, end)
            continue
        raw = read_row(line, book.line_no(k - 1), cols)
        labels = _branch_labels(line, cols) if raw is None else {}
        if raw is None and rows and not labels:
            more = read_row(line, book.line_no(k - 1), cols, continuation=True)
            if more is not None and more.number is None and _continues(more):
                _join(rows[-1], more)  # a wrapped cell with nothing under the activity
                continue
        if raw is None:
            if labels and rows:
                for key, (kind, label) in labels.items():
                    rows[-1].branch_labels.setdefault(kind, label)
                    if key not in rows[-1].marks:
                        rows[-1].marks[key] = kind
                        rows[-1].mark_labels[key] = label
                continue
            if any(classify_mark(p) is not None for p in parts):
                text.skipped.append((book.line_no(k - 1), " | ".join(nonempty)))
            continue
        if rows and raw.number is None and _continues(raw):
            _join(rows[-1], raw)  # a cell wrapped onto the next line by the converter
            continue
        rows.append(raw)
    return rows, text


def _continues(raw: RawStep) -> bool:
    """An unnumbered row that carries on the row above: its text starts mid-sentence (or is
    empty) and it has no time standard of its own."""
    starts_low = not raw.activity or raw.activity[:1].islower() or raw.activity[:1] in ",;)-"
    return starts_low and not looks_like_waktu(raw.waktu_raw)


def _join(row: RawStep, more: RawStep) -> None:
    def glue(a: str | None, b: str | None) -> str | None:
        return " ".join(x for x in (a, b) if x) or None

    row.activity = glue(row.activity, more.activity) or ""
    row.kelengkapan = glue(row.kelengkapan, more.kelengkapan)
    row.waktu_raw = glue(row.waktu_raw, more.waktu_raw) or ""
    row.output = glue(row.output, more.output)
    row.keterangan = glue(row.keterangan, more.keterangan)
    for key, kind in more.marks.items():
        if key not in row.marks:
            row.marks[key] = kind
            row.mark_labels[key] = more.mark_labels[key]
            continue
        row.mark_labels[key] = f"{row.mark_labels[key]} {more.mark_labels[key]}".strip()
        if kind in ("start", "end", "decision"):
            row.marks[key] = kind  # the terminator or diamond drawn below the box
    row.leftovers += more.leftovers


def _branch_labels(line: str, cols: Columns) -> dict[str, tuple[str, str]]:
    """A row holding only "ya"/"tidak" labels in performer cells (drawn below a diamond)."""
    parts = cells(line)
    performer_idx = {i for i, _, _ in cols.performers}
    found: dict[str, tuple[str, str]] = {}
    for i, part in enumerate(parts):
        kind = classify_mark(part)
        if kind is None:
            continue
        if i not in performer_idx or kind not in ("yes", "no"):
            return {}
        key = next(key for j, key, _ in cols.performers if j == i)
        found[key] = (kind, clean(part))
    return found


def _early_rows(lines: list[str], start: int, header: int) -> list[int]:
    """Step rows printed above the table's header (after the identity block)."""
    found = []
    for k in range(start, header):
        if is_step_row(lines[k]) and (
            len(cells(lines[k])) >= 5 or any(looks_like_waktu(clean(c)) for c in cells(lines[k]))
        ):
            found.append(k)
    return found


def _merge_by_number(raws: list[RawStep], early: list[RawStep]) -> list[RawStep]:
    out = list(raws)
    for raw in early:
        num = major(raw.number) if raw.number else 0
        at = len(out)
        for n, other in enumerate(out):
            if other.number and major(other.number) > num:
                at = n
                break
        out.insert(at, raw)
    return out


def _floating_values(raws: list[RawStep], loose: list[tuple[int, str]]) -> bool:
    """Mutu-baku values printed below the table (kelengkapan, waktu, output per step)."""
    if not raws or any(r.waktu_raw or r.kelengkapan or r.output for r in raws):
        return False
    texts = [t for _, t in loose]
    at = [n for n, t in enumerate(texts) if looks_like_waktu(t)]
    if len(at) != len(raws):
        return False
    for raw, n in zip(raws, at, strict=True):
        raw.waktu_raw = texts[n]
        before = texts[n - 1] if n > 0 and (n - 1) not in at else None
        after = texts[n + 1] if n + 1 < len(texts) and (n + 1) not in at else None
        raw.kelengkapan, raw.output = before, after
        for name in ("kelengkapan", "waktu", "output"):
            raw.provenance[name] = "inferred"
    return True


def _read_body(book: BookLines, seg: Segment, prev_cols: Columns | None, org: Org) -> Body:
    lines = book.lines
    first_table = seg.tables[0].header if seg.tables else seg.end
    list_start = None if seg.tables else find_list(lines, seg.identity or seg.start, seg.end)
    ident_end = first_table if list_start is None else list_start
    early_idx = _early_rows(lines, seg.start, first_table) if seg.tables else []
    declared, declared_at = (
        declared_performers(lines, seg.identity or seg.start, list_start)
        if list_start is not None
        else ([], [])
    )
    blank = set(early_idx) | set(declared_at)
    ident_lines = [
        ("" if seg.start + n in blank else ln) for n, ln in enumerate(lines[seg.start : ident_end])
    ]
    if list_start is not None and ident_lines and role_of(clean(ident_lines[-1]).rstrip(":")):
        ident_lines[-1] = ""  # the list's heading ("Uraian Prosedur:")
    result = parse_identity(ident_lines, seg.start)
    warnings = list(result.warnings)
    raws: list[RawStep] = []
    cols: Columns | None = None
    skipped: list[tuple[int, str]] = []
    loose: list[tuple[int, str]] = []
    for t in seg.tables:
        sub, data_from = _header(lines, t.header, t.end)
        table_cols = read_columns(lines[t.header], sub)
        got, text = _table_rows(book, data_from, t.end, table_cols)
        if cols is None or (not raws and got):
            # The columns of the first part that has rows (a header with no rows under it,
            # repeated before the real table, does not decide the performers).
            cols = table_cols
            warnings.extend(table_cols.warnings)
        else:
            known = {key for _, key, _ in cols.performers}
            cols.performers += [p for p in table_cols.performers if p[1] not in known]
        raws.extend(got)
        skipped += text.skipped
        loose += text.loose
    if cols is not None and early_idx:
        early = [r for k in early_idx if (r := read_row(lines[k], book.line_no(k), cols))]
        if early:
            raws = _merge_by_number(raws, early)
            warnings.append(
                "Baris langkah "
                + ", ".join(f"{r.number} (baris {r.line})" for r in early)
                + " tercetak sebelum kepala tabel; dimasukkan menurut nomornya."
            )
    if len(seg.tables) > 1 and raws:
        warnings.append(
            f"Tabel langkah terpotong menjadi {len(seg.tables)} bagian (ganti halaman);"
            " bagian-bagiannya digabung menurut nomor langkah."
        )
    if list_start is not None:
        cols, raws, list_warnings = read_list(lines, list_start, seg.end, book.origin, declared)
        warnings.extend(list_warnings)
    elif not seg.tables and seg.loose_rows and prev_cols is not None:
        cols = prev_cols
        for k in seg.loose_rows:
            raw = read_row(lines[k], book.line_no(k), prev_cols)
            if raw:
                raws.append(raw)
        warnings.append(
            "Baris langkah ditemukan tanpa kepala tabel; kolomnya dibaca memakai susunan tabel"
            " sebelumnya di buku ini. Kemungkinan sebagian tabel hilang dari sumber."
        )
    if loose and _floating_values(raws, loose):
        warnings.append(
            "Kelengkapan, waktu dan output tercetak di bawah tabel, terlepas dari barisnya;"
            " dipasangkan ke langkah menurut urutan (disimpulkan), periksa."
        )
        loose = [
            (k, t)
            for k, t in loose
            if not any(t in (r.waktu_raw, r.kelengkapan, r.output) for r in raws)
        ]
    for lineno, row in skipped:
        warnings.append(
            f"Baris {lineno} di tabel langkah tanpa nomor maupun uraian tidak dibaca sebagai"
            f" langkah: '{row}'."
        )
    if loose and seg.tables:
        warnings.append(
            "Teks di sekitar tabel langkah yang tidak dibaca: "
            + "; ".join(f"'{t}' (baris {book.line_no(k)})" for k, t in loose[:20])
            + (f" dan {len(loose) - 20} baris lagi." if len(loose) > 20 else ".")
        )
    performers = [(key, header) for _, key, header in cols.performers] if cols else []
    infer: dict[int, str] = {}
    for n, raw in enumerate(raws):
        if any(kind != "note" for kind in raw.marks.values()):
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
    return Body(
        seg,
        result,
        steps,
        cols,
        performers,
        warnings,
        line_start=book.line_no(seg.start),
        line_end=book.line_no(seg.end - 1),
    )


def major(number: str) -> int:
    """The step a printed number belongs to: "3" -> 3, "3.1" and "3a" -> 3."""
    match = re.match(r"\d+", number)
    return int(match.group()) if match else 0


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
        num = major(s.number)
        if s.number != str(num):  # a sub-step ("3.1", "5a") under step num
            if prev is None or num not in (prev, prev + 1):
                out.append(f"Sub-langkah {s.number} tidak mengikuti langkah {num}.")
            seen.add(num)
            prev = num
            continue
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


_BRACKETS_RE = re.compile(r"\([^)]*\)|\[[^\]]*\]")
# Candidate bounds: each index answers with at most _POSTING bodies (the ones nearest where the
# entry's body is expected) and the word index contributes its _WORD_CANDIDATES best; only
# when none of those is close enough, the _WINDOW bodies either side of the expected place.
_POSTING = 32
_WORD_CANDIDATES = 12
_WINDOW = 4


def title_key(title: str) -> str:
    """The title as compared for an exact match: folded words, without 'SOP', stop words or
    bracketed abbreviations ("Penyusunan Daftar Urut Kepangkatan (DUK)" equals the body's
    "Penyusunan Daftar Urut Kepangkatan")."""
    return " ".join(w for w in words(_BRACKETS_RE.sub(" ", title)) if w != "sop")


def _nearest(posting: list[int], center: int, limit: int) -> list[int]:
    """At most ``limit`` items of the sorted ``posting``, the ones closest to ``center``."""
    if len(posting) <= limit:
        return posting
    i = bisect.bisect_left(posting, center)
    lo, hi = i - 1, i
    out: list[int] = []
    while len(out) < limit:
        if hi < len(posting) and (lo < 0 or posting[hi] - center <= center - posting[lo]):
            out.append(posting[hi])
            hi += 1
        else:
            out.append(posting[lo])
            lo -= 1
    return out


def _common_prefix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


def _match(toc: list[TocEntry], bodies: list[Body]) -> dict[int, tuple[int, str]]:
    """ToC position -> (body index, how it was matched).

    Pairs are ranked by: an exact (normalised) title first, then title similarity plus the
    number bonus, then how much of the numbers agree, then closeness in the book; the best
    pairs are taken greedily, each entry and body once. Disagreements that remain (number or
    title) are reported by ``_document``. Only candidate bodies are scored -- same title, same
    number, shared title words, else the bodies near the entry's expected place -- so a book
    with thousands of SOPs is paired in near-linear time instead of comparing every entry with
    every body.
    """
    titles: list[list[str]] = []
    for b in bodies:
        seen: dict[str, str] = {}
        for x in (b.result.identity.title, b.segment.cover_title):
            if x:
                seen.setdefault(fold(x), x)
        titles.append(list(seen.values()))
    keys = [{title_key(x) for x in body_titles} - {""} for body_titles in titles]
    numbers = [_digits(b.result.identity.nomor_sop) for b in bodies]
    by_key: dict[str, list[int]] = {}
    by_number: dict[str, list[int]] = {}
    by_word: dict[str, list[int]] = {}
    for b_idx, body_titles in enumerate(titles):
        for key in keys[b_idx]:
            by_key.setdefault(key, []).append(b_idx)
        if numbers[b_idx]:
            by_number.setdefault(numbers[b_idx], []).append(b_idx)
        for w in {w for x in body_titles for w in words(x) if w != "sop"}:
            by_word.setdefault(w, []).append(b_idx)
    pairs = []
    scale = len(bodies) / max(len(toc), 1)
    for t in toc:
        center = round((t.position - 1) * scale)
        key = title_key(t.title)
        digits = _digits(t.number)

        def score(b_idx: int, t: TocEntry = t, key: str = key, digits: str = digits) -> bool:
            exact = bool(key) and key in keys[b_idx]
            sim = max((title_similarity(t.title, x) for x in titles[b_idx]), default=0.0)
            bonus = _number_bonus(t.number, bodies[b_idx].result.identity.nomor_sop)
            if not (exact or sim >= 0.5 or (bonus > 0 and sim >= 0.2)):
                return False
            agree = _common_prefix(digits, numbers[b_idx])
            pairs.append((exact, sim + bonus, agree, -abs(t.position - b_idx), t.position, b_idx))
            return True

        candidates = set(_nearest(by_key.get(key, []), center, _POSTING)) if key else set()
        if digits:
            candidates.update(_nearest(by_number.get(digits, []), center, _POSTING))
        shared: dict[int, int] = {}
        for w in {w for w in words(t.title) if w != "sop"}:
            for b_idx in _nearest(by_word.get(w, []), center, _POSTING):
                shared[b_idx] = shared.get(b_idx, 0) + 1
        best = sorted(shared, key=lambda b: (-shared[b], abs(b - center), b))
        candidates.update(best[:_WORD_CANDIDATES])
        found = [score(b_idx) for b_idx in sorted(candidates)]
        if not any(found):  # bounded fallback: the bodies around the expected place
            window = range(max(0, center - _WINDOW), min(len(bodies), center + _WINDOW + 1))
            for b_idx in window:
                if b_idx not in candidates:
                    score(b_idx)
    pairs.sort(reverse=True)
    matched: dict[int, tuple[int, str]] = {}
    used: set[int] = set()
    for *_, pos, b_idx in pairs:
        if pos in matched or b_idx in used:
            continue
        matched[pos] = (b_idx, "title")
        used.add(b_idx)
    # A body without a readable title takes the one contents entry left free between its
    # matched neighbours. Every matched body before it sits at or below ``low`` and every one
    # after at or above ``high``, so the positions strictly between are all free.
    pos_of = {b: pos for pos, (b, _) in matched.items()}
    after_min = [len(toc) + 1] * (len(bodies) + 1)
    for b_idx in range(len(bodies) - 1, -1, -1):
        after_min[b_idx] = min(after_min[b_idx + 1], pos_of.get(b_idx, len(toc) + 1))
    low = 0
    for b_idx, body in enumerate(bodies):
        if b_idx in used:
            low = max(low, pos_of[b_idx])
            continue
        if body.title:
            continue
        high = after_min[b_idx + 1]
        if high - low == 2:
            matched[low + 1] = (b_idx, "order")
            used.add(b_idx)
            pos_of[b_idx] = low + 1
            low += 1
    return matched


def _twins(
    toc: list[TocEntry], toc_words: dict[str, list[int]], title: str | None
) -> list[TocEntry]:
    """Contents entries whose title is close to a body's (only those sharing its rarest words
    are compared, so a book with thousands of entries stays linear)."""
    if not title:
        return []
    shared: dict[int, int] = {}
    for w in sorted(set(title_key(title).split()), key=lambda w: len(toc_words.get(w, [])))[:4]:
        for n in toc_words.get(w, [])[:_POSTING]:
            shared[n] = shared.get(n, 0) + 1
    best = sorted(shared, key=lambda n: (-shared[n], n))[:_WORD_CANDIDATES]
    return [toc[n] for n in sorted(best) if title_similarity(toc[n].title, title) >= 0.8]


def _empty_identity() -> tuple[Identity, Sections]:
    result = parse_identity([], 0)
    return result.identity, result.sections


def default_book_id(book_name: str) -> str:
    """The book's file stem as a slug (``sop_umum.txt`` -> ``sop-umum``): unique per book, so
    two books imported into one catalogue never share file names or SOP keys."""
    return slugify(Path(book_name).stem, 60) or "book"


_BOOK_ID_RE = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,58}[a-z0-9])?")


def check_book_id(book_id: str) -> str:
    """An explicit id (e.g. ``000`` for the committed catalogues): lowercase letters, digits and
    inner hyphens, as it becomes part of every file name and SOP key."""
    if not _BOOK_ID_RE.fullmatch(book_id):
        raise ValueError(
            f"id buku '{book_id}' tidak valid: gunakan huruf kecil, angka dan tanda hubung"
        )
    return book_id


def import_book(
    data: bytes, *, book_name: str, tenant: str, org: Org, book_id: str | None = None
) -> BookImport:
    text = data.decode("utf-8")
    sha = hashlib.sha256(data).hexdigest()
    book_id = check_book_id(book_id) if book_id is not None else default_book_id(book_name)
    book = rewrite(text)
    layout = segment_book(book)
    bodies: list[Body] = []
    prev_cols: Columns | None = None
    for seg in layout.segments:
        body = _read_body(book, seg, prev_cols, org)
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
    toc_words: dict[str, list[int]] = {}
    for n, t in enumerate(layout.toc):
        for w in set(title_key(t.title).split()):
            toc_words.setdefault(w, []).append(n)
    extra = len(layout.toc)
    for b_idx, body in enumerate(bodies):
        if b_idx in used:
            continue
        extra += 1
        doc = _document(body, None, "none", extra, book_id, book_name, sha, tenant, org)
        if layout.toc_found:
            twin = _twins(layout.toc, toc_words, body.title)
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
    _warn_twins(docs)
    return BookImport(
        book=Path(book_name).name,
        sha256=sha,
        tenant=tenant,
        book_id=book_id,
        toc=layout.toc,
        sops=docs,
        warnings=book_warnings,
    )


def _warn_twins(docs: list[SopDocument]) -> None:
    """Two bodies with the same nomor and title: usually one SOP cut in two by a page header
    that repeats the identity block, sometimes a true duplicate. Either way, say so."""
    seen: dict[tuple[str, str], SopDocument] = {}
    for doc in docs:
        if not doc.identity.nomor_sop or doc.content == "missing":
            continue
        key = (fold(doc.identity.nomor_sop), title_key(doc.title))
        first = seen.setdefault(key, doc)
        if first is not doc:
            note = (
                f"Nomor dan judul SOP sama dengan {first.sop_id}: mungkin lanjutan SOP itu"
                " (kop halaman yang mengulang blok identitas) atau duplikat; periksa bukunya."
            )
            doc.warnings.append(note)
            first.warnings.append(note.replace(first.sop_id, doc.sop_id))


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
        elif body.title and title_key(body.title) != title_key(entry.title):
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
            book=Path(book_name).name,
            sha256=sha,
            line_start=body.line_start,
            line_end=body.line_end,
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
