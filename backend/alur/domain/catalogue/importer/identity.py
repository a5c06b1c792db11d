"""Reading the identity block and the six sections that precede an SOP's step table.

Converters put keys and values in the same cell, in neighbouring cells, or on separate lines,
and put section headings side by side or stacked; the scanner below walks cells in reading
order so that all of those layouts reduce to the same key -> value pairs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .columns import is_rule_row
from .model import DateValue, Identity, Provenance, Sections, Signatory
from .text import cells, clean, fold, leading_number, list_items

KEYS: dict[str, re.Pattern[str]] = {
    "nomor_sop": re.compile(r"^(?:nomor|no\.?)\s*sop\b\s*:?\s*", re.IGNORECASE),
    "tanggal_pembuatan": re.compile(r"^(?:tanggal|tgl)\.?\s*pembuatan\b\s*:?\s*", re.IGNORECASE),
    "tanggal_revisi": re.compile(r"^(?:tanggal|tgl)\.?\s*revisi\b\s*:?\s*", re.IGNORECASE),
    "tanggal_efektif": re.compile(
        r"^(?:tanggal|tgl)\.?\s*(?P<label>efektif|pengesahan)\b\s*:?\s*", re.IGNORECASE
    ),
    "disahkan_oleh": re.compile(r"^disahkan\s+oleh\b\s*:?\s*", re.IGNORECASE),
    "title": re.compile(r"^(?:nama|judul)\s*sop\b\s*:?\s*", re.IGNORECASE),
    # Only as a label of its own ("Unit Kerja : …"), never inside a name such as
    # "UNIT PELAKSANA TEKNIS DAERAH".
    "unit": re.compile(
        r"^(?:unit(?:\s+(?:kerja|pelaksana|organisasi|pemilik))?|satuan\s+kerja|satker"
        r"|(?P<label>bidang|seksi|sub\s*bagian|bagian|bidang/bagian))\s*(?::\s*|$)",
        re.IGNORECASE,
    ),
}
_LETTERED = r"^(?:(?:[a-z]|\d{1,2}|[ivx]+)[.)]\s+)?"
SECTIONS: dict[str, re.Pattern[str]] = {
    "dasar_hukum": re.compile(_LETTERED + r"dasar\s+hukum\b\s*:?\s*", re.IGNORECASE),
    "kualifikasi_pelaksana": re.compile(
        _LETTERED + r"kualifikasi\s+pelaksana\b\s*:?\s*", re.IGNORECASE
    ),
    "keterkaitan": re.compile(_LETTERED + r"keterkaitan\b\s*:?\s*", re.IGNORECASE),
    "peralatan_perlengkapan": re.compile(
        _LETTERED + r"peralatan\s*(?:/\s*\w+)?\s*:?\s*", re.IGNORECASE
    ),
    "peringatan": re.compile(_LETTERED + r"peringatan\b\s*:?\s*", re.IGNORECASE),
    "pencatatan_pendataan": re.compile(
        _LETTERED + r"penc\w*\s+dan\s+pendataan\b\s*:?\s*", re.IGNORECASE
    ),
}
UNIT_RE = re.compile(
    r"\b(SEKSI|SUB\s?BAGIAN|SUB\s?BAG\.?|SUBBAG\.?|SUB\s?BIDANG|SUBBID\.?|BIDANG|UPTD|UPT"
    r"|SEKRETARIAT|BAGIAN)\b"
)
_UNIT_RANK = {"SEKSI": 3, "SUB": 3, "SUBBAG": 3, "BAGIAN": 2, "BIDANG": 2, "UPTD": 2}
MONTHS = {
    "januari": 1, "jan": 1, "februari": 2, "pebruari": 2, "feb": 2, "maret": 3, "mar": 3,
    "april": 4, "apr": 4, "mei": 5, "juni": 6, "jun": 6, "juli": 7, "jul": 7, "agustus": 8,
    "agu": 8, "agt": 8, "september": 9, "sep": 9, "oktober": 10, "okt": 10, "november": 11,
    "nopember": 11, "nov": 11, "desember": 12, "des": 12,
}  # fmt: skip


@dataclass
class Token:
    line: int
    cell: int  # the cell's index, or its character offset on a space-aligned line
    raw: str
    text: str
    aligned: bool = False


_ALIGNED_RE = re.compile(r"\S+(?: \S+)*")


def _aligned(line: str) -> bool:
    """A line laid out with runs of spaces (pdftotext -layout): no tabs, pipes or markup, and
    indented or split by two spaces or more."""
    if "\t" in line or "|" in line or "<" in line:
        return False
    body = line.rstrip()
    return bool(re.search(r"\S {2,}\S", body)) or (len(body) - len(body.lstrip())) >= 2


@dataclass
class IdentityResult:
    identity: Identity
    sections: Sections
    unit_raw: str | None
    warnings: list[str] = field(default_factory=list)


def _tokens(lines: list[str], offset: int) -> list[Token]:
    out = []
    for n, line in enumerate(lines):
        if is_rule_row(line):
            continue
        if _aligned(line):
            for m in _ALIGNED_RE.finditer(line):
                text = clean(m.group())
                if text:
                    out.append(Token(offset + n, m.start(), m.group(), text, aligned=True))
            continue
        for c, raw in enumerate(cells(line)):
            text = clean(raw)
            if text:
                out.append(Token(offset + n, c, raw, text))
    return out


def _match_key(text: str, table: dict[str, re.Pattern[str]]) -> tuple[str, re.Match[str]] | None:
    for name, pattern in table.items():
        match = pattern.match(text)
        if match:
            return name, match
    return None


def _is_marker(text: str) -> bool:
    return bool(_match_key(text, KEYS) or _match_key(text, SECTIONS))


_HEADING_WORDS_RE = re.compile(
    r"^(flowchart|flow chart|bagan alir|diagram alir|alur proses|alur kerja|lampiran"
    r"|uraian (kegiatan|prosedur)|prosedur( kerja| pelaksanaan)?|langkah langkah|tahapan)\b"
)


def _is_heading(raw: str, text: str) -> bool:
    """A heading line between blocks ("## FLOWCHART SOP …", "**SOP …**" in capitals)."""
    if raw.lstrip().startswith("#"):
        return True
    if _HEADING_WORDS_RE.match(fold(text)):
        return True
    bold = re.fullmatch(r"\s*(<b>|\*\*)(.*?)(</b>|\*\*)\s*:?\s*", raw, re.DOTALL)
    return bool(bold) and text.upper() == text and len(text) > 3


def parse_date(label: str | None, raw: str | None) -> DateValue:
    if raw is None:
        return DateValue(label=label, raw=None, date=None, precision=None, provenance="missing")
    folded = fold(raw)
    day = re.search(r"\b(\d{1,2})\s+([a-z]+)\s+(\d{4})\b", folded)
    if day and day.group(2) in MONTHS and 1 <= int(day.group(1)) <= 31:
        iso = f"{int(day.group(3)):04d}-{MONTHS[day.group(2)]:02d}-{int(day.group(1)):02d}"
        return DateValue(label=label, raw=raw, date=iso, precision="day", provenance="read")
    month = re.search(r"\b([a-z]+)\s+(\d{4})\b", folded)
    if month and month.group(1) in MONTHS:
        iso = f"{int(month.group(2)):04d}-{MONTHS[month.group(1)]:02d}"
        return DateValue(label=label, raw=raw, date=iso, precision="month", provenance="read")
    numeric = re.search(r"\b(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})\b", clean(raw))
    if numeric and 1 <= int(numeric.group(2)) <= 12:
        iso = f"{numeric.group(3)}-{int(numeric.group(2)):02d}-{int(numeric.group(1)):02d}"
        return DateValue(label=label, raw=raw, date=iso, precision="day", provenance="read")
    return DateValue(label=label, raw=raw, date=None, precision=None, provenance="read")


_TTD_RE = re.compile(r"\(?\s*(?:ttd|t\.t\.d|cap(?: dinas)?|ttd\.? (?:dan|&) cap)\.?\s*\)?", re.I)
_PERSON_RE = re.compile(
    r"^(?:dr|drs|dra|ir|prof|h|hj|kh)\.\s|,\s*(?:S\.|SE\b|S\.E|M\.|MM\b|Dr|Ir|ST\b|SH\b|SP\b|Sp\.)",
    re.IGNORECASE,
)
_DEGREE_RE = re.compile(r",\s*(?:S\.|SE\b|S\.E|M\.|MM\b|Dr|Ir|ST\b|SH\b|SP\b)", re.IGNORECASE)


def parse_signatory(parts: list[str]) -> Signatory:
    if not parts:
        return Signatory(raw=None, position=None, name=None, nip=None, provenance="missing")
    raw = " ".join(parts)
    pieces: list[str] = []
    for part in parts:
        split = re.split(r"</?p[^>]*>|</?u>|</?b>|<br\s*/?>|\s{2,}|</?div[^>]*>", part)
        pieces.extend(t for t in (clean(s).strip("↓←→↑ ") for s in split) if t)
    nip = None
    kept: list[str] = []
    for piece in pieces:
        match = re.search(r"NIP\.?\s*:?\s*([\d ]{8,})", piece, re.IGNORECASE)
        if match:
            nip = re.sub(r"\s+", "", match.group(1))
            piece = piece[: match.start()].strip()
        if piece and not _TTD_RE.fullmatch(piece):
            kept.append(piece)
    position: str | None = None
    name: str | None = None
    named = [n for n, piece in enumerate(kept) if n and _PERSON_RE.search(piece)]
    if len(kept) >= 3 and named:
        # "Kepala Dinas Pendidikan / Kabupaten X / Drs. NAMA, M.Pd.": the position wraps.
        position, name = " ".join(kept[: named[0]]), kept[named[0]]
    elif len(kept) >= 2:
        position, name = kept[0], kept[1]
    elif kept:
        text = kept[0]
        degree = _DEGREE_RE.search(text)
        if degree:
            words = text[: degree.start()].split()
            name_words = words[-2:] if len(words) > 2 else words
            lead = words[: len(words) - len(name_words)]
            position = " ".join(lead) or None
            name = " ".join(name_words) + text[degree.start() :]
        else:
            position = text
    if position:
        position = position.lstrip(":= ").strip() or None
    return Signatory(raw=clean(raw), position=position, name=name, nip=nip, provenance="read")


def _unit_candidate(text: str) -> tuple[int, str] | None:
    if _is_marker(text) or len(text) > 140:
        return None
    match = UNIT_RE.search(text)
    if not match:
        return None
    value = text[match.start() :].strip(" :")
    word = match.group(1).replace(".", "").split()[0]
    rank = _UNIT_RANK.get(word, 3 if word.startswith("SUB") else 1)
    return rank, value


def _labelled_unit(label: str | None, value: str | None) -> str | None:
    """ "Bidang : Pelayanan Pendaftaran" -> "Bidang Pelayanan Pendaftaran" (once)."""
    if not value or not label or fold(value).startswith(fold(label)):
        return value
    return f"{label} {value}"


def parse_identity(lines: list[str], offset: int) -> IdentityResult:
    tokens = _tokens(lines, offset)
    found: dict[str, list[str]] = {}
    labels: dict[str, str] = {}
    sections: dict[str, list[str]] = {name: [] for name in SECTIONS}
    seen_sections: set[str] = set()
    warnings: list[str] = []
    unit: tuple[int, str] | None = None
    active: list[tuple[str, int]] = []
    mode = "sequence"
    pointer = 0
    last_heading_line = -10
    guessed_split = False
    stacked_since_content = False
    closed_by: str | None = None  # the heading that ended the sections
    unread: list[tuple[int, str]] = []  # text after it that no field takes
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        key = _match_key(tok.text, KEYS)
        if key:
            name, match = key
            active = []
            if name == "tanggal_efektif":
                labels[name] = match.group("label").lower()
            if name == "unit" and match.group("label"):
                labels[name] = match.group("label").title()  # "Bidang" + its value
            rest = tok.text[match.end() :].strip()
            values: list[str] = [tok.raw[tok.raw.lower().find(rest.lower()[:8]) :]] if rest else []
            j = i + 1
            while j < len(tokens):
                nxt = tokens[j]
                if (
                    nxt.text in (":", "=")
                    or _TTD_RE.fullmatch(nxt.text)
                    or (nxt.aligned and tok.aligned and nxt.cell < tok.cell)
                ):  # a separator, "ttd", or a column left of the key (a logo block)
                    j += 1  # a separator cell, or "ttd" where the signature was
                    continue
                if _is_marker(nxt.text) or (name != "disahkan_oleh" and values):
                    break
                if name == "disahkan_oleh":
                    if values and (_unit_candidate(nxt.text) or nxt.line - tokens[j - 1].line > 2):
                        break
                    wrapped_nip = len(values) < 5 and re.match(r"(?i)nip\b", nxt.text)
                    if values and nxt.line != tok.line and len(values) >= 3 and not wrapped_nip:
                        break  # (the NIP under a wrapped position still belongs here)
                elif _unit_candidate(nxt.text) and nxt.line != tok.line:
                    break
                values.append(nxt.raw)
                j += 1
            if name == "title" and values and not rest:
                while (
                    j < len(tokens)
                    and tokens[j].line == tokens[j - 1].line + 1
                    and not _is_marker(tokens[j].text)
                    and not _unit_candidate(tokens[j].text)
                ):
                    values[-1] = values[-1] + " " + tokens[j].raw
                    j += 1
            if name not in found:
                found[name] = values
            i = j
            continue
        heading = _match_key(tok.text, SECTIONS)
        if heading:
            closed_by = None
            row_heads: list[tuple[str, int]] = []
            k = i
            while k < len(tokens) and tokens[k].line == tok.line:
                text = tokens[k].text
                while True:
                    hit = _match_key(text, SECTIONS)
                    if not hit:
                        break
                    row_heads.append((hit[0], tokens[k].cell))
                    text = text[hit[1].end() :].strip()
                if text and row_heads and tokens[k].cell == row_heads[-1][1]:
                    sections[row_heads[-1][0]].extend(list_items(text)[0])
                    stacked_since_content = False
                k += 1
            if stacked_since_content and tok.line - last_heading_line <= 4 and active:
                active = active + row_heads
                warnings.append(
                    "Judul bagian "
                    + " dan ".join(f"'{h}'" for h, _ in active)
                    + " bertumpuk tanpa isi di antaranya; isi dibagi menurut urutan daftar,"
                    " periksa pembagiannya."
                )
                mode = "sequence"
            else:
                active = row_heads
                cells_used = {c for _, c in row_heads}
                mode = "columns" if len(cells_used) == len(row_heads) > 1 else "sequence"
                pointer = 0
            seen_sections.update(h for h, _ in row_heads)
            stacked_since_content = True
            last_heading_line = tok.line
            i = k
            continue
        if not active:
            cand = _unit_candidate(tok.text)
            if cand and (unit is None or cand[0] >= unit[0]):
                unit = cand
            elif closed_by is not None and not _is_heading(tok.raw, tok.text):
                unread.append((tok.line, tok.text))
            i += 1
            continue
        row = [t for t in tokens[i:] if t.line == tok.line]
        if len(row) == 1 and _is_heading(tok.raw, tok.text):
            active = []  # a section ends where the next heading starts
            closed_by = tok.text
            i += 1
            continue
        stacked_since_content = False
        if mode == "columns":
            for t in row:
                target = [h for h, c in active if c <= t.cell] or [active[0][0]]
                items, guessed = list_items(t.raw)
                guessed_split |= guessed
                if re.fullmatch(r"\d{1,2}\.?", t.text):
                    continue
                sections[target[-1]].extend(items)
        else:
            if len(row) > 1 and len(active) > 1:
                for n, t in enumerate(row):
                    idx = min(pointer + n, len(active) - 1)
                    items, guessed = list_items(t.raw)
                    guessed_split |= guessed
                    sections[active[idx][0]].extend(items)
            else:
                for t in row:
                    number = leading_number(t.raw)
                    current = active[min(pointer, len(active) - 1)][0]
                    if number == 1 and sections[current] and pointer + 1 < len(active):
                        pointer += 1
                        current = active[pointer][0]
                    items, guessed = list_items(t.raw)
                    guessed_split |= guessed
                    sections[current].extend(items)
        i += len(row)
    if unread:
        shown = "; ".join(f"'{t}' (baris {n + 1})" for n, t in unread[:20])
        more = f" dan {len(unread) - 20} lagi" if len(unread) > 20 else ""
        warnings.append(
            f"Teks sesudah judul '{closed_by}' tidak terbaca sebagai bagian SOP mana pun: "
            f"{shown}{more}. Jika ini tabel langkah, susunannya tidak dikenali; periksa bukunya."
        )
    if guessed_split:
        warnings.append(
            "Sebagian butir daftar tertulis bersambung tanpa nomor dan dipisah menurut huruf"
            " kapital; periksa pemisahannya."
        )

    def first(name: str) -> str | None:
        values = found.get(name)
        if not values:
            return None
        text = clean(values[0]).lstrip(":= ").strip()
        return text or None

    provenance: dict[str, Provenance] = {}
    for name in ("nomor_sop", "title", "tanggal_pembuatan", "tanggal_revisi", "tanggal_efektif"):
        provenance[name] = "read" if found.get(name) else "missing"
    signatory = parse_signatory(found.get("disahkan_oleh", []))
    provenance["disahkan_oleh"] = signatory.provenance
    identity = Identity(
        nomor_sop=first("nomor_sop"),
        title=first("title"),
        tanggal_pembuatan=parse_date("pembuatan", first("tanggal_pembuatan")),
        tanggal_revisi=parse_date("revisi", first("tanggal_revisi")),
        tanggal_efektif=parse_date(
            labels.get("tanggal_efektif", "efektif"), first("tanggal_efektif")
        ),
        disahkan_oleh=signatory,
        provenance=provenance,
    )
    sec_prov: dict[str, Provenance] = {
        name: ("read" if sections[name] else "missing") for name in SECTIONS
    }
    result = Sections(**sections, provenance=sec_prov)
    return IdentityResult(
        identity=identity,
        sections=result,
        unit_raw=(
            _labelled_unit(labels.get("unit"), first("unit"))
            if first("unit")
            else (unit[1] if unit else None)
        ),
        warnings=warnings,
    )
