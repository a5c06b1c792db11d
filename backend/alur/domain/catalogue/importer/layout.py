"""Rewriting layouts that converters produce into the row form the readers work on.

HTML tables (``<table>``/``<tr>``/``<td>``, with colspan and rowspan) become one tab-separated
row per ``<tr>``, so a step table or an identity table exported as HTML is read exactly like
its tab-separated twin. Step tables aligned with spaces (``pdftotext -layout``, pandoc's
simple tables) become tab rows too, their wrapped cells joined. Lines keep a map to the book's
own line numbers, because every value cites the line it was read from.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .text import PAGE_FURNITURE_RE, STEP_NO_RE

_TABLE_RE = re.compile(r"<table\b[^>]*>(?P<body>.*?)(?:</table\s*>|$)", re.IGNORECASE | re.DOTALL)
_ROW_RE = re.compile(r"<tr\b[^>]*>(?P<row>.*?)(?=<tr\b|</table\s*>|$)", re.IGNORECASE | re.DOTALL)
_CELL_RE = re.compile(
    r"<(?P<tag>td|th)\b(?P<attrs>[^>]*)>(?P<text>.*?)(?=<td\b|<th\b|</tr\s*>|$)",
    re.IGNORECASE | re.DOTALL,
)
_SPAN_RE = re.compile(r"\b(colspan|rowspan)\s*=\s*[\"']?(\d+)", re.IGNORECASE)
_CLOSE_RE = re.compile(r"</(td|th|tr|thead|tbody|tfoot)\s*>", re.IGNORECASE)
_MAX_SPAN = 50


@dataclass
class BookLines:
    """The book's lines after layout rewriting, and each line's number in the original."""

    lines: list[str]
    origin: list[int]

    def line_no(self, index: int) -> int:
        if not self.origin:
            return index + 1
        return self.origin[min(max(index, 0), len(self.origin) - 1)]


def _cell_text(text: str) -> str:
    text = _CLOSE_RE.sub(" ", text)
    return re.sub(r"[\t\r\n]+", " ", text).strip()


def html_table_rows(fragment: str) -> list[list[str]]:
    """Rows of one HTML table as cell lists, colspan repeated as empty cells, rowspan carried."""
    rows: list[list[str]] = []
    carried: dict[int, int] = {}  # column -> rows still covered by a rowspan from above
    for row_match in _ROW_RE.finditer(fragment):
        out: list[str] = []
        col = 0
        for cell in _CELL_RE.finditer(row_match.group("row")):
            while carried.get(col, 0) > 0:
                out.append("")
                col += 1
            spans = {k.lower(): int(v) for k, v in _SPAN_RE.findall(cell.group("attrs"))}
            colspan = min(max(spans.get("colspan", 1), 1), _MAX_SPAN)
            rowspan = min(max(spans.get("rowspan", 1), 1), _MAX_SPAN)
            out.append(_cell_text(cell.group("text")))
            for extra in range(colspan):
                if rowspan > 1:
                    carried[col + extra] = rowspan
            out.extend([""] * (colspan - 1))
            col += colspan
        while carried.get(col, 0) > 0:
            out.append("")
            col += 1
        for key in list(carried):
            carried[key] -= 1
            if carried[key] <= 0:
                del carried[key]
        if out:
            rows.append(out)
    return rows


def rewrite(text: str) -> BookLines:
    """The book's lines with HTML and space-aligned tables turned into tab rows (line numbers
    kept)."""
    raw = space_tables(grid_tables(text.splitlines()))
    if "<table" not in text.lower():
        return BookLines(raw, list(range(1, len(raw) + 1)))
    lines: list[str] = []
    origin: list[int] = []
    i = 0
    while i < len(raw):
        start = raw[i].lower().find("<table")
        if start < 0:
            lines.append(raw[i])
            origin.append(i + 1)
            i += 1
            continue
        end = i
        while end < len(raw) and "</table" not in raw[end].lower() and end - i < 5000:
            end += 1
        end = min(end, len(raw) - 1)
        chunk = "\n".join(raw[i : end + 1])
        match = _TABLE_RE.search(chunk)
        before = raw[i][:start]
        if before.strip():
            lines.append(before)
            origin.append(i + 1)
        body = match.group("body") if match else ""
        body_offset = match.start("body") if match else 0
        rows = html_table_rows(body)
        # Each row cites the line its <tr> starts on.
        row_lines = [
            i + 1 + chunk[: body_offset + m.start()].count("\n") for m in _ROW_RE.finditer(body)
        ]
        for n, cells in enumerate(rows):
            lines.append("\t".join(cells))
            origin.append(row_lines[n] if n < len(row_lines) else end + 1)
        after = chunk[match.end() :] if match else ""
        if after.strip():
            lines.append(after.split("\n")[-1])
            origin.append(end + 1)
        i = end + 1
    return BookLines(lines, origin)


_CHUNK_RE = re.compile(r"\S+(?: \S+)*")  # text separated by two spaces or more


def _chunks(line: str) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group()) for m in _CHUNK_RE.finditer(line)]


def _column_of(starts: list[int], begin: int, end: int) -> int:
    """The column whose region (from its header's start to the next one's) overlaps most."""
    best, best_overlap = 0, -1
    for i, start in enumerate(starts):
        low = start if i else 0
        high = starts[i + 1] if i + 1 < len(starts) else 1 << 30
        overlap = min(end, high) - max(begin, low)
        if overlap > best_overlap:
            best, best_overlap = i, overlap
    return best


def _aligned_header(line: str) -> list[tuple[int, int, str]] | None:
    from .columns import is_table_header  # columns imports text only; avoid a cycle here

    if "\t" in line or "|" in line:
        return None
    chunks = _chunks(line)
    if len(chunks) < 3 or not is_table_header("\t".join(c[2] for c in chunks)):
        return None
    return chunks


def space_tables(lines: list[str]) -> list[str]:
    """Space-aligned step tables as tab rows: the header (with header words wrapped onto the
    lines below it), then one row per step number, wrapped cell text joined. Same line count."""
    out = list(lines)
    i = 0
    while i < len(out):
        header = _aligned_header(out[i])
        if header is None:
            i += 1
            continue
        starts = [c[0] for c in header]
        names = [c[2] for c in header]
        k = i + 1
        while k < len(out) and out[k].strip() and "\t" not in out[k]:
            chunks = _chunks(out[k])
            if STEP_NO_RE.match(chunks[0][2]):
                break
            for begin, end, text in chunks:  # header words wrapped onto a second line
                col = _column_of(starts, begin, end)
                names[col] = f"{names[col]} {text}"
            out[k] = ""
            k += 1
        out[i] = "\t".join(names)
        row: list[str] | None = None
        row_at = k
        blank = 0
        while k < len(out):
            line = out[k]
            if not line.strip():
                blank += 1
                if blank >= 2 and row is not None:
                    break
                k += 1
                continue
            chunks = _chunks(line)
            if "\t" in line or _aligned_header(line) is not None:
                break
            if PAGE_FURNITURE_RE.match(line.strip()):
                k += 1
                continue
            numbered = (
                STEP_NO_RE.match(chunks[0][2])
                and _column_of(starts, chunks[0][0], chunks[0][1]) == 0
            )
            if not numbered and (row is None or blank):
                break  # text after the table (a signature, the next heading)
            if numbered:
                if row is not None:
                    out[row_at] = "\t".join(row)
                row, row_at = [""] * len(starts), k
            assert row is not None  # noqa: S101 - set by the numbered branch
            for begin, end, text in chunks:
                col = _column_of(starts, begin, end)
                row[col] = f"{row[col]} {text}".strip()
            if k != row_at:
                out[k] = ""
            blank = 0
            k += 1
        if row is not None:
            out[row_at] = "\t".join(row)
        i = k
    return out


_GRID_RULE_RE = re.compile(r"^\s*\+[-=:+]+\+\s*$")


def _glue(a: str, b: str) -> str:
    if not a:
        return b
    if not b:
        return a
    if a.endswith("-") and b[:1].islower():
        return a[:-1] + b  # a word hyphenated at the cell's edge
    return f"{a} {b}"


def grid_tables(lines: list[str]) -> list[str]:
    """Pandoc grid tables (``+----+----+`` rules, ``|`` cells wrapped over several lines):
    each block between two rules becomes one row on its first line. Same line count."""
    out = list(lines)
    k = 0
    while k < len(out):
        if not _GRID_RULE_RE.match(out[k]):
            k += 1
            continue
        out[k] = ""
        k += 1
        first = k
        row: list[str] = []
        while k < len(out) and out[k].lstrip().startswith("|"):
            parts = [c.strip() for c in out[k].strip().strip("|").split("|")]
            if len(parts) > len(row):
                row += [""] * (len(parts) - len(row))
            for i, part in enumerate(parts):
                row[i] = _glue(row[i], part)
            out[k] = ""
            k += 1
        if row:
            out[first] = "| " + " | ".join(row) + " |"
    return out
