"""Step tables checked against values read by hand from the books (line numbers cited)."""

from __future__ import annotations

from alur.domain.catalogue.importer.model import SopDocument

from .conftest import book


def sop(name: str, position: int) -> SopDocument:
    return next(s for s in book(name).sops if s.toc is not None and s.toc.position == position)


def waktu(doc: SopDocument) -> list[tuple[float | None, float | None, str | None]]:
    return [(s.waktu.min, s.waktu.max, s.waktu.unit) for s in doc.steps]


def test_000_verifikasi_teknis() -> None:
    # 000 lines 59-69: eight steps, step 4 "Menerima/ menolak / mengembalikan" is a decision.
    doc = sop("000_20d4938a30053410.txt", 1)
    assert len(doc.steps) == 8
    assert [s.waktu.raw for s in doc.steps] == [
        "10 menit", "10 menit", "3 jam", "10 menit", "1-2 hari", "3-4 hari", "1-3 hari", "2 jam",
    ]  # fmt: skip
    assert waktu(doc)[4] == (1, 2, "working_day")
    assert [s.output for s in doc.steps] == ["Data"] * 4 + ["SPT"] + ["Data"] * 3
    assert [s.kind for s in doc.steps].count("decision") == 1
    assert doc.steps[3].kind == "decision"


def test_000_skipped_step_number() -> None:
    # 000 lines 127-133: numbered 1, 2, 4, 5, 6, 7, 8 (no 3).
    doc = sop("000_20d4938a30053410.txt", 3)
    assert [s.number for s in doc.steps] == ["1", "2", "4", "5", "6", "7", "8"]
    assert waktu(doc)[0] == (10, 10, "working_day")
    assert waktu(doc)[3] == (1, 2, "hour")
    assert any("melompat dari 2 ke 4" in w for w in doc.warnings)


def test_000_repeated_step_number_and_external_column() -> None:
    # 000 lines 377-387: columns IKM, Jafung/Pelaksana, Kabid, Kadis; step 5 appears twice.
    doc = sop("000_20d4938a30053410.txt", 9)
    assert [s.number for s in doc.steps] == ["1", "2", "3", "4", "5", "5", "6", "7"]
    assert doc.steps[6].waktu.raw == "1-7 Hari"
    assert doc.performers[0].rule.kind == "external"
    assert any("muncul lebih dari sekali" in w for w in doc.warnings)


def test_000_shifted_columns() -> None:
    # 000 lines 414-422: kelengkapan/waktu/output sit under the Kasi/Kabid/Kadis columns.
    doc = sop("000_20d4938a30053410.txt", 10)
    assert len(doc.steps) == 7
    assert doc.steps[1].waktu.raw == "1-2 Hari"
    assert doc.steps[1].output == "Berkas / arsip data kegiatan yang telah dilaksanakan"
    assert doc.steps[6].waktu.raw == "3 Jam"
    assert doc.steps[0].waktu.category == "blank"


def test_001_sippd() -> None:
    # 001 lines 50-59: ten steps, 15/15/30/15/15 menit, 5/5/1 jam, 30/15 menit.
    doc = sop("001_c1d392d4acc0acf2.txt", 1)
    assert len(doc.steps) == 10
    assert waktu(doc) == [
        (15, 15, "minute"), (15, 15, "minute"), (30, 30, "minute"), (15, 15, "minute"),
        (15, 15, "minute"), (5, 5, "hour"), (5, 5, "hour"), (1, 1, "hour"),
        (30, 30, "minute"), (15, 15, "minute"),
    ]  # fmt: skip
    assert doc.steps[0].output == "Disposisi"
    assert doc.steps[9].output == "Berita acara"


def test_001_monev_split_table_and_text_decisions() -> None:
    # 001 lines 231-254: the table breaks after step 13 and resumes at 14 (line 247).
    # Steps 12 and 13 say "Jika setuju ... jika tidak mengembalikan ..." -> decisions.
    doc = sop("001_c1d392d4acc0acf2.txt", 6)
    assert [s.number for s in doc.steps] == [str(n) for n in range(1, 20)]
    assert doc.steps[11].kind == "decision"
    assert doc.steps[12].kind == "decision"
    assert doc.steps[12].decision is not None
    assert doc.steps[12].decision.yes_target == 14
    assert doc.steps[9].waktu.raw == "3 hari"
    # Step 1's "mulai" mark sits in the Sekretaris column (line 233).
    assert doc.steps[0].performer == "sekretaris"
    assert doc.steps[0].provenance["performer"] == "read"


def test_004_surat_keluar_marks() -> None:
    # 004 lines 592-599: "Perbaiki"/"Setuju" and "Perbaiki"/"Tanda tangan" marks.
    doc = sop("004_609f3079cfa7c797.txt", 16)
    assert len(doc.steps) == 8
    assert [s.kind for s in doc.steps[1:4]] == ["decision"] * 3
    second = doc.steps[1]
    assert second.performer == "kepala-bidang-uptd"
    assert second.decision is not None
    assert second.decision.yes_label == "Setuju"
    assert second.decision.no_label == "Perbaiki"
    assert doc.steps[3].performer == "kepala-dinas"
    assert [s.waktu.raw for s in doc.steps[:7]] == [
        "15 Menit", "5 Menit", "5 Menit", "5 Menit", "2 Menit", "5 Menit", "2 Menit",
    ]  # fmt: skip


def test_004_surat_masuk_per_item() -> None:
    # 004 lines 555-566: "5 Menit per surat", "3 - 5 Menit per surat"; last step numbered 5.
    doc = sop("004_609f3079cfa7c797.txt", 15)
    assert len(doc.steps) == 9
    first = doc.steps[0].waktu
    assert (first.min, first.max, first.unit, first.per_item) == (5, 5, "minute", "surat")
    third = doc.steps[2].waktu
    assert (third.min, third.max, third.per_item) == (3, 5, "surat")
    assert doc.steps[8].number == "5"


def test_003_surat_keluar_marks() -> None:
    # 003 lines 274-279: [Start] in Staf (step 1), [ ] marks, [End] in Staf (step 6).
    doc = sop("003_ca0a78af03ad09e5.txt", 2)
    assert len(doc.steps) == 6
    assert doc.steps[0].kind == "start"
    assert doc.steps[0].provenance["kind"] == "read"
    assert doc.steps[5].kind == "end"
    assert doc.steps[0].performer == "staf"
    assert [s.waktu.raw for s in doc.steps] == [
        "10 menit", "5 menit", "30 menit", "10 menit", "30 menit", "1 jam",
    ]  # fmt: skip
    assert doc.steps[3].output == "Adanya nomor keluar"


def test_003_bare_minutes_from_header() -> None:
    # 003 lines 1132-1147: "WAKTU (menit)" header, bare numbers 15, -, -, 180, 30, 60, 120 ...
    doc = sop("003_ca0a78af03ad09e5.txt", 18)
    assert len(doc.steps) == 11
    first = doc.steps[0].waktu
    assert (first.min, first.unit, first.unit_from_header) == (15, "minute", True)
    assert doc.steps[3].waktu.min == 180
    assert doc.steps[1].waktu.category == "blank"
    assert doc.steps[0].kind == "start"
    assert doc.steps[10].kind == "end"


def test_003_no_number_header() -> None:
    # 003 lines 4159-4175: header starts at "Uraian Prosedur"; 14 steps, all "menit"/"jam".
    doc = next(
        s for s in book("003_ca0a78af03ad09e5.txt").sops if s.identity.nomor_sop == "V.26.7.2.1"
    )
    assert len(doc.steps) == 14
    assert doc.steps[3].waktu.raw == "3 jam"
    assert doc.steps[6].waktu.raw == "4 jam"
    assert doc.steps[0].output == "Disposisi"
