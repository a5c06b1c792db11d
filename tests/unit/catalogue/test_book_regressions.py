"""Regressions from the outside review of the committed catalogues, each citing the book line.

Every case was a value the book has that the importer lost without a word, or a structure
it misread (a second decision, an end at a rejection point, arrows taken for performers).
"""

from __future__ import annotations

from alur.domain.catalogue.importer.book import import_book
from alur.domain.catalogue.importer.model import SopDocument
from alur.domain.catalogue.importer.performers import Org

from .conftest import book

KALTIM_004 = "004_609f3079cfa7c797.txt"
KALTIM_001 = "001_c1d392d4acc0acf2.txt"
LAMPUNG = "003_ca0a78af03ad09e5.txt"


def by_position(name: str, position: int) -> SopDocument:
    return next(s for s in book(name).sops if s.toc is not None and s.toc.position == position)


def by_number(number: str) -> SopDocument:
    return next(s for s in book(LAMPUNG).sops if s.toc is not None and s.toc.number == number)


def test_header_with_an_extra_empty_column_keeps_outputs() -> None:
    # 004 line 556: "... Persyaratan/Kelengkapan | Waktu | (empty) | Output" while the rows
    # (558-566) put the output right after waktu, and the top row's "Keterangan" sits over it.
    doc = by_position(KALTIM_004, 15)
    assert [s.output for s in doc.steps][:3] == [
        "Lembar disposisi",
        "Paraf verifikasi",
        "Disposisi",
    ]
    assert all(s.keterangan is None for s in doc.steps)
    # 001 lines 244-254: the same shape in the second half of a split table.
    monev = by_position(KALTIM_001, 6)
    assert monev.steps[13].output == "Koreksi"
    # 004 lines 486-492 (Cuti PNS).
    cuti = by_position(KALTIM_004, 13)
    assert [s.output for s in cuti.steps][:4] == ["Surat", "Surat", "Pemberitahuan", "Surat"]


def test_performer_named_perlengkapan_is_not_the_kelengkapan_column() -> None:
    # 003 line 3572: performer column "BIRO PERLENGKAPAN DAN ASET" before "Kelengkapan/ Peralatan".
    doc = by_number("V.26.7.1.7")
    assert [p.header for p in doc.performers][-1] == "BIRO PERLENGKAPAN DAN ASET"
    assert doc.steps[0].kelengkapan == "- ATK"  # line 3573
    assert doc.steps[0].output == "Tanda terima Barang"
    # 003 line 2740: the same header in UPTD VIII's "Penyusunan Laporan Barang Inventaris".
    twin = by_number("V.26.8.1.13")
    assert [p.header for p in twin.performers][-1] == "BIRO PERLENGKAPAN DAN ASET"
    assert all(s.kelengkapan and s.output for s in twin.steps)


def test_outputs_under_an_unnamed_column_in_other_sops() -> None:
    # 004 line 590 (Surat Keluar), 003 line 3161 (Pengembangan Industri, UPTD VIII) and 003
    # line 3737 (Pemeliharaan Barang Inventaris, UPTD VII): "Waktu | (empty) | Output".
    for doc in (by_position(KALTIM_004, 16), by_number("V.26.8.2.1"), by_number("V.26.7.1.10")):
        assert all(s.output for s in doc.steps), doc.sop_id


def test_row_printed_above_the_header_is_a_step() -> None:
    # 003 line 4010: step 11 of "Penyusunan Laporan Tahunan" is printed before its table
    # header (line 4023); it must be step 11, not text in pencatatan dan pendataan.
    doc = by_number("V.26.7.1.14")
    assert [s.number for s in doc.steps] == [str(n) for n in range(1, 12)]
    last = doc.steps[-1]
    assert last.activity.startswith("Pengiriman Dokumen Laporan Tahunan UPTD")
    assert last.waktu.raw == "1 hari"
    assert last.source_line == 4010
    assert not any("Pengiriman Dokumen" in x for x in doc.sections.pencatatan_pendataan)
    assert any("sebelum kepala tabel" in w for w in doc.warnings)


def test_values_floating_below_the_table() -> None:
    # 004 lines 372-406: the four rows are empty after the activity; kelengkapan, waktu and
    # output follow the table as loose lines ("- Komputer", "1 hari kerja", "Data", ...).
    doc = by_position(KALTIM_004, 10)
    assert [s.waktu.raw for s in doc.steps] == ["1 hari kerja", "1 Jam", "1 Minggu", "1 Minggu"]
    assert [s.output for s in doc.steps] == ["Data", "Tanda Terima", "Data", "SK"]
    assert all(s.provenance["waktu"] == "inferred" for s in doc.steps)
    assert any("di bawah tabel" in w for w in doc.warnings)


def test_sections_end_at_the_flowchart_heading() -> None:
    # 003 lines 1811-1813: peringatan is followed by "**FLOWCHART SOP PENCAIRAN ...**".
    doc = by_number("V.26.1.3.1")
    assert doc.sections.peringatan
    for s in book(LAMPUNG).sops:
        for items in (s.sections.peringatan, s.sections.pencatatan_pendataan):
            assert not any(i.upper().startswith("FLOWCHART") for i in items), s.sop_id


def test_lead_sentence_before_a_list_is_kept() -> None:
    # 004 line 80: "Disimpan sebagai data elektronik ... dalam bentuk : <ol><li>1. ..."
    doc = by_position(KALTIM_004, 2)
    assert doc.sections.pencatatan_pendataan[0].startswith("Disimpan sebagai data elektronik")


def test_decision_mark_is_never_the_end() -> None:
    # 003 line 1822: step 5 "PSPM memeriksa dan menguji SPM, jika disetujui ..., jika ditolak
    # kembali ke Input SPM" has "{ } (Decision) Tidak Ya" and an [End] in another lane.
    doc = by_number("V.26.1.3.1")
    fifth = doc.steps[4]
    assert fifth.kind == "decision"
    assert fifth.decision is not None
    assert fifth.decision.no_target == 4  # "kembali ke Input SPM" = step 4 (line 1821)
    assert doc.steps[-1].kind == "end"


def test_arrows_are_not_performers() -> None:
    # 003 lines 3533-3537 (DUK, UPTD VII): step 3 has "↓" under Kasubag and "[ ]" under
    # Kepala UPTD; the box, not the arrow, is the performer.
    for number in ("V.26.7.1.6", "V.26.8.1.7"):  # and UPTD VIII's copy, lines 2390-2394
        same = by_number(number)
        assert [s.performer for s in same.steps[:3]] == [p.key for p in same.performers[:3]]
    doc = by_number("V.26.7.1.6")
    assert doc.steps[2].performer == "kepala-uptd"
    assert doc.steps[2].provenance["performer"] == "read"
    # 003 line 3534: step 2 has "↓" under Staf and "[ ]" under the Kasubag column.
    assert doc.steps[1].performer == doc.performers[1].key
    assert not any("beberapa kolom" in w for w in doc.warnings)


def test_decision_wordings_are_found() -> None:
    # 003 lines 632, 686, 1436: "..., jika terjadi kesalahan dikembalikan untuk diperbaiki".
    for number, step in (("V.26.1.1.8", "4"), ("V.26.1.1.9", "5"), ("V.26.1.2.5", "4")):
        doc = by_number(number)
        assert next(s for s in doc.steps if s.number == step).kind == "decision", number
    # 003 line 3740: "memberikan Persetujuan atau tidak" (Pemeliharaan Barang Inventaris).
    doc = by_number("V.26.7.1.10")
    assert doc.steps[2].kind == "decision"
    assert sum(1 for d in book(LAMPUNG).sops for s in d.steps if s.kind == "decision") >= 40


def _one(text: str) -> SopDocument:
    result = import_book(text.encode(), book_name="uji.txt", tenant="uji", org=Org([], []))
    assert len(result.sops) == 1
    return result.sops[0]


IDENTITY = "Nomor SOP\t01/2024\nNama SOP\tUji\nTanggal Pembuatan\t2 Januari 2024\n\n"


def test_kegiatan_header_is_a_step_table() -> None:
    doc = _one(
        IDENTITY + "No\tKegiatan\tStaf\tKasi\tPersyaratan\tWaktu\tHasil\tKet.\n"
        "1\tMenerima berkas\tMulai\t\tBerkas\t10 menit\tAgenda\t\n"
        "2\tMemeriksa berkas\t\tx\tAgenda\t5 menit\tParaf\t\n"
        "3\tMengarsipkan\tSelesai\t\tParaf\t5 menit\tArsip\t\n"
    )
    assert [s.activity for s in doc.steps] == [
        "Menerima berkas",
        "Memeriksa berkas",
        "Mengarsipkan",
    ]
    assert [p.header for p in doc.performers] == ["Staf", "Kasi"]
    assert [s.output for s in doc.steps] == ["Agenda", "Paraf", "Arsip"]
    assert not any("tidak memiliki tabel langkah" in w for w in doc.warnings)


def test_lone_label_on_the_next_row_is_not_a_second_decision() -> None:
    doc = _one(
        IDENTITY + "No\tUraian Kegiatan\tPemohon\tKasi\tKelengkapan\tWaktu\tOutput\n"
        "1\tMengajukan permohonan\tMulai\t\tFormulir\t5 menit\tBerkas\n"
        "2\tMemeriksa berkas, jika tidak lengkap dikembalikan\t\t◇\tBerkas\t10 menit\tNota\n"
        "3\tMenandatangani surat\t\tya\tNota\t10 menit\tSurat\n"
        "4\tMenerima surat\tSelesai\t\tSurat\t5 menit\tArsip\n"
    )
    assert [s.kind for s in doc.steps] == ["start", "decision", "process", "end"]
    decision = doc.steps[1].decision
    assert decision is not None
    assert decision.yes_label == "ya"
    assert decision.no_target == 1  # "dikembalikan" to the Pemohon step


def test_unplaceable_cell_is_warned_not_dropped() -> None:
    doc = _one(
        IDENTITY + "No\tUraian Kegiatan\tStaf\tKelengkapan\tWaktu\tOutput\n"
        "1\tMenerima berkas\tMulai\tBerkas\t10 menit\tAgenda\tcatatan lepas\n"
    )
    assert any("catatan lepas" in w for w in doc.warnings)
