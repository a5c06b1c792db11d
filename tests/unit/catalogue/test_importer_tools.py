"""The importer's command line (import, guard, report) and book ids, on small books in tmp dirs."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from alur.domain.catalogue.importer import cli
from alur.domain.catalogue.importer.book import check_book_id, default_book_id, import_book
from alur.domain.catalogue.importer.report import book_report, field_tallies

from .conftest import ROOT, org_for
from .test_synthetic import BOOK

# "Bendahara Pengeluaran" is neither an outside party nor a generic role (staf, kasi, kepala
# dinas …): without an org file nothing can resolve it.
NO_ORG_BOOK = BOOK.replace("| Kadis |", "| Bendahara Pengeluaran |")


def _run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = cli.main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def _snapshot(folder: Path) -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(folder.glob("*"))}


def test_book_ids() -> None:
    assert default_book_id("sop_umum.txt") == "sop-umum"
    assert default_book_id("sop_keuangan.txt") == "sop-keuangan"
    assert default_book_id("/x/000_20d4938a30053410.txt") == "000-20d4938a30053410"
    assert default_book_id("Buku SOP (revisi).TXT") == "buku-sop-revisi"
    assert default_book_id(".txt") == "txt"
    assert default_book_id("…") == "book"
    assert check_book_id("000") == "000"
    for bad in ("", "Sop", "sop_umum", "-sop", "sop-", "a/b"):
        with pytest.raises(ValueError, match="tidak valid"):
            check_book_id(bad)
    result = import_book(BOOK.encode(), book_name="sop_umum.txt", tenant="t", org=cli.NO_ORG)
    assert [d.sop_id for d in result.sops] == ["sop-umum-01", "sop-umum-02"]
    pinned = import_book(
        BOOK.encode(), book_name="sop_umum.txt", tenant="t", org=cli.NO_ORG, book_id="900"
    )
    assert pinned.book_id == "900"
    assert [d.sop_id for d in pinned.sops] == ["900-01", "900-02"]


def test_import_without_org_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    book = tmp_path / "buku.txt"
    book.write_text(NO_ORG_BOOK, encoding="utf-8")
    out = tmp_path / "catalogue"
    code, stdout, err = _run([str(book), "--tenant", "uji", "--out", str(out)], capsys)
    assert code == 0, err
    notes = [line for line in stdout.splitlines() if "tidak ada berkas org" in line]
    assert len(notes) == 1
    assert str(tmp_path / "org.yaml") in notes[0]
    assert sorted(_snapshot(out)) == [
        "buku-01-penerbitan-surat-rekomendasi.yaml",
        "buku-02-pengarsipan-dokumen-rekomendasi.yaml",
    ]
    doc = yaml.safe_load((out / "buku-01-penerbitan-surat-rekomendasi.yaml").read_text())
    rules = {c["header"]: c["rule"]["kind"] for c in doc["performers"]}
    assert rules["Bendahara Pengeluaran"] == "unresolved"
    assert rules["Pemohon"] == "external"
    assert doc["unit"]["unit_code"] is None
    assert any("'Bendahara Pengeluaran' tidak cocok" in w for w in doc["warnings"])


def test_input_errors_are_messages_not_tracebacks(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    book = tmp_path / "buku.txt"
    book.write_text(BOOK, encoding="utf-8")
    out = tmp_path / "catalogue"
    cases = [
        ([str(book), "--org", str(tmp_path / "tidak-ada.yaml")], "berkas org tidak ditemukan"),
        ([str(tmp_path / "hilang.txt")], "buku tidak ditemukan"),
        ([str(tmp_path)], "tidak dapat dibaca"),
    ]
    latin1 = tmp_path / "latin1.txt"
    latin1.write_bytes("Pemeriksaan kualitas \u00b1 15 menit".encode("latin-1"))
    cases.append(([str(latin1)], "bukan teks UTF-8"))
    bad_org = tmp_path / "org-rusak.yaml"
    bad_org.write_text("units: [\n", encoding="utf-8")
    cases.append(([str(book), "--org", str(bad_org)], "tidak dapat dibaca"))
    for argv, message in cases:
        code, _, err = _run([*argv, "--tenant", "uji", "--out", str(out)], capsys)
        assert code == 2, argv
        assert message in err
        assert "Traceback" not in err
        assert err.startswith("galat: ")
    assert not out.exists()
    code, _, err = _run(["report", str(tmp_path / "hilang.txt")], capsys)
    assert code == 2
    assert "buku tidak ditemukan" in err


def test_two_books_share_a_catalogue(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "catalogue"
    umum = tmp_path / "sop_umum.txt"
    keuangan = tmp_path / "sop_keuangan.txt"
    umum.write_text(BOOK, encoding="utf-8")
    keuangan.write_text(BOOK.replace("Rekomendasi", "Pembayaran"), encoding="utf-8")
    org = ["--org", str(ROOT / "tenants/kaltim/org.yaml")]
    for book in (umum, keuangan, umum):  # importing the first again keeps the second's files
        code, _, err = _run([str(book), "--tenant", "kaltim", "--out", str(out), *org], capsys)
        assert code == 0, err
    files = _snapshot(out)
    assert sorted(files) == [
        "sop-keuangan-01-penerbitan-surat-pembayaran.yaml",
        "sop-keuangan-02-pengarsipan-dokumen-pembayaran.yaml",
        "sop-umum-01-penerbitan-surat-rekomendasi.yaml",
        "sop-umum-02-pengarsipan-dokumen-rekomendasi.yaml",
    ]
    books = {yaml.safe_load(text)["source"]["book"] for text in files.values()}
    assert books == {"sop_umum.txt", "sop_keuangan.txt"}
    # An id that is a prefix of another book's id ("sop" vs "sop-umum") touches only its own.
    code, _, err = _run(
        [str(keuangan), "--book-id", "sop", "--tenant", "kaltim", "--out", str(out), *org], capsys
    )
    assert code == 0, err
    assert set(files) < set(_snapshot(out))
    assert {n: t for n, t in _snapshot(out).items() if n in files} == files


def test_guard_refuses_another_books_files(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "catalogue"
    umum = tmp_path / "sop_umum.txt"
    keuangan = tmp_path / "sop_keuangan.txt"
    umum.write_text(BOOK, encoding="utf-8")
    keuangan.write_text(BOOK.replace("Rekomendasi", "Pembayaran"), encoding="utf-8")
    common = ["--book-id", "sop", "--tenant", "kaltim", "--out", str(out)]
    assert _run([str(umum), *common], capsys)[0] == 0
    before = _snapshot(out)
    for extra in ([], ["--check"]):
        code, _, err = _run([str(keuangan), *common, *extra], capsys)
        assert code == 1
        assert "sop_umum.txt" in err
        assert "sop_keuangan.txt" in err
        assert "--book-id" in err
        assert "Traceback" not in err
        assert _snapshot(out) == before
    # The same book again, one SOP shorter: its own stale file is removed, nothing else.
    stray = out / "lain-01-x.yaml"
    stray.write_text("sop_id: lain-01\n", encoding="utf-8")
    umum.write_text(BOOK.replace("2. Pengarsipan Dokumen Rekomendasi\n", ""), encoding="utf-8")
    assert _run([str(umum), *common, "--check"], capsys)[0] == 1
    assert _run([str(umum), *common], capsys)[0] == 0
    assert sorted(_snapshot(out)) == ["lain-01-x.yaml", "sop-01-penerbitan-surat-rekomendasi.yaml"]
    assert _run([str(umum), *common, "--check"], capsys)[0] == 0


def test_report_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    books = tmp_path / "kaltim" / "books"
    books.mkdir(parents=True)
    (tmp_path / "kaltim" / "org.yaml").write_text(
        (ROOT / "tenants/kaltim/org.yaml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    book = books / "900_uji.txt"
    book.write_text(BOOK, encoding="utf-8")
    code, first, err = _run(["report", str(book)], capsys)
    assert code == 0, err
    assert _run(["report", str(book)], capsys)[1] == first  # deterministic
    lines = first.splitlines()
    assert lines[0] == "== 900_uji.txt =="
    assert lines[1].startswith("tenant kaltim; org file: kaltim/org.yaml; sha256 ")
    assert lines[2] == (
        "2 SOPs in the contents, 2 files: 1 complete, 0 partial, 1 missing"
        " (1 only in the contents); 0 not in the contents"
    )
    rows = {line.split()[0]: line.split()[1:] for line in lines if line.startswith("  ")}
    assert rows["steps.performer"] == ["3", "3", "0", "0", "0"]
    assert rows["steps.keterangan"] == ["3", "0", "0", "3", "0"]
    assert rows["steps.decision"] == ["1", "1", "0", "0", "0"]
    assert rows["identity.nomor_sop"] == ["1", "1", "0", "0", "0"]
    assert rows["sections.kualifikasi_pelaksana"] == ["1", "0", "0", "1", "0"]
    assert rows["performers"][0] == "3"
    assert rows["01"][:3] == ["complete", "3", "0/3"]
    assert rows["02"][:3] == ["missing", "0", "-"]
    # Without an org file (book outside tenants/<slug>/books/) the columns stay unresolved.
    loose = tmp_path / "buku.txt"
    loose.write_text(NO_ORG_BOOK, encoding="utf-8")
    code, text, _ = _run(["report", str(loose), "--tenant", "uji"], capsys)
    assert code == 0
    assert "org file: none" in text
    per_sop = [line for line in text.splitlines() if line.startswith("  01  ")]
    assert per_sop[0].endswith("[unresolved: bendahara-pengeluaran]")


def test_alur_catalogue_report(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from alur.cli import main

    book = tmp_path / "buku.txt"
    book.write_text(BOOK, encoding="utf-8")
    assert main(["catalogue", "report", str(book), "--tenant", "uji"]) == 0
    assert capsys.readouterr().out.startswith("== buku.txt ==\n")


def test_warned_counts_follow_the_warnings() -> None:
    result = import_book(
        BOOK.encode(), book_name="900_uji.txt", tenant="kaltim", org=org_for("kaltim")
    )
    doc = result.sops[0]
    doc.warnings += [
        "Langkah 2: kolom mutu baku bergeser dari kepala tabel; kelengkapan, waktu dan output"
        " diambil di sekitar sel waktu.",
        "Langkah 3: tanda pelaksana ada di beberapa kolom (kasi, kadis); dipilih 'kasi'.",
        "Nomor langkah melompat dari 1 ke 3.",
        "Nomor SOP di daftar isi ('1') berbeda dengan nomor di isi ('099/1/IND/2024').",
        "Kolom pelaksana 'Kasi': unit pemilik SOP tidak berada di bawah bidang; …",
        "Judul bagian 'peringatan' dan 'pencatatan_pendataan' bertumpuk tanpa isi.",
        "5 dari 8 langkah tidak memiliki pelaksana yang terbaca maupun tersimpulkan.",
    ]
    rows = field_tallies(result.sops)
    warned = {name: t.warned for name, t in rows.items() if t.warned}
    assert warned == {
        "steps": 2,
        "steps.number": 1,
        "steps.performer": 1,
        "steps.kelengkapan": 1,
        "steps.waktu": 1,
        "steps.output": 1,
        "identity.nomor_sop": 1,
        "sections.peringatan": 1,
        "sections.pencatatan_pendataan": 1,
        "performers": 1,
    }
    assert all(t.values == t.read + t.inferred + t.missing for t in rows.values())
    assert book_report(result, "x") == book_report(result, "x")
