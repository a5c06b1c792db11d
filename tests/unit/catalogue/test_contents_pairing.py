"""Pairing the table of contents with the SOP bodies (``book._match``).

An exact title beats a matching number, a body whose title matches never leaves its contents
entry as an empty placeholder, disagreements stay warnings, and the pairing is near-linear.
"""

from __future__ import annotations

import random
import time
from types import SimpleNamespace
from typing import cast

import pytest

from alur.domain.catalogue.importer.book import Body, _match, title_key
from alur.domain.catalogue.importer.model import SopDocument, TocEntry
from alur.domain.catalogue.importer.text import fold

from .conftest import book, book_path

LAMPUNG = "003_ca0a78af03ad09e5.txt"

# UPTD VIII Balai Industri dan Kemasan, Sub Bagian Tata Usaha (contents lines 127-146): from
# entry 8 on, the bodies' own numbers run one behind the contents and two bodies sit out of
# order. contents number -> (contents line, body "Nomor SOP" line, body "Nama SOP" line).
UPTD_VIII = {
    "V.26.8.1.7": (135, 2372, 2377),  # Penyusunan Daftar Urut Kepangkatan; body V.26.8.1.6
    "V.26.8.1.8": (136, 2940, 2945),  # Pembukuan Barang Inventaris; body V.26.8.1.7
    "V.26.8.1.9": (137, 2424, 2429),  # Pembukuan Barang Pakai Habis; body V.26.8.1.8
    "V.26.8.1.10": (138, 2477, 2487),  # Usulan Penghapusan Barang Inventaris; body V.26.8.1.9
    "V.26.8.1.11": (139, 2558, 2578),  # Pemeliharaan Barang Inventaris; body V.26.7.8.10
    "V.26.8.1.12": (140, 2646, 2651),  # Penyusunan Laporan Barang Pakai Habis; body ….11
    "V.26.8.1.13": (141, 2702, 2707),  # Penyusunan Laporan Barang Inventaris; body ….12
    "V.26.8.1.14": (142, 2778, 2783),  # Penyusunan Laporan Mutasi Barang; body ….13
    "V.26.8.1.15": (145, 2854, 2874),  # Penyusunan Laporan Tahunan; body V.26.8.1.14
    "V.26.8.1.16": (146, 2993, 3003),  # Penyusunan Rencana Kerja Anggaran (RKA); body ….15
}


def _by_number() -> dict[str, SopDocument]:
    return {s.toc.number: s for s in book(LAMPUNG).sops if s.toc is not None and s.toc.number}


def test_cited_lines_are_what_the_book_says() -> None:
    lines = book_path(LAMPUNG).read_text(encoding="utf-8").splitlines()
    for number, (toc_line, nomor_line, nama_line) in UPTD_VIII.items():
        title = lines[toc_line - 1].split("\t")[2]
        assert number in lines[toc_line - 1]
        assert "V." in lines[nomor_line - 1]
        assert title_key(title) == title_key(lines[nama_line - 1].replace("Nama SOP", ""))


@pytest.mark.parametrize("number", sorted(UPTD_VIII))
def test_uptd_viii_entries_get_the_body_with_their_title(number: str) -> None:
    doc = _by_number()[number]
    toc_line, _, nama_line = UPTD_VIII[number]
    assert doc.toc is not None
    assert doc.toc.line == toc_line
    assert doc.source.line_start is not None
    assert doc.source.line_end is not None
    assert doc.source.line_start <= nama_line <= doc.source.line_end
    assert doc.content != "missing"
    assert title_key(doc.title) == title_key(doc.toc.title)
    # The number disagreement is not hidden: it stays a warning on the SOP.
    assert any(w.startswith(f"Nomor SOP di daftar isi ('{number}') berbeda") for w in doc.warnings)


def test_uptd_viii_entry_without_a_body_stays_a_placeholder() -> None:
    # Contents line 134, V.26.8.1.6 "Pelayanan Usulan Pengajuan SKP": no body in the book (the
    # body numbered V.26.8.1.6, line 2372, is the DUK one and belongs to line 135).
    skp = _by_number()["V.26.8.1.6"]
    assert skp.content == "missing"
    assert skp.source.line_start is None


def test_pemeliharaan_barang_inventaris_is_not_an_extra_file() -> None:
    # Two contents entries (lines 114 and 139) and two bodies (UPTD VII: Nomor SOP line 3715,
    # Nama SOP line 3725; UPTD VIII: line 2558 "V.26.7.8.10", Nama SOP line 2578).
    docs = [s for s in book(LAMPUNG).sops if fold(s.title) == "pemeliharaan barang inventaris"]
    assert len(docs) == 2
    assert all(s.toc is not None for s in docs)
    uptd_vii = _by_number()["V.26.7.1.10"]
    assert uptd_vii.source.line_start is not None
    assert uptd_vii.source.line_end is not None
    assert uptd_vii.source.line_start <= 3725 <= uptd_vii.source.line_end
    assert uptd_vii.identity.nomor_sop == "V.26.7.1.10"


def test_entry_89_has_its_body() -> None:
    # Contents line 146 (entry 89) "Penyusunan Rencana Kerja Anggaran (RKA)", V.26.8.1.16: the
    # body at line 3003 ("Nama SOP Penyusunan Rencana Kerja Anggaran", numbered V.26.8.1.15).
    entry = book(LAMPUNG).sops[88]
    assert entry.toc is not None
    assert entry.toc.position == 89
    assert entry.toc.line == 146
    assert entry.content == "complete"
    assert entry.identity.nomor_sop == "V.26.8.1.15"


def test_an_extra_file_repeating_a_contents_title_is_a_flagged_duplicate() -> None:
    # Only one body outside the contents has a listed title: "Pelayanan Fasilitasi Sarana
    # Industri pada Sentra IKM" at line 4424 (Nomor SOP "/V.26./SARPRAS.3.2020", line 4419),
    # a second copy of contents entry 53 (line 97), whose own body (V.26.6.3.1) matched.
    result = book(LAMPUNG)
    listed = {title_key(t.title) for t in result.toc}
    repeats = [s for s in result.sops if s.toc is None and title_key(s.title) in listed]
    assert [(s.title, s.source.line_start) for s in repeats] == [
        ("Pelayanan Fasilitasi Sarana Industri pada Sentra IKM", 4405)
    ]
    assert "mungkin duplikat" in repeats[0].warnings[0]
    assert _by_number()["V.26.6.3.1"].identity.nomor_sop == "V.26.6.3.1"


# -- synthetic stand-ins: _match reads only titles and numbers ----------------------------


def _body(title: str | None, number: str | None = None, cover: str | None = None) -> Body:
    identity = SimpleNamespace(title=title, nomor_sop=number)
    return cast(
        Body,
        SimpleNamespace(
            result=SimpleNamespace(identity=identity),
            segment=SimpleNamespace(cover_title=cover),
            title=title or cover,
        ),
    )


def _toc(titles: list[tuple[str | None, str]]) -> list[TocEntry]:
    return [
        TocEntry(position=i, ordinal=str(i), number=n, title=t, section=[], line=i)
        for i, (n, t) in enumerate(titles, 1)
    ]


def test_exact_title_beats_number() -> None:
    toc = _toc([("X.8", "Pembukuan Barang Inventaris"), ("X.9", "Pembukuan Barang Pakai Habis")])
    bodies = [
        _body("Pembukuan Barang Pakai Habis", "X.8"),
        _body("Pembukuan Barang Inventaris", "X.7"),
    ]
    assert _match(toc, bodies) == {1: (1, "title"), 2: (0, "title")}


def test_same_title_twice_is_told_apart_by_number() -> None:
    toc = _toc([("V.1.1", "Pengelolaan Surat Masuk"), ("V.7.1", "Pengelolaan Surat Masuk")])
    bodies = [_body("Pengelolaan surat masuk", "V.7.1"), _body("PENGELOLAAN SURAT MASUK", "V.1.1")]
    assert _match(toc, bodies) == {1: (1, "title"), 2: (0, "title")}


def test_untitled_body_takes_the_one_free_entry_between_its_neighbours() -> None:
    toc = _toc([(None, "Cuti PNS"), (None, "Pemberhentian PNS"), (None, "Kenaikan Pangkat")])
    bodies = [_body("Cuti PNS"), _body(None), _body("Kenaikan Pangkat")]
    assert _match(toc, bodies) == {1: (0, "title"), 2: (1, "order"), 3: (2, "title")}
    # Two free entries between the neighbours: which one is unknown, so neither.
    toc4 = _toc([*((None, t.title) for t in toc[:2]), (None, "Mutasi"), (None, "Kenaikan Pangkat")])
    assert _match(toc4, bodies) == {1: (0, "title"), 4: (2, "title")}


VERBS = ["Penyusunan", "Pengelolaan", "Pelayanan", "Pembinaan", "Pengawasan", "Penerbitan",
         "Pemantauan", "Evaluasi", "Fasilitasi", "Pengadaan"]  # fmt: skip
OBJECTS = ["Surat Masuk", "Laporan Tahunan", "Barang Inventaris", "Data Industri",
           "Izin Usaha", "Sertifikat Mutu", "Anggaran Kegiatan", "Kenaikan Pangkat",
           "Pameran Promosi", "Informasi Publik"]  # fmt: skip
PLACES = ["Sekretariat", "Bidang Industri", "Bidang Perdagangan", "UPTD Kemasan"]


def test_four_hundred_entries_pair_in_well_under_a_second() -> None:
    """400 contents entries and 400 bodies, in a shuffled order, a quarter of the bodies
    numbered one behind: every entry gets its body, fast (all pairs were compared before:
    400 entries took 4.5 s)."""
    rng = random.Random(35)
    titles = [f"{v} {o} {p}" for v in VERBS for o in OBJECTS for p in PLACES]
    assert len(titles) == 400
    toc = _toc([(f"V.26.{i}", t) for i, t in enumerate(titles, 1)])
    order = list(range(400))
    for start in range(0, 400, 40):  # sections kept, order shuffled inside each
        chunk = order[start : start + 40]
        rng.shuffle(chunk)
        order[start : start + 40] = chunk
    bodies = [
        _body(titles[i].upper() if i % 3 else titles[i], f"V.26.{i + 1 - (i % 4 == 0)}")
        for i in order
    ]
    start = time.perf_counter()
    matched = _match(toc, bodies)
    elapsed = time.perf_counter() - start
    assert {pos: order[b] + 1 for pos, (b, _) in matched.items()} == {p: p for p in range(1, 401)}
    assert elapsed < 0.5, f"pairing 400 x 400 took {elapsed:.2f} s"
