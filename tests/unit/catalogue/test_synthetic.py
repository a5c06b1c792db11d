"""A book in a layout none of the real books use must still import with sensible warnings."""

from __future__ import annotations

from alur.domain.catalogue.importer.book import import_book

from .conftest import org_for

BOOK = """\
# DAFTAR SOP

1. Penerbitan Surat Rekomendasi
2. Pengarsipan Dokumen Rekomendasi

PEMERINTAH PROVINSI KALIMANTAN TIMUR
SEKSI PEMBINAAN USAHA INDUSTRI

| Nomor SOP | 099/1/IND/2024 |
| Tanggal Pembuatan | 2 Januari 2024 |
| Tanggal Revisi | - |
| Tanggal Efektif | 1 Februari 2024 |
| Disahkan oleh | Kepala Dinas <u>Budi Santoso, S.T.</u> NIP. 19800101 200501 1 001 |
| Nama SOP | Penerbitan Surat Rekomendasi |

Dasar Hukum

1. Undang-Undang Nomor 3 Tahun 2014 tentang Perindustrian

Peringatan

1. Jika tidak dilakukan, rekomendasi terlambat

| No | Uraian Kegiatan | Pelaksana | | | Mutu Baku | | | Ket |
| | | Pemohon | Kasi | Kadis | Kelengkapan | Waktu | Output | |
| 1 | Pemohon mengajukan permohonan | mulai | | | Formulir | ± 15 menit | Berkas | |
| 2 | Memeriksa berkas, jika tidak lengkap dikembalikan kepada pemohon | | ◇ | | Berkas | 1-2 hari kerja | Nota | |
| 3 | Menandatangani surat rekomendasi | | | selesai | Nota | kondisional | Surat | |
"""


def test_markdown_book_imports_with_warnings() -> None:
    result = import_book(
        BOOK.encode(), book_name="900_synthetic.txt", tenant="kaltim", org=org_for("kaltim")
    )
    assert len(result.toc) == 2
    first, second = result.sops
    assert first.content == "complete"
    assert first.identity.nomor_sop == "099/1/IND/2024"
    assert first.identity.tanggal_pembuatan.date == "2024-01-02"
    assert first.identity.disahkan_oleh.nip == "198001012005011001"
    assert first.unit.unit_code == "seksi-pembinaan-usaha-industri"
    assert [p.rule.kind for p in first.performers] == ["external", "position_of_unit", "position"]
    assert [s.kind for s in first.steps] == ["start", "decision", "end"]
    assert first.steps[0].waktu.approximate
    assert first.steps[1].waktu.hari_kerja
    assert first.steps[1].performer == "kasi"
    assert first.steps[2].waktu.category == "conditional"
    assert first.sections.dasar_hukum == ["Undang-Undang Nomor 3 Tahun 2014 tentang Perindustrian"]
    assert second.content == "missing"
    assert second.title == "Pengarsipan Dokumen Rekomendasi"
    assert any("tidak ada di buku sumber" in w for w in second.warnings)
