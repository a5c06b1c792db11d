"""Suggested links for performer columns the importer left unresolved, one test per signal;
and the readiness figure that accepting every suggestion gives.

Each SOP is a tiny book imported with ``import_book`` against a small org, as the real books
are; the headers are the kinds the committed books have ("KPA Kepala Dinas", "PPK",
"Pejabat Eselon IV", "Biro ...", "Tim ...").
"""

from __future__ import annotations

from pathlib import Path

from alur.domain.catalogue.importer.book import import_book
from alur.domain.catalogue.importer.cli import load_org
from alur.domain.catalogue.importer.column_links import (
    ColumnSuggestion,
    org_facts,
    suggest_columns,
)
from alur.domain.catalogue.importer.day_one import apply_suggestions, readiness, suggest_all
from alur.domain.catalogue.importer.model import SopDocument
from alur.domain.catalogue.importer.performers import Org
from alur.domain.catalogue.importer.to_yaml import load_sop_yaml
from alur.domain.catalogue.validation import validate

ROOT = Path(__file__).resolve().parents[3]
ORG = Org(
    units=[
        {"code": "dinas", "name": "Dinas Uji", "kind": "dinas", "parent": None},
        {"code": "sekretariat", "name": "Sekretariat", "kind": "sekretariat", "parent": "dinas"},
        {
            "code": "sub-bagian-keuangan",
            "name": "Sub Bagian Keuangan",
            "kind": "sub_bagian",
            "parent": "sekretariat",
        },
        {"code": "bidang-industri", "name": "Bidang Industri", "kind": "bidang", "parent": "dinas"},
        {
            "code": "seksi-usaha",
            "name": "Seksi Usaha Industri",
            "kind": "seksi",
            "parent": "bidang-industri",
        },
    ],
    positions=[
        {"code": "kepala-dinas", "title": "Kepala Dinas", "kind": "kepala_dinas", "unit": "dinas"},
        {"code": "sekretaris", "title": "Sekretaris", "kind": "sekretaris", "unit": "sekretariat"},
        {
            "code": "kasubbag-keuangan",
            "title": "Kepala Sub Bagian Keuangan",
            "kind": "kasubbag",
            "unit": "sub-bagian-keuangan",
        },
        {
            "code": "staf-keuangan",
            "title": "Staf Sub Bagian Keuangan",
            "kind": "staf",
            "unit": "sub-bagian-keuangan",
        },
        {
            "code": "kabid-industri",
            "title": "Kepala Bidang Industri",
            "kind": "kabid",
            "unit": "bidang-industri",
        },
        {
            "code": "kasi-usaha",
            "title": "Kepala Seksi Usaha Industri",
            "kind": "kasi",
            "unit": "seksi-usaha",
        },
        {
            "code": "staf-usaha",
            "title": "Staf Seksi Usaha Industri",
            "kind": "staf",
            "unit": "seksi-usaha",
        },
    ],
)


def _sop(unit: str, headers: list[str], *, number: str = "01") -> SopDocument:
    text = f"Nomor SOP\t{number}/2024\nNama SOP\tUji {number}\nUnit Kerja\t{unit}\n\n"
    text += "No\tUraian Kegiatan\t" + "\t".join(headers) + "\tKelengkapan\tWaktu\tOutput\n"
    marks = ["[ ]" if i == 0 else "" for i in range(len(headers))]
    for n, header in enumerate(headers, 1):
        cells = "\t".join("[ ]" if h == header else "" for h in headers) or "\t".join(marks)
        text += f"{n}\tLangkah {n} dikerjakan\t{cells}\tBerkas\t10 menit\tHasil {n}\n"
    result = import_book(
        text.encode(), book_name="uji.txt", tenant="uji", org=ORG, book_id=f"uji{number}"
    )
    assert len(result.sops) == 1
    return result.sops[0]


def _suggested(
    doc: SopDocument, header: str, catalogue: list[SopDocument] | None = None
) -> ColumnSuggestion | None:
    key = next(c.key for c in doc.performers if c.header == header)
    assert next(c for c in doc.performers if c.key == key).rule.kind == "unresolved"
    return suggest_columns(doc, ORG, catalogue or []).get(key)


def test_a_role_named_after_the_function_links_to_that_post() -> None:
    doc = _sop("Sub Bagian Keuangan", ["Staf", "KPA Kepala Dinas"])
    got = _suggested(doc, "KPA Kepala Dinas")
    assert got is not None
    assert (got.rule.kind, got.rule.code) == ("position", "kepala-dinas")
    assert any("menyebut Kepala Dinas" in r for r in got.reasons)


def test_echelon_iv_is_the_owning_units_kasi_or_kasubbag() -> None:
    seksi = _sop("Seksi Usaha Industri", ["Staf", "Pejabat Eselon IV"])
    got = _suggested(seksi, "Pejabat Eselon IV")
    assert got is not None
    assert (got.rule.kind, got.rule.position_kind) == (
        "position_of_unit",
        "kasi",
    )
    subbag = _sop("Sub Bagian Keuangan", ["Staf", "Pejabat Eselon IV"], number="02")
    got = _suggested(subbag, "Pejabat Eselon IV")
    assert got is not None
    assert got.rule.position_kind == "kasubbag"
    assert any("eselon IV" in r for r in got.reasons)


def test_a_bureau_or_another_unit_is_an_outside_party() -> None:
    doc = _sop("Seksi Usaha Industri", ["Staf", "Biro Perlengkapan dan Aset"])
    got = _suggested(doc, "Biro Perlengkapan dan Aset")
    assert got is not None
    assert (got.rule.kind, got.rule.party) == ("external", "biro-perlengkapan-dan-aset")
    assert any("pihak di luar" in r for r in got.reasons)


def test_a_team_is_run_by_the_owning_units_staff() -> None:
    doc = _sop("Seksi Usaha Industri", ["Tim Telaah", "Kasi Usaha Industri"])
    got = _suggested(doc, "Tim Telaah")
    assert got is not None
    assert (got.rule.kind, got.rule.position_kind) == (
        "position_of_unit",
        "staf",
    )
    assert got.confidence < 0.5  # a guess from the genre, shown as one


def test_a_compound_header_elsewhere_in_the_office_names_the_post() -> None:
    # Another SOP of the office writes "Kabid/PPK": so "PPK" alone is held by the Kabid.
    other = _sop("Seksi Usaha Industri", ["Staf", "Kabid/PPK"], number="02")
    doc = _sop("Seksi Usaha Industri", ["Staf", "PPK"])
    assert _suggested(doc, "PPK") is None  # nothing in the header itself
    got = _suggested(doc, "PPK", [other])
    assert got is not None
    assert got.rule.position_kind == "kabid"
    assert any("Kabid/PPK" in r and "uji02" in r for r in got.reasons)


def test_a_kind_the_owning_unit_lacks_becomes_the_post_of_the_same_echelon() -> None:
    # A "Kasi" column in a Sub Bagian's SOP: the Sub Bagian has a Kasubbag, not a Kasi.
    doc = _sop("Sub Bagian Keuangan", ["Staf", "Kasi"])
    column = next(c for c in doc.performers if c.header == "Kasi")
    assert column.rule.position_kind == "kasi"
    assert validate(doc, org_facts(ORG))  # refused as imported
    got = suggest_columns(doc, ORG).get(column.key)
    assert got is not None
    assert got.rule.position_kind == "kasubbag"
    assert any("setara" in r for r in got.reasons)


def test_nothing_is_suggested_without_a_signal() -> None:
    doc = _sop("Seksi Usaha Industri", ["Staf", "Koordinator Lapangan Zona"])
    assert _suggested(doc, "Koordinator Lapangan Zona") is None


def test_accepting_marks_columns_and_steps_suggested_and_never_read() -> None:
    doc = _sop("Sub Bagian Keuangan", ["Staf", "KPA Kepala Dinas"])
    steps, columns = suggest_all(doc, ORG, [])
    accepted = apply_suggestions(doc, steps, columns)
    column = next(c for c in accepted.performers if c.header == "KPA Kepala Dinas")
    assert (column.rule.code, column.provenance) == ("kepala-dinas", "suggested")
    # The original is untouched: a suggestion only lands when accepted.
    assert next(c for c in doc.performers if c.header == "KPA Kepala Dinas").rule.kind == (
        "unresolved"
    )
    only_steps = apply_suggestions(doc, steps, columns, column_keys=[])
    assert next(c for c in only_steps.performers if c.header == "KPA Kepala Dinas").rule.kind == (
        "unresolved"
    )


def test_readiness_of_the_committed_catalogues_after_suggestions() -> None:
    """The day-one figure: with no hand edits, accepting every suggestion makes at least 90%
    of each office's SOPs with content runnable (Kaltim 37/37, Lampung 77/85 when written)."""
    for slug in ("kaltim", "lampung"):
        tenant = ROOT / "tenants" / slug
        docs = [
            load_sop_yaml(p.read_text(encoding="utf-8"))
            for p in sorted((tenant / "catalogue").glob("*.yaml"))
        ]
        report = readiness(docs, load_org(tenant / "org.yaml"))
        assert report.runnable_after >= 0.9 * report.with_content, (slug, report.blocked)
        assert report.runnable_before < report.runnable_after
        # What still blocks is named, never silently dropped.
        assert len(report.blocked) == report.with_content - report.runnable_after
