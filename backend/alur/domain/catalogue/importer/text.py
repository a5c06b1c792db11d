"""Turning the converters' mixed output (tabs, pipes, HTML fragments, markdown) into cells,
clean strings and list items.

The books were converted from PDF/Word by different tools, so one SOP may mix all layouts;
everything downstream works on the output of these helpers and never on raw markup.
"""

from __future__ import annotations

import html
import re
import unicodedata

_TAG_RE = re.compile(r"<[^>]*>")
_BREAK_TAGS_RE = re.compile(r"<\s*(br|/p|/li|/div|/tr|/h\d)\s*/?>", re.IGNORECASE)
_DEL_RE = re.compile(r"<del>.*?</del>", re.IGNORECASE | re.DOTALL)
_PRE_RE = re.compile(r"<pre>.*?(</pre>|$)", re.IGNORECASE | re.DOTALL)
_MD_RE = re.compile(r"\*\*|__|^#+\s*|^\s*>\s*")
_WS_RE = re.compile(r"\s+")
# A step number alone in its cell ("3", "3."), and page furniture between the parts of a split
# table ("Halaman 1 dari 2", "- 3 -", "Hal. 4", a form feed).
STEP_NO_RE = re.compile(r"^\d{1,3}\.?$")
PAGE_FURNITURE_RE = re.compile(
    r"^(?:hal(?:aman)?\.?\s*\d+.*|-\s*\d+\s*-|\f|page \d+.*)$", re.IGNORECASE
)
_MD_ESCAPE_RE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|<>~])")
_MD_RULE_RE = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")


def clean(text: str | None) -> str:
    """Plain text of one cell: tags and markdown emphasis removed, whitespace collapsed."""
    if not text:
        return ""
    text = _DEL_RE.sub(" ", text)
    text = _BREAK_TAGS_RE.sub(" ", text)
    text = _TAG_RE.sub(" ", text)
    text = html.unescape(text)
    text = _MD_ESCAPE_RE.sub(r"\1", text)  # pandoc's "1\.", "\-", "\*"
    text = _MD_RE.sub("", text.strip())
    text = text.replace("**", "")
    return _WS_RE.sub(" ", text).strip()


def has_flowchart(text: str) -> bool:
    return bool(_PRE_RE.search(text)) or "-->" in text or "--&gt;" in text


def is_markdown_rule(line: str) -> bool:
    return bool(_MD_RULE_RE.match(line))


def cells(line: str) -> list[str]:
    """Split a row: tab-separated, or a markdown pipe row."""
    stripped = line.strip()
    if stripped.startswith("- |"):
        stripped = stripped[2:].strip()
    if stripped.startswith("|") and stripped.count("|") >= 2 and "\t" not in line:
        inner = stripped.strip("|")
        return [c.strip().replace("\\|", "|") for c in re.split(r"(?<!\\)\|", inner)]
    return [c.strip() for c in line.rstrip("\n").split("\t")]


def fold(text: str) -> str:
    """Lowercase ASCII form used for comparisons only (never stored)."""
    text = unicodedata.normalize("NFKD", clean(text)).encode("ascii", "ignore").decode()
    return _WS_RE.sub(" ", re.sub(r"[^a-z0-9/&]+", " ", text.lower())).strip()


_NUMBER_PREFIX_RE = re.compile(r"^\s*(?:[-*•]\s*)?(?:\d{1,2}|[a-z])[.)]?\s+(?=\S)|^\s*[-*•]\s*")
_NON_BREAKERS = {
    "nomor",
    "no",
    "no.",
    "tahun",
    "pasal",
    "ayat",
    "huruf",
    "angka",
    "roda",
    "pp",
    "uu",
}


def strip_number(item: str) -> str:
    item = item.strip()
    if re.match(r"^\d{1,2}[.)]?\s*$", item):
        return ""
    return _NUMBER_PREFIX_RE.sub("", item, count=1).strip(" ;")


def leading_number(line: str) -> int | None:
    match = re.match(r"^\s*(?:[-*•]\s*)?(\d{1,2})[.)]?\s+\S", clean(line) + " ")
    return int(match.group(1)) if match else None


def _split_glued_numbers(text: str) -> list[str] | None:
    """``1 Foo2 Bar3 Baz`` -> three items; None when the text is not numbered from 1."""
    start = re.match(r"^\s*1[.)]?\s+(?=\S)", text)
    if not start:
        return None
    items: list[str] = []
    pos = start.end()
    expected = 2
    while True:
        found = None
        for match in re.finditer(rf"(?<!\d){expected}[.)]?\s+(?=[A-Z(\"'-])", text[pos:]):
            before = text[: pos + match.start()].rstrip()
            last_word = before.split()[-1].lower() if before.split() else ""
            if last_word in _NON_BREAKERS:
                continue
            found = match
            break
        if found is None:
            items.append(text[pos:].strip())
            return items
        items.append(text[pos : pos + found.start()].strip())
        pos += found.end()
        expected += 1


def list_items(fragment: str) -> tuple[list[str], bool]:
    """List items of a section cell, and whether the split had to be guessed from capitals."""
    if not fragment or not fragment.strip():
        return [], False
    if re.search(r"<li\b", fragment, re.IGNORECASE):
        lead, *parts = re.split(r"<li\b[^>]*>", fragment, flags=re.IGNORECASE)
        # Text before the first item ("... dalam bentuk :") is a value of its own.
        items = [clean(lead).strip(" ;"), *(strip_number(clean(p)) for p in parts)]
        return [i for i in items if i], False
    text = clean(fragment)
    glued = _split_glued_numbers(text)
    if glued is not None:
        return [i for i in (strip_number(x) for x in glued) if i], False
    if re.search(r"<ol\b", fragment, re.IGNORECASE):
        pieces = re.split(r"(?<=[a-z.)])(?=[A-Z][a-z])", text)
        items = [p.strip() for p in pieces if p.strip()]
        return items, len(items) > 1
    if text.count("•") >= 2 or (text.startswith("•") and "•" in text[1:]):
        return [i for i in (x.strip(" ;") for x in text.split("•")) if i], False
    single = strip_number(text)
    return ([single] if single else []), False


def slugify(text: str, limit: int = 60) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")
    return slug[:limit].rstrip("-")
