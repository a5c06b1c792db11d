"""SOP AP books from other kinds of offices, in layouts the four tuned books do not use.

The books under ``offices/`` were written by hand in the genre (Kantor Kemenag, Kelurahan,
Puskesmas, BKPSDM, Dinas Kesehatan, Kecamatan). Every expected value below was read from the
book text -- the comments cite the lines -- and never copied from importer output. The org is
empty, so performer columns stay unresolved with a warning; that is expected and not tested.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import msgspec
import pytest

from alur.domain.catalogue.importer.book import import_book
from alur.domain.catalogue.importer.model import BookImport, SopDocument, Step, Waktu
from alur.domain.catalogue.importer.performers import Org

OFFICES = Path(__file__).parent / "offices"


@dataclass(frozen=True)
class W:
    """Expected waktu. ``unit`` None and ``category`` None: a unit the parser does not know yet
    (detik, x24 jam, hari kalender, T.A): only the raw text and "not unparsed" are checked."""

    raw: str
    min: float | None = None
    max: float | None = None
    unit: str | None = None
    from_header: bool = False
    category: str | None = None


@dataclass(frozen=True)
class Row:
    activity: str
    kelengkapan: str | None
    waktu: W
    output: str | None
    keterangan: str | None = None


@dataclass(frozen=True)
class Expected:
    book: str
    index: int  # which SOP of the book (0 for single-SOP books)
    nomor_sop: str
    title: str
    pembuatan: str
    efektif: str
    signer_name: str
    signer_nip: str
    unit: str
    dasar_hukum: list[str]
    peralatan: list[str]
    headers: list[str]
    rows: list[Row]
    kinds: list[str]
    # step position -> (yes target, no target); None means the branch ends the SOP
    decisions: dict[int, tuple[int | None, int | None]]
    # step position -> header of the performer column whose cell carries a mark
    performers: dict[int, str] = field(default_factory=dict)


def _m(raw: str, low: float, high: float | None = None) -> W:
    return W(raw, low, low if high is None else high, "minute")


def _d(raw: str, n: float) -> W:
    return W(raw, n, n, "working_day")


def _h(raw: str, n: float) -> W:
    return W(raw, n, n, "hour")


def _hdr(n: float) -> W:
    """A bare number under a "Waktu (menit)" header."""
    return W(str(n), n, n, "minute", from_header=True)


# --- 1. Kantor Kementerian Agama: "Key : Value" identity, tab table with a two-row header ---
KEMENAG = Expected(
    book="kemenag_legalisir_ijazah.txt",
    index=0,
    nomor_sop="Kk.12.04/2/PP.00/017/2024",  # line 9
    title="Pelayanan Legalisir Ijazah Madrasah",  # line 19
    pembuatan="2024-01-02",  # line 10: "2 Januari 2024"
    efektif="2024-01-15",  # line 12: "15 Januari 2024"
    signer_name="Drs. H. AHMAD FAUZAN, M.Pd.I",  # line 17 (line 15 is "ttd", not a name)
    signer_nip="196805121994031002",  # line 18: "NIP. 19680512 199403 1 002"
    unit="Seksi Pendidikan Madrasah",  # line 20: "Unit Kerja : Seksi Pendidikan Madrasah"
    dasar_hukum=[  # lines 23-26
        "Undang-Undang Nomor 20 Tahun 2003 tentang Sistem Pendidikan Nasional",
        "Undang-Undang Nomor 25 Tahun 2009 tentang Pelayanan Publik",
        "Peraturan Menteri Agama Nomor 19 Tahun 2019 tentang Organisasi dan Tata Kerja"
        " Instansi Vertikal Kementerian Agama",
        "Keputusan Menteri Agama Nomor 91 Tahun 2021 tentang Standar Pelayanan pada"
        " Pelayanan Terpadu Satu Pintu Kementerian Agama",
    ],
    peralatan=["Komputer dan printer", "Stempel dinas", "Buku agenda legalisir"],  # lines 38-40
    # line 49: second header row; "Kegiatan" (not "Uraian Kegiatan") heads the activity column
    headers=["Pemohon", "Petugas PTSP", "Kasi Pendidikan Madrasah", "Kepala Kantor"],
    rows=[
        # line 50
        Row(
            "Pemohon menyerahkan fotokopi ijazah dan menunjukkan ijazah asli di loket PTSP",
            "Fotokopi ijazah, ijazah asli, KTP pemohon",
            _m("5 menit", 5),
            "Berkas permohonan",
        ),
        # line 51
        Row(
            "Petugas PTSP mencocokkan fotokopi dengan ijazah asli; jika tidak sesuai berkas"
            " dikembalikan kepada pemohon",
            "Berkas permohonan",
            _m("10 menit", 10),
            "Berkas terverifikasi",
        ),
        # line 52
        Row(
            "Petugas PTSP mencatat permohonan dalam buku agenda legalisir dan meneruskan berkas"
            " kepada Kasi Pendidikan Madrasah",
            "Buku agenda legalisir",
            _m("5 menit", 5),
            "Berkas teragenda",
        ),
        # line 53
        Row(
            "Kasi Pendidikan Madrasah meneliti dan memaraf fotokopi ijazah",
            "Berkas teragenda",
            _m("15 - 30 menit", 15, 30),
            "Fotokopi ijazah berparaf",
        ),
        # line 54
        Row(
            "Kepala Kantor menandatangani legalisir fotokopi ijazah",
            "Fotokopi ijazah berparaf",
            _d("1 hari", 1),
            "Fotokopi ijazah terlegalisir",
            "Dapat diwakilkan kepada Kasubbag TU apabila Kepala Kantor berhalangan",
        ),
        # line 55
        Row(
            "Petugas PTSP membubuhkan stempel dan mencatat pengambilan dalam buku agenda",
            "Stempel dinas, buku agenda legalisir",
            _m("10 menit", 10),
            "Legalisir ijazah siap diserahkan",
        ),
        # line 56
        Row(
            "Pemohon menerima legalisir ijazah dan menandatangani tanda terima",
            "Tanda terima",
            _m("5 menit", 5),
            "Legalisir ijazah",
            "Tanpa biaya (Rp0,-)",
        ),
    ],
    # line 50 "[Start]", line 51 "◇" (with "tidak" towards Pemohon), line 56 "[End]"
    kinds=["start", "decision", "process", "process", "process", "process", "end"],
    # line 51: "jika tidak sesuai berkas dikembalikan kepada pemohon" -> step 1 (Pemohon)
    decisions={2: (3, 1)},
    # marks: line 50 "[Start]", line 51 "◇" under Petugas PTSP, line 54 "x", line 56 "[End]"
    performers={1: "Pemohon", 2: "Petugas PTSP", 5: "Kepala Kantor", 7: "Pemohon"},
)

# --- 2. Kelurahan: markdown identity table, one-row pipe step table, "Waktu (menit)" ---
KELURAHAN = Expected(
    book="kelurahan_domisili.txt",
    index=0,
    nomor_sop="470/07/KEL-SKG/2024",  # line 9
    title="Pelayanan Surat Keterangan Domisili",  # line 14
    pembuatan="2024-02-05",  # line 10: "05/02/2024" (day/month/year)
    efektif="2024-09-02",  # line 12: "02/09/2024"
    signer_name="RINA MARLINA, S.Sos.",  # line 13, between <br> and ** emphasis
    signer_nip="197903212008012011",  # line 13: "NIP. 19790321 200801 2 011"
    unit="Kelurahan Sukagalih",  # line 15: "| Unit Pelaksana | Kelurahan Sukagalih |"
    dasar_hukum=[  # lines 19-21
        "Undang-Undang Nomor 23 Tahun 2014 tentang Pemerintahan Daerah",
        "Undang-Undang Nomor 24 Tahun 2013 tentang Perubahan atas Undang-Undang Nomor 23"
        " Tahun 2006 tentang Administrasi Kependudukan",
        "Peraturan Pemerintah Nomor 17 Tahun 2018 tentang Kecamatan",
    ],
    peralatan=[  # lines 34-36
        "Komputer dan printer",
        "Aplikasi layanan kelurahan",
        "Buku register surat keterangan",
    ],
    headers=["Pemohon", "Staf Pelayanan", "Sekretaris Lurah", "Lurah"],  # line 46
    rows=[
        # line 48
        Row(
            "Pemohon menyerahkan surat pengantar RT/RW beserta persyaratan kepada Staf Pelayanan",
            "Surat pengantar RT/RW, fotokopi KTP, fotokopi KK",
            _hdr(5),
            "Berkas permohonan",
        ),
        # line 49 (line 50 is the "Tidak | Ya" label row of this decision, not a step)
        Row(
            "Memeriksa kelengkapan berkas; jika tidak lengkap dikembalikan kepada pemohon",
            "Berkas permohonan",
            _hdr(10),
            "Berkas lengkap",
        ),
        # line 51
        Row(
            "Staf Pelayanan mengentri data pemohon dan mencetak konsep Surat Keterangan Domisili",
            "Berkas lengkap, aplikasi layanan kelurahan",
            _hdr(15),
            "Konsep surat",
        ),
        # line 52
        Row(
            "Sekretaris Lurah memeriksa dan memaraf konsep surat",
            "Konsep surat",
            _hdr(10),
            "Konsep surat berparaf",
        ),
        # line 53
        Row(
            "Lurah menandatangani Surat Keterangan Domisili",
            "Konsep surat berparaf",
            _hdr(5),
            "Surat Keterangan Domisili",
            "Apabila Lurah berhalangan ditandatangani Sekretaris Lurah a.n. Lurah",
        ),
        # line 54
        Row(
            "Staf Pelayanan memberi nomor dan stempel serta mencatat dalam buku register",
            "Buku register surat keterangan",
            _hdr(5),
            "Surat bernomor dan tercatat",
        ),
        # line 55
        Row(
            "Pemohon menerima Surat Keterangan Domisili",
            "KTP asli pemohon",
            _hdr(2),
            "Surat Keterangan Domisili",
            "Tidak dipungut biaya",
        ),
    ],
    kinds=["start", "decision", "process", "process", "process", "process", "end"],
    # line 49: "jika tidak lengkap dikembalikan kepada pemohon" -> step 1; line 50 "Ya" -> 3
    decisions={2: (3, 1)},
    # line 48 "Mulai", line 49 "◇" under Staf Pelayanan, line 53 "√", line 55 "Selesai"
    performers={1: "Pemohon", 2: "Staf Pelayanan", 5: "Lurah", 7: "Pemohon"},
)

# --- 3. Puskesmas: HTML tables, two header rows with rowspan/colspan, one <td> per line ---
PUSKESMAS = Expected(
    book="puskesmas_rujukan.txt",
    index=0,
    nomor_sop="445/027/SOP-UKP/2023",  # line 6, after the rowspan logo cell
    title="Pelayanan Rujukan Pasien",  # line 11
    pembuatan="2023-03-10",  # line 7
    efektif="2024-01-15",  # line 9
    signer_name="dr. DEWI KARTIKASARI, M.Kes",  # line 10, inside <u>
    signer_nip="198306142010012015",  # line 10
    unit="Ruang Pemeriksaan Umum",  # line 12: "<td>Unit</td><td>Ruang Pemeriksaan Umum</td>"
    dasar_hukum=[  # line 16, <ol><li> items of the first cell
        "Undang-Undang Nomor 17 Tahun 2023 tentang Kesehatan",
        "Peraturan Menteri Kesehatan Nomor 001 Tahun 2012 tentang Sistem Rujukan Pelayanan"
        " Kesehatan Perorangan",
        "Peraturan Menteri Kesehatan Nomor 43 Tahun 2019 tentang Pusat Kesehatan Masyarakat",
    ],
    peralatan=[  # line 18, second cell
        "Komputer dengan jaringan internet",
        "Aplikasi P-Care dan SISRUTE",
        "Formulir rujukan",
        "Tensimeter dan termometer",
    ],
    headers=["Pasien/Keluarga", "Perawat", "Dokter", "Petugas Rujukan"],  # lines 32-35
    rows=[
        # lines 43-52
        Row(
            "Pasien/keluarga mendaftar di loket pendaftaran dengan menunjukkan kartu JKN/KIS"
            " dan KTP",
            "Kartu JKN/KIS, KTP",
            _m("5 menit", 5),
            "Rekam medis pasien",
        ),
        # lines 55-64
        Row(
            "Perawat melakukan anamnesis dan memeriksa tanda-tanda vital pasien",
            "Rekam medis, tensimeter, termometer",
            _m("10 menit", 10),
            "Hasil pemeriksaan tanda vital",
        ),
        # lines 67-76
        Row(
            "Dokter memeriksa pasien dan menentukan indikasi rujukan; jika tidak ada indikasi"
            " rujukan, pasien mendapat terapi di Puskesmas dan dilanjutkan ke langkah 8",
            "Rekam medis, hasil pemeriksaan tanda vital",
            _m("15 menit", 15),
            "Diagnosis dan keputusan rujukan",
        ),
        # lines 79-88
        Row(
            "Dokter menjelaskan alasan rujukan kepada pasien/keluarga dan meminta persetujuan"
            " rujukan",
            "Formulir persetujuan tindakan",
            _m("5 menit", 5),
            "Lembar persetujuan rujukan",
        ),
        # lines 91-100: "30 detik" (seconds: unit not known yet)
        Row(
            "Petugas Rujukan memverifikasi status kepesertaan JKN pasien melalui aplikasi P-Care",
            "Aplikasi P-Care",
            W("30 detik"),
            "Status kepesertaan aktif",
        ),
        # lines 103-112
        Row(
            "Petugas Rujukan membuat surat rujukan dan menghubungi rumah sakit tujuan melalui"
            " SISRUTE",
            "Aplikasi P-Care dan SISRUTE, formulir rujukan",
            _m("10-15 menit", 10, 15),
            "Surat rujukan dan konfirmasi rumah sakit tujuan",
        ),
        # lines 115-124: "1x24 jam" (not known yet)
        Row(
            "Petugas Rujukan memantau jawaban rumah sakit tujuan pada aplikasi SISRUTE",
            "Aplikasi SISRUTE",
            W("1x24 jam"),
            "Jawaban rumah sakit tujuan",
            "Pasien gawat darurat dirujuk tanpa menunggu jawaban",
        ),
        # lines 127-136
        Row(
            "Pasien/keluarga menerima surat rujukan atau resep obat dan meninggalkan Puskesmas",
            "Surat rujukan atau resep",
            _m("5 menit", 5),
            "Pasien terlayani",
        ),
    ],
    # check marks only (no flowchart words): first is start, last is end, line 68 a decision
    kinds=["start", "process", "decision", "process", "process", "process", "process", "end"],
    # line 68: "jika tidak ada indikasi rujukan ... dilanjutkan ke langkah 8"
    decisions={3: (4, 8)},
    # "√" at lines 45, 71, 83, 108, 129
    performers={
        1: "Pasien/Keluarga",
        3: "Dokter",
        4: "Dokter",
        6: "Petugas Rujukan",
        8: "Pasien/Keluarga",
    },
)

# --- 4. BKPSDM: label line / value line identity, no step table but a numbered list ---
BKPSDM = Expected(
    book="bkpsdm_cuti_tahunan.txt",
    index=0,
    nomor_sop="800.1.11.4/017/BKPSDM/2024",  # lines 7-8
    title="Pelayanan Cuti Tahunan Pegawai Negeri Sipil",  # lines 24-25
    pembuatan="2024-01-03",  # lines 10-11: "3 Januari 2024"
    efektif="2024-03-01",  # lines 16-17: "1 Maret 2024"
    signer_name="SRI HANDAYANI, S.H., M.Si.",  # line 21
    signer_nip="197008171990032004",  # line 22
    unit="Bidang Mutasi dan Kesejahteraan Pegawai",  # lines 27-28
    dasar_hukum=[  # lines 31-34, under "A. Dasar Hukum"
        "Undang-Undang Nomor 20 Tahun 2023 tentang Aparatur Sipil Negara",
        "Peraturan Pemerintah Nomor 11 Tahun 2017 tentang Manajemen Pegawai Negeri Sipil",
        "Peraturan Badan Kepegawaian Negara Nomor 24 Tahun 2017 tentang Tata Cara Pemberian"
        " Cuti Pegawai Negeri Sipil",
    ],
    peralatan=["Komputer dan printer", "Aplikasi SIMPEG", "Buku catatan cuti"],  # lines 45-47
    # no table: the performers are the "Pelaksana:" values in order of first appearance
    headers=["Pegawai", "Atasan Langsung", "Pengelola Kepegawaian", "Kepala BKPSDM"],
    rows=[
        # line 57; the activity is the sentence before the "(Pelaksana: ...)" parenthesis
        Row(
            "Pegawai mengisi formulir permohonan cuti tahunan dan menyampaikannya kepada"
            " atasan langsung",
            "Formulir permohonan cuti",
            _d("1 hari", 1),
            "Formulir permohonan cuti terisi",
        ),
        # line 58
        Row(
            "Atasan langsung memberikan pertimbangan atas permohonan cuti",
            "Formulir permohonan cuti terisi",
            _d("1 hari", 1),
            "Formulir cuti berpertimbangan",
        ),
        # line 59
        Row(
            "Pengelola Kepegawaian memverifikasi sisa hak cuti tahunan dan kelengkapan berkas",
            "Buku catatan cuti, aplikasi SIMPEG",
            _m("30 menit", 30),
            "Berkas terverifikasi",
        ),
        # line 60: "5 (lima) hari kerja" -- the number spelled out in brackets
        Row(
            "Kepala BKPSDM memutuskan permohonan cuti disetujui / ditolak, apabila ditolak"
            " proses selesai dan alasan penolakan dituliskan pada formulir",
            "Berkas terverifikasi",
            _d("5 (lima) hari kerja", 5),
            "Keputusan atas permohonan cuti",
        ),
        # line 61
        Row(
            "Pengelola Kepegawaian menyusun konsep surat izin cuti tahunan",
            "Keputusan atas permohonan cuti",
            _h("1 jam", 1),
            "Konsep surat izin cuti",
        ),
        # line 62
        Row(
            "Kepala BKPSDM menandatangani surat izin cuti tahunan",
            "Konsep surat izin cuti",
            _d("1 hari", 1),
            "Surat izin cuti tahunan",
        ),
        # line 63: no "Kelengkapan:"; "14 hari kalender" (calendar days: not known yet)
        Row(
            "Pegawai menerima surat izin cuti dan melaksanakan cuti tahunan",
            None,
            W("14 hari kalender"),
            "Cuti tahunan terlaksana",
            "Cuti tahunan paling lama 12 hari kerja dalam satu tahun",
        ),
    ],
    kinds=["start", "process", "process", "decision", "process", "process", "end"],
    # line 60: "apabila ditolak proses selesai" -> the no branch ends the SOP
    decisions={4: (5, None)},
    performers={  # "Pelaksana:" of lines 57-63
        1: "Pegawai",
        2: "Atasan Langsung",
        3: "Pengelola Kepegawaian",
        4: "Kepala BKPSDM",
        5: "Pengelola Kepegawaian",
        6: "Kepala BKPSDM",
        7: "Pegawai",
    },
)

# --- 5. Dinas Kesehatan: "key<TAB>:<TAB>value" identity, Prosedur/Keluaran table split ---
DINKES = Expected(
    book="dinkes_izin_praktik.txt",
    index=0,
    nomor_sop="440/2187/438.5.2/2023",  # line 7
    title="Penerbitan Rekomendasi Surat Izin Praktik Tenaga Kesehatan",  # line 14
    pembuatan="2023-07-17",  # line 8: "17-07-2023"
    efektif="2023-08-01",  # line 10: "01-08-2023"
    signer_name="dr. HARYO WIBISONO, M.Kes",  # line 12
    signer_nip="197204052002121006",  # line 13
    unit="BIDANG SUMBER DAYA KESEHATAN",  # line 15
    dasar_hukum=[  # lines 18-20, "- " bullets under "DASAR HUKUM"
        "Undang-Undang Nomor 17 Tahun 2023 tentang Kesehatan",
        "Peraturan Menteri Kesehatan Nomor 2052/MENKES/PER/X/2011 tentang Izin Praktik dan"
        " Pelaksanaan Praktik Kedokteran",
        "Peraturan Menteri Kesehatan Nomor 26 Tahun 2018 tentang Pelayanan Perizinan Berusaha"
        " Terintegrasi Secara Elektronik Sektor Kesehatan",
    ],
    peralatan=[  # lines 30-32
        "Komputer dan jaringan internet",
        "Instrumen visitasi tempat praktik",
        "Kendaraan operasional",
    ],
    headers=["Pemohon", "Staf Seksi SDK", "Kasi SDK", "Kabid SDK", "Kepala Dinas"],  # line 41
    rows=[
        # line 42
        Row(
            "Pemohon mengajukan permohonan rekomendasi Surat Izin Praktik melalui aplikasi"
            " perizinan",
            "STR, ijazah, surat keterangan sehat, pas foto",
            _m("10 menit", 10),
            "Berkas permohonan",
        ),
        # line 43
        Row(
            "Staf Seksi SDK memverifikasi kelengkapan berkas administrasi",
            "Berkas permohonan",
            _d("1 hari", 1),
            "Berkas terverifikasi",
        ),
        # line 44
        Row(
            "Staf Seksi SDK bersama tim melakukan visitasi ke tempat praktik",
            "Surat tugas, instrumen visitasi",
            W("Sesuai jadwal", category="scheduled"),
            "Berita acara visitasi",
        ),
        # line 45
        Row(
            "Kasi SDK menilai kelayakan tempat praktik berdasarkan berita acara visitasi",
            "Berita acara visitasi",
            _d("1 hari", 1),
            "Hasil penilaian",
            "Memenuhi syarat / tidak memenuhi syarat",
        ),
        # line 46
        Row(
            "Staf Seksi SDK menyusun konsep surat rekomendasi",
            "Hasil penilaian",
            _h("2 jam", 2),
            "Konsep surat rekomendasi",
        ),
        # line 52 (lines 48-51: "Halaman 1 dari 2" and the repeated two-row header)
        Row(
            "Kabid SDK memeriksa dan memaraf konsep surat rekomendasi",
            "Konsep surat rekomendasi",
            _d("1 hari", 1),
            "Konsep berparaf",
        ),
        # line 53
        Row(
            "Kepala Dinas menandatangani surat rekomendasi",
            "Konsep berparaf",
            _d("1 hari", 1),
            "Surat rekomendasi",
        ),
        # line 54
        Row(
            "Staf Seksi SDK mengunggah surat rekomendasi ke aplikasi perizinan",
            "Surat rekomendasi",
            _m("15 menit", 15),
            "Rekomendasi terkirim",
            "Diteruskan ke DPMPTSP",
        ),
        # line 55: "1 T.A" (one tahun anggaran: not known yet)
        Row(
            "Staf Seksi SDK merekapitulasi dan mengarsipkan rekomendasi yang telah terbit",
            "Register rekomendasi",
            W("1 T.A"),
            "Rekapitulasi rekomendasi SIP",
        ),
    ],
    # line 42 "Mulai", line 45 "{ } (Decision)", line 55 "selesai"
    kinds=["start", "process", "process", "decision"] + ["process"] * 4 + ["end"],
    # line 45 names no target for "tidak memenuhi syarat": the default, back to step 3
    decisions={4: (5, 3)},
    performers={1: "Pemohon", 4: "Kasi SDK", 6: "Kabid SDK", 9: "Staf Seksi SDK"},
)

# --- 6. Kecamatan: "DAFTAR SOP" with two SOPs, "No. SOP:" / "Tgl. ..." identity lines,
# pipe tables whose second header row comes after the |---| separator ---
_CAMAT = ("BAMBANG SETYAWAN, S.STP., M.M.", "198109232003121001")  # lines 22-23 and 67-68
KECAMATAN_1 = Expected(
    book="kecamatan_daftar_sop.txt",
    index=0,
    nomor_sop="474.3/01/PATEN/2024",  # line 17
    title="Pelayanan Legalisasi Surat Keterangan Ahli Waris",  # line 24
    pembuatan="2024-01-08",  # line 18
    efektif="2024-02-01",  # line 20
    signer_name=_CAMAT[0],
    signer_nip=_CAMAT[1],
    unit="SEKSI PEMERINTAHAN",  # line 15
    dasar_hukum=[  # lines 27-29, lettered a. b. c.
        "Undang-Undang Nomor 23 Tahun 2014 tentang Pemerintahan Daerah",
        "Peraturan Pemerintah Nomor 17 Tahun 2018 tentang Kecamatan",
        "Peraturan Menteri Dalam Negeri Nomor 4 Tahun 2010 tentang Pedoman Pelayanan"
        " Administrasi Terpadu Kecamatan",
    ],
    peralatan=["Komputer dan printer", "Buku register ahli waris"],  # lines 39-40
    headers=["Pemohon", "Staf PATEN", "Kasi Pemerintahan", "Camat"],  # line 50
    rows=[
        # line 51
        Row(
            "Pemohon menyerahkan surat keterangan ahli waris yang telah ditandatangani para"
            " ahli waris, saksi dan Kepala Desa",
            "Surat keterangan ahli waris, fotokopi KTP ahli waris, akta kematian",
            _m("10 menit", 10),
            "Berkas permohonan",
        ),
        # line 52
        Row(
            "Staf PATEN meneliti kelengkapan dan keabsahan berkas; apabila belum lengkap berkas"
            " dikembalikan kepada pemohon",
            "Berkas permohonan",
            _m("15 menit", 15),
            "Berkas terverifikasi",
        ),
        # line 53
        Row(
            "Kasi Pemerintahan memeriksa dan memaraf surat keterangan ahli waris",
            "Berkas terverifikasi",
            _m("30 menit", 30),
            "Surat berparaf",
        ),
        # line 54
        Row(
            "Camat menandatangani surat keterangan ahli waris",
            "Surat berparaf",
            _d("1 hari", 1),
            "Surat keterangan ahli waris terlegalisasi",
        ),
        # line 55
        Row(
            "Staf PATEN mencatat dalam buku register dan menyerahkan surat kepada pemohon",
            "Buku register ahli waris",
            _m("10 menit", 10),
            "Register ahli waris",
        ),
    ],
    kinds=["start", "decision", "process", "process", "end"],
    # line 52: "apabila belum lengkap berkas dikembalikan kepada pemohon" -> step 1
    decisions={2: (3, 1)},
    # line 51 "Mulai", line 52 "◇", line 54 "x", line 55 "Selesai" under Staf PATEN
    performers={1: "Pemohon", 2: "Staf PATEN", 4: "Camat", 5: "Staf PATEN"},
)
KECAMATAN_2 = Expected(
    book="kecamatan_daftar_sop.txt",
    index=1,
    nomor_sop="474.3/02/PATEN/2024",  # line 62
    title="Pelayanan Rekomendasi Izin Keramaian",  # line 69
    pembuatan="2024-01-08",  # line 63
    efektif="2024-02-01",  # line 65
    signer_name=_CAMAT[0],
    signer_nip=_CAMAT[1],
    unit="SEKSI KETENTERAMAN DAN KETERTIBAN UMUM",  # line 60
    dasar_hukum=[  # lines 72-73
        "Undang-Undang Nomor 2 Tahun 2002 tentang Kepolisian Negara Republik Indonesia",
        "Peraturan Pemerintah Nomor 17 Tahun 2018 tentang Kecamatan",
    ],
    peralatan=["Komputer dan printer"],  # line 82
    headers=["Pemohon", "Staf PATEN", "Kasi Trantibum", "Camat"],  # line 92
    rows=[
        # line 93
        Row(
            "Pemohon mengajukan permohonan rekomendasi izin keramaian dengan melampirkan surat"
            " pengantar desa",
            "Surat pengantar desa, fotokopi KTP",
            _m("10 menit", 10),
            "Berkas permohonan",
        ),
        # line 94
        Row(
            "Staf PATEN memeriksa berkas dan mengagendakan permohonan",
            "Berkas permohonan",
            _m("10 menit", 10),
            "Berkas teragenda",
        ),
        # line 95
        Row(
            "Kasi Trantibum berkoordinasi dengan Polsek dan Koramil",
            "Berkas teragenda",
            _d("1 hari", 1),
            "Hasil koordinasi",
            "Dapat melalui telepon",
        ),
        # line 96
        Row(
            "Camat menandatangani surat rekomendasi izin keramaian",
            "Hasil koordinasi",
            _d("1 hari", 1),
            "Surat rekomendasi",
        ),
        # line 97
        Row(
            "Staf PATEN menyerahkan surat rekomendasi kepada pemohon",
            "Surat rekomendasi",
            _m("5 menit", 5),
            "Surat rekomendasi diterima pemohon",
        ),
    ],
    kinds=["start", "process", "process", "process", "end"],
    decisions={},
    performers={1: "Pemohon", 5: "Staf PATEN"},  # line 93 "Mulai", line 97 "Selesai"
)

ALL = {
    "kemenag": KEMENAG,
    "kelurahan": KELURAHAN,
    "puskesmas": PUSKESMAS,
    "bkpsdm": BKPSDM,
    "dinkes": DINKES,
    "kecamatan-1": KECAMATAN_1,
    "kecamatan-2": KECAMATAN_2,
}
SOP_COUNT = {
    "kemenag_legalisir_ijazah.txt": 1,
    "kelurahan_domisili.txt": 1,
    "puskesmas_rujukan.txt": 1,
    "bkpsdm_cuti_tahunan.txt": 1,
    "dinkes_izin_praktik.txt": 1,
    "kecamatan_daftar_sop.txt": 2,
}


@cache
def load(name: str) -> BookImport:
    path = OFFICES / name
    return import_book(
        path.read_bytes(), book_name=path.name, tenant="lain", org=Org(units=[], positions=[])
    )


def sop(exp: Expected) -> SopDocument:
    sops = load(exp.book).sops
    if SOP_COUNT[exp.book] == 1:
        # the one with the most steps, so that a stray extra document does not hide the rest
        return max(sops, key=lambda s: len(s.steps))
    return sops[exp.index]


def kept(doc: SopDocument, value: str) -> bool:
    """Whether ``value`` survives anywhere in the document: a field or a warning."""
    return value in json.dumps(msgspec.to_builtins(doc), ensure_ascii=False)


def header_of(doc: SopDocument, step: Step) -> str | None:
    return {p.key: p.header for p in doc.performers}.get(step.performer or "")


def waktu_view(w: Waktu | W) -> tuple[object, ...]:
    return (w.raw, w.min, w.max, w.unit)


ids = list(ALL)
cases = [ALL[k] for k in ids]


@pytest.mark.parametrize("name", sorted(SOP_COUNT))
def test_number_of_sops(name: str) -> None:
    assert len(load(name).sops) == SOP_COUNT[name]


@pytest.mark.parametrize("exp", cases, ids=ids)
def test_content_complete_and_no_false_warnings(exp: Expected) -> None:
    doc = sop(exp)
    text = " | ".join(doc.warnings)
    assert "tidak memiliki tabel langkah" not in text
    assert "Kolom waktu tidak ditemukan" not in text
    assert "Kolom output tidak berjudul" not in text
    assert doc.content == "complete"


@pytest.mark.parametrize("exp", cases, ids=ids)
def test_identity(exp: Expected) -> None:
    ident = sop(exp).identity
    got = (
        ident.nomor_sop,
        ident.title,
        ident.tanggal_pembuatan.date,
        ident.tanggal_efektif.date,
        ident.disahkan_oleh.name,
        ident.disahkan_oleh.nip,
    )
    want = (
        exp.nomor_sop,
        exp.title,
        exp.pembuatan,
        exp.efektif,
        exp.signer_name,
        exp.signer_nip,
    )
    assert got == want


@pytest.mark.parametrize("exp", cases, ids=ids)
def test_owning_unit_read(exp: Expected) -> None:
    want = exp.unit.lower()
    got = (sop(exp).unit.raw or "").lower()
    assert want in got


@pytest.mark.parametrize("exp", cases, ids=ids)
def test_sections(exp: Expected) -> None:
    sections = sop(exp).sections
    assert sections.dasar_hukum == exp.dasar_hukum
    assert sections.peralatan_perlengkapan == exp.peralatan
    # every book writes all six sections (cited in the Expected blocks above)
    empty = [
        name
        for name in (
            "dasar_hukum",
            "kualifikasi_pelaksana",
            "keterkaitan",
            "peralatan_perlengkapan",
            "peringatan",
            "pencatatan_pendataan",
        )
        if not getattr(sections, name)
    ]
    assert empty == []


@pytest.mark.parametrize("exp", cases, ids=ids)
def test_performer_headers(exp: Expected) -> None:
    assert [p.header for p in sop(exp).performers] == exp.headers


@pytest.mark.parametrize("exp", cases, ids=ids)
def test_number_of_steps(exp: Expected) -> None:
    assert len(sop(exp).steps) == len(exp.rows)


@pytest.mark.parametrize("exp", cases, ids=ids)
def test_activities(exp: Expected) -> None:
    doc = sop(exp)
    assert [s.activity for s in doc.steps] == [r.activity for r in exp.rows]


@pytest.mark.parametrize("exp", cases, ids=ids)
def test_kelengkapan(exp: Expected) -> None:
    assert [s.kelengkapan for s in sop(exp).steps] == [r.kelengkapan for r in exp.rows]


@pytest.mark.parametrize("exp", cases, ids=ids)
def test_output(exp: Expected) -> None:
    assert [s.output for s in sop(exp).steps] == [r.output for r in exp.rows]


@pytest.mark.parametrize("exp", cases, ids=ids)
def test_keterangan(exp: Expected) -> None:
    assert [s.keterangan for s in sop(exp).steps] == [r.keterangan for r in exp.rows]


@pytest.mark.parametrize("exp", cases, ids=ids)
def test_waktu_raw(exp: Expected) -> None:
    assert [s.waktu.raw for s in sop(exp).steps] == [r.waktu.raw for r in exp.rows]


@pytest.mark.parametrize("exp", cases, ids=ids)
def test_waktu_values(exp: Expected) -> None:
    steps = sop(exp).steps
    assert len(steps) == len(exp.rows)
    got: list[tuple[object, ...]] = []
    want: list[tuple[object, ...]] = []
    for step, row in zip(steps, exp.rows, strict=True):
        if row.waktu.unit is not None:
            got.append((*waktu_view(step.waktu), step.waktu.unit_from_header))
            want.append((*waktu_view(row.waktu), row.waktu.from_header))
        elif row.waktu.category is not None:
            got.append((step.waktu.raw, step.waktu.category))
            want.append((row.waktu.raw, row.waktu.category))
        else:  # a unit the parser does not know yet: only "read somehow"
            got.append((step.waktu.raw, step.waktu.category != "unparsed"))
            want.append((row.waktu.raw, True))
    assert got == want


@pytest.mark.parametrize("exp", cases, ids=ids)
def test_step_kinds(exp: Expected) -> None:
    assert [s.kind for s in sop(exp).steps] == exp.kinds


@pytest.mark.parametrize("exp", cases, ids=ids)
def test_decision_targets(exp: Expected) -> None:
    steps = sop(exp).steps
    got = {
        s.position: (s.decision.yes_target, s.decision.no_target)
        for s in steps
        if s.decision is not None
    }
    assert got == exp.decisions


@pytest.mark.parametrize("exp", cases, ids=ids)
def test_marked_performers(exp: Expected) -> None:
    doc = sop(exp)
    got = {n: header_of(doc, doc.steps[n - 1]) for n in exp.performers if n <= len(doc.steps)}
    assert got == exp.performers


# --- values that sit in cells or lines a reader could drop ---


def test_kemenag_branch_label() -> None:
    steps = sop(KEMENAG).steps
    # line 51: "tidak" sits in the Pemohon cell of the decision row
    decision = steps[1].decision if len(steps) > 1 else None
    assert decision is not None
    assert (decision.no_label or "").lower() == "tidak"


def test_kemenag_signatory_skips_ttd() -> None:
    # line 15 "ttd" is the signature placeholder, never part of the signatory's name
    signer = sop(KEMENAG).identity.disahkan_oleh
    assert signer.name is not None
    assert "ttd" not in signer.name


def test_kelurahan_label_row_is_not_a_step() -> None:
    doc = sop(KELURAHAN)
    # line 50: "| | | Tidak | Ya | ..." labels the branches of the decision on line 49
    assert len(doc.steps) == 7
    assert [s.number for s in doc.steps] == ["1", "2", "3", "4", "5", "6", "7"]
    decision = doc.steps[1].decision
    assert decision is not None
    assert (decision.yes_label, decision.no_label) == ("Ya", "Tidak")


def test_puskesmas_unit_row_kept() -> None:
    # line 12: the "Unit" row of the identity table must land somewhere (field or warning)
    found = kept(sop(PUSKESMAS), "Ruang Pemeriksaan Umum")
    assert found, "'Ruang Pemeriksaan Umum' is in no field and no warning"


def test_bkpsdm_hari_kerja() -> None:
    steps = sop(BKPSDM).steps
    # line 60: "5 (lima) hari kerja" is working days, stated as such
    assert len(steps) > 3
    assert steps[3].waktu.hari_kerja


def test_bkpsdm_keterangan_kept() -> None:
    # line 63: the "Keterangan:" of the last item must not be lost
    value = "Cuti tahunan paling lama 12 hari kerja dalam satu tahun"
    found = kept(sop(BKPSDM), value)
    assert found, f"{value!r} is in no field and no warning"


def test_dinkes_page_break_merged() -> None:
    doc = sop(DINKES)
    # lines 42-46 and 52-55: one table of 9 steps split by "Halaman 1 dari 2" (line 48)
    assert [s.number for s in doc.steps] == [str(n) for n in range(1, 10)]
    assert not any("Halaman" in s.activity for s in doc.steps)
    # line 45: the decision cell "{ } (Decision)" is under Kasi SDK
    assert header_of(doc, doc.steps[3]) == "Kasi SDK"


def test_kecamatan_table_of_contents() -> None:
    result = load("kecamatan_daftar_sop.txt")
    # lines 7-10
    assert [t.title for t in result.toc] == [
        "Pelayanan Legalisasi Surat Keterangan Ahli Waris",
        "Pelayanan Rekomendasi Izin Keramaian",
    ]
    assert [s.toc.position if s.toc else None for s in result.sops] == [1, 2]
    assert [len(s.steps) for s in result.sops] == [5, 5]
    assert not any("tidak tercantum di daftar isi" in w for s in result.sops for w in s.warnings)
