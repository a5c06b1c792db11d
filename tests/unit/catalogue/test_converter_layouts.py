"""Books as other text converters leave them, written by an outside reviewer: pdftotext's
space-aligned columns, a pandoc grid table, a pipe table without a number column, a Word
table whose decisions are only questions, Ya/Tidak target columns, contents with dot leaders.
Expected values are read off each text (line numbers cited)."""

from __future__ import annotations

from pathlib import Path

from alur.domain.catalogue.importer.book import import_book
from alur.domain.catalogue.importer.model import BookImport, SopDocument
from alur.domain.catalogue.importer.performers import Org

HERE = Path(__file__).parent / "converters"


def load(name: str) -> BookImport:
    path = HERE / name
    return import_book(path.read_bytes(), book_name=path.name, tenant="lain", org=Org([], []))


def only(name: str) -> SopDocument:
    result = load(name)
    assert len(result.sops) == 1
    return result.sops[0]


def targets(doc: SopDocument) -> dict[int, tuple[int | None, int | None]]:
    return {
        s.position: (s.decision.yes_target, s.decision.no_target)
        for s in doc.steps
        if s.decision is not None
    }


def test_pdftotext_space_aligned_table_with_wrapped_cells() -> None:
    doc = only("disdik_pdftotext_layout.txt")
    # Header line 35, performer names wrapped onto line 36 ("Sekolah", "PTK", "GTK").
    assert [p.header for p in doc.performers] == [
        "Operator Sekolah", "Kasi PTK", "Kabid GTK", "Kadis",
    ]  # fmt: skip
    assert [s.number for s in doc.steps] == ["1", "2", "3", "4", "5"]
    # Lines 37-39: step 1's activity, kelengkapan and output wrap over three lines.
    first = doc.steps[0]
    assert first.activity == "Operator Sekolah menyusun berkas usulan kenaikan pangkat guru"
    assert first.kelengkapan == "DUPAK, SK pangkat terakhir"
    assert first.output == "Berkas usulan"
    assert [s.waktu.raw for s in doc.steps] == [
        "3 hari kerja", "2 hari", "30 mnt", "1 hari", "15 mnt",
    ]  # fmt: skip
    assert doc.steps[1].kind == "decision"  # line 41: "apabila tidak lengkap dikembalikan"
    # The identity beside a logo column (lines 7-17).
    assert doc.identity.nomor_sop == "800/412/DISDIK/2023"
    assert doc.identity.tanggal_efektif.date == "2023-11-01"
    assert doc.identity.disahkan_oleh.nip == "196807031993031008"
    assert doc.title == "Pengusulan Kenaikan Pangkat Guru Sekolah Dasar"


def test_pandoc_grid_table() -> None:
    doc = only("dukcapil_pandoc_grid.txt")
    # Lines 45-46: "Petugas | Loket" and "Operator | SIAK" wrap inside their header cells.
    assert [p.header for p in doc.performers][:3] == [
        "Petugas Loket",
        "Operator SIAK",
        "Kabid Dafduk",
    ]
    assert len(doc.steps) == 5
    assert doc.steps[0].activity == "Petugas Loket menerima formulir F-1.02 dan KK lama"
    assert doc.steps[0].waktu.raw == "10 menit"  # "10" over "menit", lines 48-49
    assert doc.steps[3].waktu.unit == "calendar_hour"  # "1 x 24" over "jam", lines 61-62
    decision = doc.steps[1].decision  # line 52 "Apakah berkas lengkap?" with the labels row 55
    assert decision is not None
    assert (decision.yes_label, decision.no_label) == ("Ya", "Tidak")


def test_pipe_table_without_a_number_column() -> None:
    doc = only("samsat_pipe_no_number.txt")
    # Line 42: "| Kegiatan | Wajib Pajak | Petugas Loket | Korlak | Kasir | ..." and no "No".
    assert [p.header for p in doc.performers] == ["Wajib Pajak", "Petugas Loket", "Korlak", "Kasir"]
    assert len(doc.steps) == 6
    assert doc.steps[0].activity.startswith("Wajib Pajak menyerahkan STNK asli")
    assert doc.steps[0].waktu.raw == "2'"
    assert doc.steps[1].kind == "decision"
    assert doc.steps[-1].kind == "end"


def test_question_decisions_and_branch_notes() -> None:
    doc = only("disdik_word_questions.txt")
    kinds = [s.kind for s in doc.steps]
    # Line 33 "Apakah berkas lengkap?"; line 34 "Data ditemukan? Ya/Tidak" with the note
    # "Tidak ditemukan: proses berhenti"; line 41 "jika ada koreksi dikembalikan ke Kasi".
    assert kinds[1] == kinds[2] == kinds[4] == "decision"
    found = targets(doc)
    assert found[2] == (3, 1)  # "dikembalikan ke pemohon": the Pemohon's step 1
    assert found[3] == (4, None)  # "proses berhenti": the SOP ends on "tidak"
    assert found[5] == (6, 4)  # back to the Kasi's step 4


def test_ya_tidak_columns_give_the_targets() -> None:
    doc = only("dinsos_yatidak_columns.txt")
    # Line 30 "... | Keputusan | | ..." over line 31 "Ya | Tidak"; line 33 holds 3 and 1.
    assert [p.header for p in doc.performers] == [
        "Pendamping PKH", "Operator SIKS-NG", "Kasi Jamsos", "Kadinsos",
    ]  # fmt: skip
    assert targets(doc) == {2: (3, 1)}
    assert not any("tidak tertulis" in w for w in doc.warnings)


def test_contents_with_dot_leaders() -> None:
    result = load("bpbd_contents_dot_leaders.txt")
    # Lines 10-12: "1. SOP Penerimaan Laporan Kejadian Bencana ........ 3".
    assert [t.title for t in result.toc] == [
        "SOP Penerimaan Laporan Kejadian Bencana",
        "SOP Kaji Cepat Dampak Bencana",
        "SOP Distribusi Bantuan Logistik",
    ]
    assert [s.content for s in result.sops] == ["complete", "complete", "missing"]
    first = result.sops[0]
    assert not any("Judul di daftar isi" in w for w in first.warnings)
    found = targets(first)  # "Valid? Ya: lanjut ke langkah 3; Tidak: selesai"
    assert found[2] == (3, None)


def test_contents_table_split_over_a_page_with_its_header_repeated() -> None:
    result = load("dinkes_contents_split.txt")
    # Lines 7 and 11: "No | Nomor SOP | Nama SOP | Hal" twice; entry 4 (line 13) has no body.
    assert [t.number for t in result.toc] == [f"440/0{n}/KESLING/2024" for n in (1, 2, 3, 4)]
    assert result.toc[3].title == "Penanganan Keracunan Pangan"  # the page column is not title
    assert [s.content for s in result.sops] == ["complete", "missing", "complete", "missing"]
    assert len(result.sops) == 4, "the repeated header is not an SOP of its own"


def test_pandoc_escaped_numbers_and_bullets() -> None:
    doc = only("bpn_pandoc_escapes.txt")
    # Line 25: "| 1\. | Mengajukan permohonan ... |": six steps numbered "1\." ... "6\.".
    assert [s.number for s in doc.steps] == ["1", "2", "3", "4", "5", "6"]
    assert doc.identity.nomor_sop == "SOP-07/KANTAH-KLT/2024"  # written "SOP\-07/..."


def test_sub_steps_are_steps() -> None:
    doc = only("inspektorat_substeps.txt")
    # Lines 25-30: "3.1", "3.2" under step 3 and "5a.", "5b." under step 5.
    assert [s.number for s in doc.steps] == ["1", "2", "3", "3.1", "3.2", "4", "5", "5a", "5b"]
    assert doc.steps[-1].kind == "end"
    assert doc.steps[6].kind != "end"
    # Line 27: "Jika tidak sesuai kembali ke no. 3" -> the position of step "3".
    assert targets(doc)[6] == (7, 3)


def test_targets_written_with_arrows_and_abbreviations() -> None:
    doc = only("dlh_caps_targets.txt")
    found = targets(doc)
    assert found[3] == (5, 4)  # line 29: "Ya → 5, Tidak → 4"
    assert found[6] == (7, 5)  # line 32: "Disetujui: ke no. 7; Ditolak: kembali ke no. 5"
    assert doc.steps[4].kind == "decision"  # line 31: "Tidak ← / Ya ↓" in its own cell
    assert doc.steps[4].performer is not None


def test_contents_end_at_the_front_matter() -> None:
    result = load("dishub_book_front_matter.txt")
    # The "BAB I PENDAHULUAN" headings after the contents are not SOPs of their own.
    assert [s.content for s in result.sops] == ["complete", "complete", "complete"]
    assert [t.number for t in result.toc] == [f"551.2/0{n}/DISHUB/2024" for n in (1, 2, 3)]


def test_a_page_header_repeating_the_identity_is_warned() -> None:
    result = load("dlh_repeated_page_header.txt")
    # The kop with "Nomor SOP" repeats mid-table: two bodies, same nomor and title, both warned.
    assert len(result.sops) == 2
    assert all(any("Nomor dan judul SOP sama" in w for w in s.warnings) for s in result.sops)
