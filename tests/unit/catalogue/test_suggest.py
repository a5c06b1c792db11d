"""Performer suggestions for steps whose flowchart mark was lost, one test per reason family.

Each SOP is a tiny book imported with ``import_book``, as the real books are, with the
performer cells left empty (the mark was lost) unless a test puts one back.
"""

from __future__ import annotations

import math
import time

import msgspec

from alur.domain.catalogue.importer.book import import_book
from alur.domain.catalogue.importer.model import SopDocument
from alur.domain.catalogue.importer.performers import Org
from alur.domain.catalogue.importer.suggest import Suggestion, suggest_performers
from tests.benchmarks.bench_suggestions import accuracy

IDENTITY = "Nomor SOP\t01/2024\nNama SOP\tUji\nTanggal Pembuatan\t2 Januari 2024\n\n"
Row = tuple[str, dict[str, str], str]  # activity, {header: mark}, output


def _sop(headers: list[str], rows: list[Row], *, book_id: str = "uji") -> SopDocument:
    text = IDENTITY + "No\tUraian Kegiatan\t" + "\t".join(headers)
    text += "\tKelengkapan\tWaktu\tOutput\n"
    for n, (activity, marks, output) in enumerate(rows, 1):
        cells = "\t".join(marks.get(h, "") for h in headers)
        text += f"{n}\t{activity}\t{cells}\tBerkas\t10 menit\t{output}\n"
    result = import_book(
        text.encode(), book_name="uji.txt", tenant="uji", org=Org([], []), book_id=book_id
    )
    assert len(result.sops) == 1
    return result.sops[0]


def _column(doc: SopDocument, header: str) -> str:
    return next(p.key for p in doc.performers if p.header == header)


OFFICE = ["Staf", "Kasubbag Umum", "Sekretaris", "Kepala Dinas"]


def test_signing_goes_to_the_highest_rank() -> None:
    doc = _sop(
        OFFICE,
        [
            ("Menyiapkan konsep surat keluar", {}, "Konsep surat"),
            ("Menandatangani surat keluar", {}, "Surat yang ditandatangani"),
        ],
    )
    got = suggest_performers(doc)[2]
    assert got.column == _column(doc, "Kepala Dinas")
    assert any("menandatangani" in r and "pejabat tertinggi" in r for r in got.reasons)


def test_signing_goes_to_the_head_of_a_uptd() -> None:
    # "The highest rank" is relative to the SOP: in a UPTD SOP it is the Kepala UPTD.
    doc = _sop(
        ["Staf", "Kasubag TU", "Kepala UPTD"],
        [("Memeriksa dan menandatangani laporan tahunan", {}, "Laporan")],
    )
    assert suggest_performers(doc)[1].column == _column(doc, "Kepala UPTD")


def test_paraf_and_verifying_go_to_the_middle() -> None:
    doc = _sop(
        ["Staf", "Kasi", "Kepala Dinas"],
        [
            ("Memverifikasi kelengkapan berkas", {}, "Berkas terverifikasi"),
            ("Meneliti dan memberi paraf pada konsep surat", {}, "Paraf"),
        ],
    )
    got = suggest_performers(doc)
    assert got[1].column == got[2].column == _column(doc, "Kasi")
    assert any("pejabat tingkat menengah" in r for r in got[2].reasons)


def test_receiving_and_typing_go_to_staff() -> None:
    doc = _sop(
        OFFICE,
        [
            ("Menerima dan mencatat surat masuk dalam buku agenda", {}, "Agenda"),
            ("Mengetik konsep surat balasan", {}, "Konsep surat"),
        ],
    )
    got = suggest_performers(doc)
    assert got[1].column == got[2].column == _column(doc, "Staf")
    assert any("mencatat" in r and "staf" in r for r in got[1].reasons)


def test_outside_party_starts_the_request_and_receives_the_result() -> None:
    doc = _sop(
        ["Pemohon", "Petugas Pelayanan", "Kasi", "Kepala Dinas"],
        [
            ("Mengajukan permohonan izin dengan melampirkan persyaratan", {}, "Berkas"),
            ("Menerima dan memeriksa kelengkapan berkas", {}, "Tanda terima"),
            ("Menandatangani surat izin", {}, "Surat izin yang ditandatangani"),
            ("Menerima surat izin", {}, "Surat izin"),
        ],
    )
    got = suggest_performers(doc)
    assert got[1].column == got[4].column == _column(doc, "Pemohon")
    assert any("pihak luar" in r for r in got[1].reasons)


def test_hand_over_to_a_role_names_the_next_performer() -> None:
    # Step 2 alone reads like staff work ("menerima"); step 1 hands it to the Kasubbag.
    doc = _sop(
        OFFICE,
        [
            ("Menyusun konsep laporan dan menyerahkan kepada Kasubbag Umum", {}, "Konsep"),
            ("Menerima konsep laporan", {}, "Konsep"),
        ],
    )
    got = suggest_performers(doc)
    assert got[1].column == _column(doc, "Staf")
    assert got[2].column == _column(doc, "Kasubbag Umum")
    assert any("langkah 1 menyerahkan kepada Kasubbag Umum" in r for r in got[2].reasons)


def test_disposition_to_a_kasi_names_the_next_performer() -> None:
    doc = _sop(
        ["Staf", "Kasi", "Kabid", "Kepala Dinas"],
        [
            ("Mendisposisikan surat kepada Kasi", {}, "Disposisi"),
            ("Menerima disposisi dan surat", {}, "Surat"),
        ],
    )
    got = suggest_performers(doc)
    assert got[1].column == _column(doc, "Kabid")  # an order comes from just above the Kasi
    assert got[2].column == _column(doc, "Kasi")


def test_decision_no_branch_returns_to_the_named_role() -> None:
    doc = _sop(
        OFFICE,
        [
            ("Mengetik konsep surat", {}, "Konsep"),
            ("Memperbaiki konsep surat", {}, "Konsep"),
            (
                "Kepala Dinas memeriksa konsep, jika setuju ditandatangani, jika tidak setuju"
                " dikembalikan kepada Kasubbag Umum untuk diperbaiki",
                {},
                "Surat",
            ),
            ("Mengirim surat", {}, "Tanda terima"),
        ],
    )
    decision = doc.steps[2].decision
    assert decision is not None
    assert decision.no_target == 2
    got = suggest_performers(doc)
    assert got[2].column == _column(doc, "Kasubbag Umum")
    assert any("bila tidak disetujui" in r for r in got[2].reasons)
    assert got[3].column == _column(doc, "Kepala Dinas")


def test_role_named_in_the_activity_is_the_doer() -> None:
    doc = _sop(
        OFFICE,
        [
            ("Setelah disetujui, surat diterima oleh Sekretaris untuk diteruskan", {}, "Surat"),
            ("Kemudian Kasubbag Umum memeriksa surat", {}, "Surat"),
        ],
    )
    got = suggest_performers(doc)
    assert got[1].column == _column(doc, "Sekretaris")
    assert got[2].column == _column(doc, "Kasubbag Umum")


def test_read_mark_never_gets_a_suggestion() -> None:
    doc = _sop(
        OFFICE,
        [
            ("Menerima surat masuk", {"Staf": "Mulai"}, "Agenda"),
            ("Menandatangani surat", {}, "Surat"),
        ],
    )
    assert doc.steps[0].provenance["performer"] == "read"
    got = suggest_performers(doc)
    assert set(got) == {2}


def test_catalogue_marks_under_the_same_header_teach_the_column() -> None:
    headers = ["Pengelola Surat", "Pengelola Arsip", "Kepala Dinas"]
    rows: list[Row] = [
        ("Memindai naskah dan menyimpan salinan digital di server", {}, "Salinan digital")
    ]
    doc = _sop(headers, rows)
    alone = suggest_performers(doc)[1]
    marked: list[Row] = [(rows[0][0], {"Pengelola Arsip": "Mulai"}, rows[0][2])]
    other = _sop(headers, marked, book_id="lain")
    got = suggest_performers(doc, catalogue=[other])[1]
    assert alone.column == _column(doc, "Pengelola Surat")  # a tie between two staff columns
    assert got.column == _column(doc, "Pengelola Arsip")
    assert any("SOP" in r for r in got.reasons)
    # The document itself is never its own catalogue.
    assert suggest_performers(doc, catalogue=[doc]) == suggest_performers(doc)


def test_suggestions_never_change_the_document() -> None:
    doc = _sop(
        OFFICE,
        [
            ("Menerima surat masuk", {"Staf": "Mulai"}, "Agenda"),
            ("Kasubbag Umum memeriksa surat", {}, "Paraf"),
            ("Menandatangani surat", {}, "Surat"),
        ],
    )
    other = _sop(OFFICE, [("Menandatangani surat", {"Kepala Dinas": "x"}, "Surat")], book_id="b")
    before = msgspec.json.encode(doc)
    before_other = msgspec.json.encode(other)
    suggest_performers(doc, catalogue=[other])
    assert msgspec.json.encode(doc) == before
    assert msgspec.json.encode(other) == before_other


def test_every_suggestion_is_a_column_with_a_confidence_and_reasons() -> None:
    doc = _sop(
        OFFICE,
        [
            ("Rapat internal", {}, "Notulen"),  # nothing to go on
            ("Menandatangani surat", {}, "Surat"),
        ],
    )
    keys = {p.key for p in doc.performers}
    for got in suggest_performers(doc).values():
        assert isinstance(got, Suggestion)
        assert got.column in keys
        assert 0.0 < got.confidence <= 1.0
        assert got.reasons
        assert all(isinstance(r, str) and r for r in got.reasons)


def test_benchmark_accuracy_runs_for_one_book() -> None:
    # Keeps tests/benchmarks/bench_suggestions.py from rotting; the figure itself is reported
    # by the benchmark, not asserted here.
    start = time.monotonic()
    share = accuracy("001")
    assert isinstance(share, float)
    assert not math.isnan(share)
    assert 0.0 <= share <= 1.0
    assert time.monotonic() - start < 60
