"""Splitting a book into its table of contents and the line ranges of each SOP body.

Detection is structural only (identity keys, cover pages, step-table headers, list shapes):
offices that join later bring books converted by other tools, so nothing here may depend on
file names, line numbers or particular titles.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .columns import is_table_header
from .layout import BookLines
from .model import TocEntry
from .text import STEP_NO_RE, cells, clean, fold

_TOC_HEADING_RE = re.compile(r"^daftar (sop|isi)\b")
_NOMOR_RE = re.compile(r"^no(?:mor|\.)? ?sop\b")
_PEMBUATAN_RE = re.compile(r"^(?:tanggal|tgl)\.? ?pembuatan\b")
_ROMAN_RE = re.compile(r"^[ivxlc]+\b\.? ")
_UNIT_WORD_RE = re.compile(r"^(seksi|sub ?bag\w*|bidang|uptd|sekretariat|balai|bagian)\b")
_TAHUN_RE = re.compile(r"\btahun \d{4}\b")
_FRONT_MATTER_RE = re.compile(r"^(bab [ivx\d]+\b|kata pengantar$|pendahuluan$|lampiran$)")


@dataclass
class Table:
    header: int
    end: int
    numbers: list[int] = field(default_factory=list)


@dataclass
class Segment:
    start: int
    end: int
    cover: int | None = None
    cover_title: str | None = None
    identity: int | None = None
    tables: list[Table] = field(default_factory=list)
    loose_rows: list[int] = field(default_factory=list)


@dataclass
class BookLayout:
    toc: list[TocEntry]
    toc_found: bool
    segments: list[Segment]


def _folded_cells(line: str) -> list[str]:
    return [fold(c) for c in cells(line)]


def _numbering_row(parts: list[str]) -> bool:
    """The "1 2 3 … 10" row printed under a header: numbers only, at least three."""
    filled = [clean(p) for p in parts if clean(p)]
    return len(filled) >= 3 and all(re.fullmatch(r"\(?\d{1,2}\)?\.?", p) for p in filled)


def is_step_row(line: str) -> bool:
    parts = cells(line)
    return len(parts) >= 3 and bool(STEP_NO_RE.match(clean(parts[0]))) and not _numbering_row(parts)


def step_number(line: str) -> int | None:
    parts = cells(line)
    if len(parts) < 3 or _numbering_row(parts):
        return None
    match = STEP_NO_RE.match(clean(parts[0]))
    return int(clean(parts[0]).rstrip(".")) if match else None


def _key_cells(line: str) -> list[str]:
    return [c for c in _folded_cells(line) if c]


def is_nomor_line(line: str) -> bool:
    keys = _key_cells(line)
    toc_words = ("judul sop", "no urut", "nama sop", "hal", "halaman", "judul", "nama/judul sop")
    if any(c in toc_words for c in keys):
        return False  # the header row of a tabular table of contents (repeated on each page)
    return any(_NOMOR_RE.match(c) for c in keys)


def is_pembuatan_line(line: str) -> bool:
    return any(_PEMBUATAN_RE.match(c) for c in _key_cells(line))


def _cover_at(lines: list[str], i: int) -> tuple[int, str] | None:
    """A cover page: 'STANDAR OPERASIONAL PROSEDUR', a title, and 'TAHUN yyyy' below it."""
    if not re.fullmatch(r"standar operasional prosedur( sop)?", fold(lines[i])):
        return None
    title_parts: list[str] = []
    for j in range(i + 1, min(i + 9, len(lines))):
        text = clean(lines[j])
        if not text:
            continue
        if is_nomor_line(lines[j]) or is_table_header(lines[j]) or "\t" in lines[j]:
            return None
        folded = fold(text)
        if _TAHUN_RE.search(folded):
            head = re.split(r"(?i)\btahun\s+\d{4}\b", text)[0].strip()
            if head:
                title_parts.append(head)
            title = " ".join(title_parts).strip()
            return (i, title) if title and "daftar" not in fold(title) else None
        title_parts.append(text)
    return None


def _parse_toc(book: BookLines, start: int) -> tuple[list[TocEntry], int]:
    lines = book.lines
    entries: list[TocEntry] = []
    level1: str | None = None
    level2: str | None = None
    i = start + 1
    while i < len(lines):
        line = lines[i]
        if entries and (
            is_nomor_line(line)
            or is_pembuatan_line(line)
            or is_table_header(line)
            or _cover_at(lines, i)
            or _FRONT_MATTER_RE.match(fold(line))
        ):
            break  # the contents end where the book's own text begins
        parts = [clean(c) for c in cells(line)]
        nonempty = [p for p in parts if p]
        entry: tuple[str, str | None, str] | None = None
        if len(parts) >= 3 and re.fullmatch(r"\d{1,3}\.?", parts[0]) and parts[-1]:
            number = parts[1] or None
            rest = [p for p in parts[2:] if p]
            if len(rest) > 1 and re.fullmatch(r"\d{1,4}|[ivxlc]+", rest[-1]):
                rest = rest[:-1]  # the page ("Hal") column
            entry = (parts[0].rstrip("."), number, " ".join(rest))
        elif len(nonempty) == 1 and not re.fullmatch(r"\d{1,3}\.?", nonempty[0]):
            match = re.match(r"^[-*•]?\s*(\d{1,3})[.)]?\s+(.+)$", nonempty[0])
            bold = "<b>" in line.lower() or "**" in line
            if match and not bold:
                entry = (match.group(1), None, match.group(2).strip())
            elif (
                bold
                and "no. urut" not in fold(line)
                and not _TOC_HEADING_RE.match(fold(nonempty[0]))
            ):
                heading = nonempty[0]
                folded = fold(heading)
                if _ROMAN_RE.match(folded):
                    level1, level2 = heading, None
                elif _UNIT_WORD_RE.match(folded):
                    level2 = heading
        if entry is not None:
            ordinal, number, title = entry
            # Dot leaders and the page number: "SOP Kaji Cepat ........ 5".
            title = re.sub(r"\s*(?:\.{3,}|…+)[.…\s]*\d*\s*$", "", title).strip() or title
            entries.append(
                TocEntry(
                    position=len(entries) + 1,
                    ordinal=ordinal,
                    number=number,
                    title=title,
                    section=[s for s in (level1, level2) if s],
                    line=book.line_no(i),
                )
            )
        i += 1
    return entries, i


def _blank(line: str) -> bool:
    return not clean(line)


def _extend_back(lines: list[str], anchor: int, floor: int) -> int:
    j = anchor - 1
    while j >= floor:
        if is_step_row(lines[j]):
            break  # the previous SOP's step table ends here
        if j - 2 >= floor and all(_blank(lines[k]) for k in (j, j - 1, j - 2)):
            break
        j -= 1
    start = j + 1
    while start < anchor and _blank(lines[start]):
        start += 1
    return start


def _index_of(book: BookLines, line_no: int) -> int:
    try:
        return book.origin.index(line_no)
    except ValueError:
        return line_no - 1


def segment_book(book: BookLines) -> BookLayout:
    lines = book.lines
    toc: list[TocEntry] = []
    toc_found = False
    body_from = 0
    for i, line in enumerate(lines):
        if _TOC_HEADING_RE.match(fold(line)):
            toc, body_from = _parse_toc(book, i)
            toc_found = True
            break

    anchors: list[tuple[int, str, str | None]] = []
    last_nomor = -100
    for i in range(body_from, len(lines)):
        line = lines[i]
        if is_nomor_line(line) or (is_pembuatan_line(line) and i - last_nomor > 8):
            anchors.append((i, "identity", None))
            last_nomor = i
        elif is_table_header(line):
            anchors.append((i, "table", None))
        else:
            cover = _cover_at(lines, i)
            if cover:
                anchors.append((i, "cover", cover[1]))

    segments: list[Segment] = []
    prev_anchor = _index_of(book, toc[-1].line) if toc else body_from - 1
    for n, (i, kind, title) in enumerate(anchors):
        next_anchor = anchors[n + 1][0] if n + 1 < len(anchors) else len(lines)
        cur = segments[-1] if segments else None
        if kind == "table":
            numbers = [
                num for k in range(i + 1, next_anchor) if (num := step_number(lines[k])) is not None
            ]
            table = Table(header=i, end=next_anchor, numbers=numbers)
            if cur is not None and (
                not cur.tables
                or not cur.tables[-1].numbers
                or (numbers and numbers[0] > max(cur.tables[-1].numbers))
            ):
                cur.tables.append(table)
            else:
                start = _extend_back(lines, i, prev_anchor + 1)
                segments.append(Segment(start=start, end=next_anchor, tables=[table]))
        elif kind == "identity":
            if (
                cur is not None
                and cur.cover is not None
                and cur.identity is None
                and not cur.tables
            ):
                cur.identity = i
            else:
                start = _extend_back(lines, i, prev_anchor + 1)
                segments.append(Segment(start=start, end=next_anchor, identity=i))
        else:
            start = _extend_back(lines, i, prev_anchor + 1)
            segments.append(Segment(start=start, end=next_anchor, cover=i, cover_title=title))
        segments[-1].end = next_anchor
        prev_anchor = i

    for n, seg in enumerate(segments):
        if n + 1 < len(segments):
            seg.end = min(seg.end, segments[n + 1].start)
        while seg.end > seg.start and _blank(lines[seg.end - 1]):
            seg.end -= 1
        if not seg.tables:
            seg.loose_rows = [k for k in range(seg.start, seg.end) if is_step_row(lines[k])]
        for table in seg.tables:
            table.end = min(table.end, seg.end)
    return BookLayout(toc=toc, toc_found=toc_found, segments=segments)
