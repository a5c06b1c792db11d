"""What a file really is, from its bytes (never from its name or the client's header)."""

from __future__ import annotations

import re

import filetype

ALLOWED = {
    "application/pdf": "PDF",
    "image/png": "gambar PNG",
    "image/jpeg": "gambar JPEG",
    "image/gif": "gambar GIF",
    "image/webp": "gambar WebP",
    "image/tiff": "gambar TIFF",
    "application/msword": "Word",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "Word",
    "application/vnd.ms-excel": "Excel",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "Excel",
    "application/vnd.ms-powerpoint": "PowerPoint",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": "PowerPoint",
    "application/vnd.oasis.opendocument.text": "OpenDocument",
    "application/vnd.oasis.opendocument.spreadsheet": "OpenDocument",
    "application/vnd.oasis.opendocument.presentation": "OpenDocument",
    "text/plain": "teks",
}
HEAD_BYTES = 8192

ACTIVE_NAMES = (
    ".html", ".htm", ".xhtml", ".xht", ".shtml", ".mht", ".mhtml", ".svg", ".svgz", ".js",
    ".mjs", ".xml", ".xsl", ".xslt", ".hta", ".swf", ".bat", ".cmd", ".ps1", ".vbs", ".vbe",
    ".wsf", ".url", ".lnk", ".scr", ".jar",
)  # fmt: skip
"""Names a browser or viewer may run as code: refused whatever the bytes say."""
_ACTIVE_MARKS = {
    b"<!doctype html": "text/html",
    b"<html": "text/html",
    b"<head": "text/html",
    b"<body": "text/html",
    b"<script": "text/html",
    b"<iframe": "text/html",
    b"<svg": "image/svg+xml",
    b"<?xml": "application/xml",
    b"<!--": "text/html",
}


_HANDLER = re.compile(rb"<[a-z][^>]*\son[a-z]+\s*=")
"""An element with an event handler (`<img src=x onerror=...>`): markup that runs script."""


def _active_text(head: bytes) -> str | None:
    """Markup a browser would render (and run scripts in), even inside "plain text"."""
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    for mark, kind in _ACTIVE_MARKS.items():
        if start.startswith(mark):
            return kind
    low = head.lower()
    if b"<script" in low or b"<svg" in low or b"javascript:" in low or _HANDLER.search(low):
        return "text/html"
    return None


def detect_named(head: bytes, name: str) -> str | None:
    """`detect`, and active content by name: an HTML, SVG, JS or XML file, or a script
    Windows would run, is reported as such even when its bytes look like plain text."""
    kind = detect(head)
    # Windows and browsers drop trailing dots and spaces when saving: `x.html.` is `x.html`.
    lowered = name.lower().rstrip(". ")
    if lowered.endswith((".js", ".mjs")):
        return "application/javascript"
    if lowered.endswith((".svg", ".svgz")):
        return "image/svg+xml"
    if lowered.endswith((".xml", ".xsl", ".xslt")):
        return "application/xml"
    if lowered.endswith((".html", ".htm", ".xhtml", ".xht", ".shtml", ".mht", ".mhtml")):
        return "text/html"
    if lowered.endswith(ACTIVE_NAMES):
        return "application/x-executable"  # scripts and shortcuts Windows would run
    return kind


def detect(head: bytes) -> str | None:
    """The MIME type of a file from its first bytes; None when unknown."""
    if head.startswith((b"MZ", b"\x7fELF", b"#!", b"\xca\xfe\xba\xbe", b"\xcf\xfa\xed\xfe")):
        return "application/x-executable"
    kind = filetype.guess(head)
    if kind is not None:
        return str(kind.mime)
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "application/msword"  # an OLE2 container: legacy Word/Excel/PowerPoint
    if _is_text(head):
        return _active_text(head) or "text/plain"
    return None


def _is_text(head: bytes) -> bool:
    if b"\x00" in head:
        return False
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        # A multi-byte character cut at the end of the sample is still text.
        return exc.start >= len(head) - 3
    return True


def refusal(content_type: str | None) -> str | None:
    """Why a type is refused, in words for the uploader; None when it is allowed."""
    if content_type in ALLOWED:
        return None
    if content_type is None:
        return "jenis berkas tidak dikenali; unggah PDF, gambar, dokumen Office, atau teks"
    return (
        f"jenis berkas {content_type} tidak diizinkan; unggah PDF, gambar, dokumen Office,"
        " atau teks"
    )
