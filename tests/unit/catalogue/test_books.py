"""Per-book counts and the import warnings for the known gaps in the four SOP books."""

from __future__ import annotations

import pytest

from .conftest import BOOKS, book

# (ToC entries, SOPs with some content, body-only SOPs) -- counted by reading each book:
# 000 lists 11 (lines 24-34), 001 lists 10 (lines 17-26), 004 lists 16 (lines 18-33),
# 003's tabular contents list 91 across lines 18-150.
EXPECTED = {
    "000_20d4938a30053410.txt": (11, 11, 0),
    "001_c1d392d4acc0acf2.txt": (10, 10, 0),
    "004_609f3079cfa7c797.txt": (16, 16, 0),
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_kaltim_books_counts(name: str) -> None:
    result = book(name)
    toc, with_content, extra = EXPECTED[name]
    assert len(result.toc) == toc
    assert sum(1 for s in result.sops if s.content != "missing") == with_content
    assert len(result.sops) == toc + extra


def test_every_toc_entry_has_a_document() -> None:
    for name in BOOKS:
        result = book(name)
        listed = [s.toc.position for s in result.sops if s.toc is not None]
        assert listed == list(range(1, len(result.toc) + 1))


def test_lampung_toc_and_gaps() -> None:
    result = book("003_ca0a78af03ad09e5.txt")
    assert len(result.toc) == 91
    by_number = {s.toc.number: s for s in result.sops if s.toc is not None}
    # V.26.1.1.12 (contents line 32) has only a cover page and two stray rows (lines 805-821).
    assert by_number["V.26.1.1.12"].content == "partial"
    # V.26.1.1.6 "Penyusunan Neraca Aset" body (line 511) matches by number and title.
    assert by_number["V.26.1.1.6"].content == "complete"
    # V.26.2.1.1 (Perlindungan Konsumen) is listed but has no body anywhere in the book.
    missing = by_number["V.26.2.1.1"]
    assert missing.content == "missing"
    assert any("tidak ada di buku sumber" in w for w in missing.warnings)
    # V.26.4.2.1 (IUI perubahan, contents line 84): cover page only at lines 4661-4667.
    assert by_number["V.26.4.2.1"].content == "missing"
    # Body "V.26.12.2" (line 1221) vs contents "V.26.1.2.2": a number disagreement warning.
    rkt = by_number["V.26.1.2.2"]
    assert any("Nomor SOP di daftar isi" in w for w in rkt.warnings)
    # Bodies the contents do not list are kept with a warning (e.g. "Kerjasama Industri", 4727).
    extra = [s for s in result.sops if s.toc is None]
    assert extra
    assert all("tidak tercantum di daftar isi" in s.warnings[0] for s in extra)
    assert any(s.title == "Kerjasama Industri" for s in extra)
    # The step tables at the end without an identity block (lines 4699-4720) become drafts.
    orphans = [s for s in extra if s.identity.nomor_sop is None and s.steps]
    assert any("tidak didahului blok identitas" in " ".join(s.warnings) for s in orphans)
    # Title disagreement: contents "Pengelolaan Data Pegawai" vs body "Pengelolaan data kepegawaian".
    pegawai = by_number["V.26.1.1.7"]
    assert any("Judul di daftar isi" in w for w in pegawai.warnings)


def test_kaltim_title_disagreements_warn() -> None:
    # 001 contents line 17 "PENYUSUNAN SIPPD" vs body line 40 "Penyusunan SIPP".
    sipp = book("001_c1d392d4acc0acf2.txt").sops[0]
    assert any("Judul di daftar isi" in w for w in sipp.warnings)
    # 004 SOP 12 (Pemberhentian PNS, lines 441-469) has no "Nama SOP": matched by order.
    pns = book("004_609f3079cfa7c797.txt").sops[11]
    assert pns.content == "complete"
    assert any("berdasarkan urutan" in w for w in pns.warnings)


def test_warning_counts_are_reported_per_book() -> None:
    for name in BOOKS:
        result = book(name)
        assert all(isinstance(w, str) and w for s in result.sops for w in s.warnings)
