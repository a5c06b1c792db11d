"""The layout corpus: every fully imported SOP of the four books, re-rendered in other layouts.

Offices that join later bring books converted by other tools (markdown, HTML, flattened lists,
renamed headers, page breaks, stray empty cells). Each ``render_<name>`` below writes one SOP
document back out as a small stand-alone book in one such layout; importing that text with
the same tenant and org must give back the same SOP. ``compare`` lists every field on which
the re-import differs from the SOP's own import.

What is rendered is what the importer read, nothing more: a performer cell holds the mark
label as read (``Step.marks``), and a step whose performer was inferred (no mark in the book)
gets an empty performer cell, so that inference has to reproduce.

Run ``python -m tests.unit.catalogue.layout_report [-v] [layout ...]`` for the agreement table.
"""

from __future__ import annotations

import html
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cache

from alur.domain.catalogue.importer.book import import_book
from alur.domain.catalogue.importer.model import SopDocument, Step
from alur.domain.catalogue.importer.performers import Org

from .conftest import BOOKS, book, org_for

SECTION_HEADINGS: tuple[tuple[str, str], ...] = (
    ("dasar_hukum", "Dasar Hukum"),
    ("kualifikasi_pelaksana", "Kualifikasi Pelaksana"),
    ("keterkaitan", "Keterkaitan"),
    ("peralatan_perlengkapan", "Peralatan/Perlengkapan"),
    ("peringatan", "Peringatan"),
    ("pencatatan_pendataan", "Pencatatan dan Pendataan"),
)

# A mark whose cell held only a drawn shape (003 lines with ``<div style="border...">``) was
# read with an empty label; the same shape is written back so the mark is not silently lost.
EMPTY_MARK = '<div style="border: 1px solid black;"></div>'


# --------------------------------------------------------------------------------------------
# What every layout writes, taken from one document


def performer_headers(doc: SopDocument) -> list[str]:
    return [p.header for p in doc.performers]


def header_of(doc: SopDocument, key: str | None) -> str | None:
    """A performer column key -> its header (performers are compared by header, not key)."""
    if key is None:
        return None
    return next((p.header for p in doc.performers if p.key == key), key)


def mark_cells(doc: SopDocument, step: Step) -> list[str]:
    """One cell per performer column: the mark label as read, or empty."""
    out = []
    for p in doc.performers:
        if p.key in step.marks:
            out.append(step.marks[p.key] or EMPTY_MARK)
        else:
            out.append("")
    return out


def identity_rows(doc: SopDocument) -> list[tuple[str, str]]:
    ident = doc.identity
    pengesahan = ident.tanggal_efektif.label == "pengesahan"
    efektif = "Tanggal Pengesahan" if pengesahan else "Tanggal Efektif"
    return [
        ("Nomor SOP", ident.nomor_sop or ""),
        ("Tanggal Pembuatan", ident.tanggal_pembuatan.raw or ""),
        ("Tanggal Revisi", ident.tanggal_revisi.raw or ""),
        (efektif, ident.tanggal_efektif.raw or ""),
        ("Disahkan oleh", ident.disahkan_oleh.raw or ""),
        ("Nama SOP", ident.title or ""),
    ]


def section_items(doc: SopDocument) -> list[tuple[str, list[str]]]:
    return [(heading, list(getattr(doc.sections, name))) for name, heading in SECTION_HEADINGS]


def unit_line(doc: SopDocument) -> list[str]:
    return [doc.unit.raw, ""] if doc.unit.raw else []


def text(value: str | None) -> str:
    return value or ""


def numbered(items: list[str]) -> list[str]:
    """Numbered items; an empty section is a single dash, as the books write empty cells."""
    return [f"{n}. {item}" for n, item in enumerate(items, 1)] or ["-"]


def tab_identity_and_sections(doc: SopDocument) -> list[str]:
    lines = unit_line(doc)
    lines += [f"{key}\t{value}" for key, value in identity_rows(doc)]
    for heading, items in section_items(doc):
        lines += ["", heading, *numbered(items)]
    return [*lines, ""]


def minutes_value(step: Step) -> str | None:
    """A plain single value in minutes as a bare number (the ``synonyms`` layout), else None."""
    w = step.waktu
    if (
        w.category != "numeric"
        or w.unit != "minute"
        or w.min is None
        or w.min != w.max
        or w.approximate
        or w.per_item
        or w.hari_kerja
        or w.mixed_units
    ):
        return None
    return str(int(w.min)) if float(w.min).is_integer() else str(w.min)


# --------------------------------------------------------------------------------------------
# Step tables


def two_row_header(doc: SopDocument) -> list[str]:
    perf = performer_headers(doc) or [""]
    top = ["No", "Uraian Kegiatan", "Pelaksana", *[""] * (len(perf) - 1)]
    top += ["Mutu Baku", "", "", "Keterangan"]
    sub = ["", "", *perf, "Kelengkapan", "Waktu", "Output", ""]
    numbers = [str(n) for n in range(1, len(top) + 1)]
    return ["\t".join(top), "\t".join(sub), "\t".join(numbers)]


def tab_row(doc: SopDocument, step: Step, waktu: str | None = None) -> str:
    perf = mark_cells(doc, step) or [""]
    cells = [text(step.number), step.activity, *perf, text(step.kelengkapan)]
    cells += [step.waktu.raw if waktu is None else waktu, text(step.output), text(step.keterangan)]
    return "\t".join(cells)


def render_two_row_tab(doc: SopDocument) -> str:
    """The books' own layout: two header rows, the column-number row, one tab row per step."""
    lines = tab_identity_and_sections(doc)
    lines += two_row_header(doc)
    lines += [tab_row(doc, s) for s in doc.steps]
    return "\n".join(lines) + "\n"


def render_single_header(doc: SopDocument) -> str:
    """One header row naming the performers directly; no "Pelaksana"/"Mutu Baku" row."""
    lines = tab_identity_and_sections(doc)
    header = ["No", "Uraian Kegiatan", *performer_headers(doc)]
    header += ["Kelengkapan", "Waktu", "Output", "Keterangan"]
    lines.append("\t".join(header))
    lines += [tab_row(doc, s) for s in doc.steps]
    return "\n".join(lines) + "\n"


def md(value: str) -> str:
    return value.replace("|", "\\|")


def md_row(cells: Sequence[str]) -> str:
    return "| " + " | ".join(md(c) for c in cells) + " |"


def render_markdown(doc: SopDocument) -> str:
    """Markdown: identity as a two-column pipe table, bold headings, one pipe step table."""
    lines = unit_line(doc)
    rows = identity_rows(doc)
    lines += [md_row(rows[0]), md_row(["---", "---"]), *[md_row(r) for r in rows[1:]], ""]
    for heading, items in section_items(doc):
        lines += [f"**{heading}**", "", *numbered(items), ""]
    header = ["No", "Uraian Kegiatan", *performer_headers(doc)]
    header += ["Kelengkapan", "Waktu", "Output", "Keterangan"]
    lines += [md_row(header), md_row(["---"] * len(header))]
    for s in doc.steps:
        cells = [text(s.number), s.activity, *mark_cells(doc, s), text(s.kelengkapan)]
        cells += [s.waktu.raw, text(s.output), text(s.keterangan)]
        lines.append(md_row(cells))
    return "\n".join(lines) + "\n"


def h(value: str) -> str:
    return html.escape(value, quote=False)


def html_cell(value: str, tag: str = "td") -> str:
    # A mark's drawn shape is markup already; everything else is text.
    inner = value if value == EMPTY_MARK else h(value)
    return f"<{tag}>{inner}</{tag}>"


def render_html(doc: SopDocument) -> str:
    """HTML as a Word export gives it: <p><b>Key</b>: value</p>, <ol>, and a <table> whose
    header is two rows with merged cells, one <tr> per line."""
    lines = [f"<p>{h(doc.unit.raw)}</p>"] if doc.unit.raw else []
    lines += [f"<p><b>{h(k)}</b>: {h(v)}</p>" for k, v in identity_rows(doc)]
    for heading, items in section_items(doc):
        lines.append(f"<p><b>{h(heading)}</b></p>")
        lis = "".join(f"<li>{h(i)}</li>" for i in items)
        lines.append(f"<ol>{lis}</ol>" if items else "<p>-</p>")
    perf = performer_headers(doc)
    lines.append('<table border="1">')
    lines.append(
        '<tr><th rowspan="2">No</th><th rowspan="2">Uraian Kegiatan</th>'
        f'<th colspan="{len(perf)}">Pelaksana</th><th colspan="3">Mutu Baku</th>'
        '<th rowspan="2">Keterangan</th></tr>'
    )
    sub = [*perf, "Kelengkapan", "Waktu", "Output"]
    lines.append("<tr>" + "".join(html_cell(c, "th") for c in sub) + "</tr>")
    for s in doc.steps:
        cells = [text(s.number), s.activity, *mark_cells(doc, s), text(s.kelengkapan)]
        cells += [s.waktu.raw, text(s.output), text(s.keterangan)]
        lines.append("<tr>" + "".join(html_cell(c) for c in cells) + "</tr>")
    lines.append("</table>")
    return "\n".join(lines) + "\n"


def render_numbered_list(doc: SopDocument) -> str:
    """No table: "Key : value" identity lines, the performer columns as a dash list, and one
    numbered item per step with its non-empty cells as indented "Label: value" lines. A
    marked performer cell becomes "Pelaksana: <column>" and, when the mark has text,
    "Tanda: <label>" under it; a step without a mark names no performer."""
    lines = unit_line(doc)
    lines += [f"{k} : {v}".rstrip() for k, v in identity_rows(doc)]
    for heading, items in section_items(doc):
        lines += ["", heading, *numbered(items)]
    lines += ["", "Pelaksana", *[f"- {p}" for p in performer_headers(doc)]]
    lines += ["", "Uraian Kegiatan"]
    for s in doc.steps:
        lines.append(f"{s.number}. {s.activity}" if s.number else f"- {s.activity}")
        for p in doc.performers:
            if p.key in s.marks:
                lines.append(f"   Pelaksana: {p.header}")
                if s.marks[p.key]:
                    lines.append(f"   Tanda: {s.marks[p.key]}")
        for label, value in (
            ("Kelengkapan", s.kelengkapan),
            ("Waktu", s.waktu.raw),
            ("Output", s.output),
            ("Keterangan", s.keterangan),
        ):
            if value:
                lines.append(f"   {label}: {value}")
    return "\n".join(lines) + "\n"


def render_synonyms(doc: SopDocument) -> str:
    """Other words for the same columns: Kegiatan, Persyaratan, Waktu (menit), Hasil, Ket.;
    waktu written as a bare number of minutes wherever the SOP's waktu is one such value."""
    lines = tab_identity_and_sections(doc)
    perf = performer_headers(doc) or [""]
    top = ["No", "Kegiatan", "Pelaksana", *[""] * (len(perf) - 1), "Mutu Baku", "", "", "Ket."]
    sub = ["", "", *perf, "Persyaratan", "Waktu (menit)", "Hasil", ""]
    lines += ["\t".join(top), "\t".join(sub)]
    lines += [tab_row(doc, s, minutes_value(s)) for s in doc.steps]
    return "\n".join(lines) + "\n"


def page_break_at(doc: SopDocument) -> int:
    """How many steps precede the page break (0: the break falls before the table)."""
    n = len(doc.steps)
    return math.ceil(n / 2) if n >= 2 else 0


def render_page_break(doc: SopDocument) -> str:
    """The two-row table cut by a page break (footer, form feed, header rows repeated)."""
    lines = tab_identity_and_sections(doc)
    cut = page_break_at(doc)
    header = two_row_header(doc)
    rows = [tab_row(doc, s) for s in doc.steps]
    if cut:
        lines += header + rows[:cut]
    lines += ["", "Halaman 1 dari 2", "\f", *header, *rows[cut:]]
    return "\n".join(lines) + "\n"


def render_extra_blank_cells(doc: SopDocument) -> str:
    """The two-row table with stray empty columns, consistently in header and data rows: one
    after No, one between the performers and Mutu Baku, and two trailing ones."""
    lines = tab_identity_and_sections(doc)
    perf = performer_headers(doc) or [""]
    top = ["No", "", "Uraian Kegiatan", "Pelaksana", *[""] * (len(perf) - 1), ""]
    top += ["Mutu Baku", "", "", "Keterangan", "", ""]
    sub = ["", "", "", *perf, "", "Kelengkapan", "Waktu", "Output", "", "", ""]
    lines += ["\t".join(top), "\t".join(sub)]
    for s in doc.steps:
        cells = [text(s.number), "", s.activity, *(mark_cells(doc, s) or [""]), ""]
        cells += [text(s.kelengkapan), s.waktu.raw, text(s.output), text(s.keterangan), "", ""]
        lines.append("\t".join(cells))
    return "\n".join(lines) + "\n"


@dataclass(frozen=True)
class Layout:
    name: str
    render: Callable[[SopDocument], str]
    # Waktu written as bare minutes under a "(menit)" header: compare min/max/unit, not raw.
    waktu_as_minutes: bool = False


LAYOUTS: dict[str, Layout] = {
    layout.name: layout
    for layout in (
        Layout("two_row_tab", render_two_row_tab),
        Layout("single_header", render_single_header),
        Layout("markdown", render_markdown),
        Layout("html", render_html),
        Layout("numbered_list", render_numbered_list),
        Layout("synonyms", render_synonyms, waktu_as_minutes=True),
        Layout("page_break", render_page_break),
        Layout("extra_blank_cells", render_extra_blank_cells),
    )
}


# --------------------------------------------------------------------------------------------
# The corpus and the comparison


@cache
def tenant_org(tenant: str) -> Org:
    return org_for(tenant)  # read once: parsing the org file costs more than an import


@dataclass(frozen=True)
class Sample:
    book: str
    tenant: str
    doc: SopDocument


@cache
def corpus() -> tuple[Sample, ...]:
    """Every SOP of the four books that imported completely (identity block and steps)."""
    return tuple(
        Sample(name, tenant, doc)
        for name, tenant in BOOKS.items()
        for doc in book(name).sops
        if doc.content == "complete" and doc.steps
    )


@dataclass(frozen=True)
class Mismatch:
    kind: str  # the field: "steps", "activity", "waktu", "performers", "sections", ...
    where: str  # "step 3", "dasar_hukum", or "" for the document
    expected: object
    got: object

    def __str__(self) -> str:
        at = f" [{self.where}]" if self.where else ""
        return f"{self.kind}{at}: expected {self.expected!r}, got {self.got!r}"


@dataclass
class SopResult:
    layout: str
    book: str
    sop_id: str
    title: str
    mismatches: list[Mismatch] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # of the re-imported document(s)

    @property
    def agrees(self) -> bool:
        return not self.mismatches

    @property
    def kinds(self) -> set[str]:
        return {m.kind for m in self.mismatches}


STEP_FIELDS = (
    "activity",
    "waktu",
    "kelengkapan",
    "output",
    "keterangan",
    "kind",
    "decision",
    "performer",
    "marks",
)


def step_values(doc: SopDocument, step: Step, waktu_as_minutes: bool) -> dict[str, object]:
    decision = step.decision
    waktu: object = step.waktu.raw
    if waktu_as_minutes and minutes_value(step) is not None:
        waktu = (step.waktu.min, step.waktu.max, step.waktu.unit, "unit_from_header")
    return {
        "activity": step.activity,
        "waktu": waktu,
        "kelengkapan": step.kelengkapan,
        "output": step.output,
        "keterangan": step.keterangan,
        "kind": step.kind,
        "decision": None if decision is None else (decision.yes_target, decision.no_target),
        "performer": header_of(doc, step.performer),
        "marks": {header_of(doc, k): v for k, v in step.marks.items()},
    }


def got_waktu(step: Step, expected: object) -> object:
    """The re-imported waktu in the form it is compared in (see ``step_values``)."""
    if isinstance(expected, tuple):
        w = step.waktu
        return (w.min, w.max, w.unit, "unit_from_header" if w.unit_from_header else "stated")
    return step.waktu.raw


def compare(original: SopDocument, docs: Sequence[SopDocument], layout: Layout) -> list[Mismatch]:
    """Every difference between an SOP and the document(s) imported from its rendering."""
    out: list[Mismatch] = []
    if len(docs) != 1:
        out.append(Mismatch("documents", "", 1, len(docs)))
    if not docs:
        return out
    got = next((d for d in docs if d.identity.nomor_sop is not None), docs[0])
    exp_id, got_id = original.identity, got.identity
    if exp_id.nomor_sop != got_id.nomor_sop:
        out.append(Mismatch("nomor_sop", "", exp_id.nomor_sop, got_id.nomor_sop))
    if exp_id.title != got_id.title:
        out.append(Mismatch("title", "", exp_id.title, got_id.title))
    for name, _ in SECTION_HEADINGS:
        exp_items, got_items = getattr(original.sections, name), getattr(got.sections, name)
        if exp_items != got_items:
            out.append(Mismatch("sections", name, exp_items, got_items))
    if performer_headers(original) != performer_headers(got):
        out.append(Mismatch("performers", "", performer_headers(original), performer_headers(got)))
    if len(original.steps) != len(got.steps):
        out.append(Mismatch("steps", "", len(original.steps), len(got.steps)))
    for exp_step, got_step in zip(original.steps, got.steps, strict=False):
        expected = step_values(original, exp_step, layout.waktu_as_minutes)
        actual = step_values(got, got_step, False)
        actual["waktu"] = got_waktu(got_step, expected["waktu"])
        where = f"step {exp_step.position}"
        for name in STEP_FIELDS:
            if expected[name] != actual[name]:
                out.append(Mismatch(name, where, expected[name], actual[name]))
    return out


def run_sample(layout: Layout, sample: Sample) -> SopResult:
    rendered = layout.render(sample.doc)
    result = import_book(
        rendered.encode("utf-8"),
        book_name=f"{sample.doc.sop_id}_{layout.name}.txt",
        tenant=sample.tenant,
        org=tenant_org(sample.tenant),
    )
    docs = [d for d in result.sops if d.content != "missing"]
    return SopResult(
        layout=layout.name,
        book=sample.book,
        sop_id=sample.doc.sop_id,
        title=sample.doc.title,
        mismatches=compare(sample.doc, docs, layout),
        warnings=[w for d in result.sops for w in d.warnings] + result.warnings,
    )


def run_layout(name: str) -> list[SopResult]:
    layout = LAYOUTS[name]
    return [run_sample(layout, sample) for sample in corpus()]


# --------------------------------------------------------------------------------------------
# Documented ambiguities: (layout, sop_id) -> why the rendering cannot round-trip, and the
# text of the warning the re-imported document must carry for it. Empty to begin with; an
# entry is only acceptable when the importer itself says, in a warning, what it could not tell.


@dataclass(frozen=True)
class Ambiguity:
    reason: str
    warning: str  # a substring of one of the re-imported document's warnings


AMBIGUITIES: dict[tuple[str, str], Ambiguity] = {}
