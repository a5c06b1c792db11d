"""Importer throughput (run: .venv/bin/python tests/benchmarks/bench_importer.py).

Named so pytest does not collect it. Two parts:

1. The four seed books, against a baseline measured in the same run: reading and normalising
   every line of the books, so the ratio says how much the parsing itself costs.
2. Synthetic books of about 1, 2.5 and 5 MiB (5 MiB is the upload cap, editing.MAX_BOOK_BYTES),
   built by repeating the real books' SOP bodies with renumbered titles and SOP numbers behind
   one big table of contents. Time per MiB should stay flat: the ratio column is each run's
   seconds per MiB over the 1 MiB run's, so a value near 1.0 means linear growth and a value
   near the size ratio (2.5, 5) means quadratic.

``--profile`` prints the functions taking the most cumulative time on the largest book.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import time
from pathlib import Path

import yaml

from alur.domain.catalogue.importer.book import import_book
from alur.domain.catalogue.importer.model import BookImport
from alur.domain.catalogue.importer.performers import Org
from alur.domain.catalogue.importer.text import cells, clean

ROOT = Path(__file__).resolve().parents[2]
BOOKS = {
    "000_20d4938a30053410.txt": "kaltim",
    "001_c1d392d4acc0acf2.txt": "kaltim",
    "004_609f3079cfa7c797.txt": "kaltim",
    "003_ca0a78af03ad09e5.txt": "lampung",
}
MIB = 1024 * 1024
SIZES = (1.0, 2.5, 5.0)


def _orgs() -> dict[str, Org]:
    orgs = {}
    for tenant in sorted(set(BOOKS.values())):
        raw = yaml.safe_load((ROOT / "tenants" / tenant / "org.yaml").read_text(encoding="utf-8"))
        orgs[tenant] = Org(units=raw["units"], positions=raw["positions"])
    return orgs


def _bodies(data: dict[str, bytes], orgs: dict[str, Org]) -> list[tuple[list[str], str, str]]:
    """Each real SOP body: (its lines, its title, its SOP number) as the importer found them."""
    out = []
    for name, blob in data.items():
        lines = blob.decode("utf-8").splitlines()
        result = import_book(blob, book_name=name, tenant=BOOKS[name], org=orgs[BOOKS[name]])
        for doc in result.sops:
            start, end = doc.source.line_start, doc.source.line_end
            if start is None or end is None or not doc.steps:
                continue
            out.append(
                (lines[start - 1 : end], doc.identity.title or "", doc.identity.nomor_sop or "")
            )
    return out


def synthetic_book(bodies: list[tuple[list[str], str, str]], size: float) -> bytes:
    """About ``size`` MiB: a tabular contents (Lampung layout: sections of 20, ordinals from 1
    in each) listing every SOP, then the bodies in order, SOP k titled "<real title> Wilayah
    k" and numbered "B.<k>"."""
    chosen: list[tuple[list[str], str, str, str, str]] = []
    total = 0
    k = 0
    while total < size * MIB:
        lines, title, nomor = bodies[k % len(bodies)]
        k += 1
        new_title, new_nomor = f"{title} Wilayah {k}", f"B.{k:05d}"
        renamed = []
        for line in lines:
            if title:
                line = line.replace(title, new_title).replace(title.upper(), new_title.upper())
            if nomor:
                line = line.replace(nomor, new_nomor)
            renamed.append(line)
        chosen.append((renamed, title, nomor, new_title, new_nomor))
        total += sum(len(x.encode()) + 1 for x in renamed) + 60
    head = ["DAFTAR ISI", "STANDAR OPERASIONAL PROSEDUR", "", "No. Urut\tNo. SOP\tJudul SOP"]
    for i, c in enumerate(chosen):
        if i % 20 == 0:
            head.append(f"\t\t<b>Bagian {i // 20 + 1}</b>")
        head.append(f"{i % 20 + 1}\t{c[4]}\t{c[3]}")
    text = "\n".join(head) + "\n\n\n"
    text += "\n\n".join("\n".join(c[0]) for c in chosen) + "\n"
    return text.encode()


def _timed(blob: bytes, org: Org, n: int) -> tuple[float, BookImport]:
    best = float("inf")
    result = None
    for _ in range(n):
        start = time.perf_counter()
        result = import_book(blob, book_name="synthetic.txt", tenant="lampung", org=org)
        best = min(best, time.perf_counter() - start)
    assert result is not None
    return best, result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("-n", type=int, default=5, help="repetitions over the seed books")
    parser.add_argument("--big-n", type=int, default=2, help="repetitions per synthetic book")
    parser.add_argument("--profile", action="store_true", help="cProfile the largest book")
    args = parser.parse_args()
    data = {
        name: (ROOT / "tenants" / tenant / "books" / name).read_bytes()
        for name, tenant in BOOKS.items()
    }
    orgs = _orgs()

    start = time.perf_counter()
    for _ in range(args.n):
        for blob in data.values():
            for line in blob.decode("utf-8").splitlines():
                [clean(c) for c in cells(line)]
    baseline = time.perf_counter() - start

    sops = steps = 0
    start = time.perf_counter()
    for _ in range(args.n):
        for name, blob in data.items():
            result = import_book(blob, book_name=name, tenant=BOOKS[name], org=orgs[BOOKS[name]])
            sops += len(result.sops)
            steps += sum(len(s.steps) for s in result.sops)
    elapsed = time.perf_counter() - start
    size = sum(len(b) for b in data.values()) / MIB
    print(
        f"{args.n} x 4 books ({size:.2f} MiB): {elapsed:.3f} s,"
        f" {sops / elapsed:.1f} SOPs/s, {steps / elapsed:.1f} steps/s"
    )
    print(
        f"baseline (read + normalise text): {baseline:.3f} s;"
        f" importer/baseline = {elapsed / baseline:.1f}x"
    )

    bodies = _bodies(data, orgs)
    print(f"\nsynthetic books from {len(bodies)} real SOP bodies (best of {args.big_n}):")
    print(f"{'MiB':>6}{'SOPs':>7}{'paired':>8}{'seconds':>9}{'s/MiB':>8}{'ratio':>7}")
    first: float | None = None
    blob = b""
    for target in SIZES:
        blob = synthetic_book(bodies, target)
        seconds, result = _timed(blob, orgs["lampung"], args.big_n)
        mib = len(blob) / MIB
        per = seconds / mib
        first = first or per
        paired = sum(1 for s in result.sops if s.toc is not None and s.source.line_start)
        print(
            f"{mib:>6.2f}{len(result.toc):>7}{paired:>8}{seconds:>9.2f}{per:>8.2f}"
            f"{per / first:>7.2f}"
        )
    if args.profile:
        profiler = cProfile.Profile()
        profiler.enable()
        import_book(blob, book_name="synthetic.txt", tenant="lampung", org=orgs["lampung"])
        profiler.disable()
        print(f"\nprofile of the {len(blob) / MIB:.2f} MiB book (top 25 by cumulative time):")
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)


if __name__ == "__main__":
    main()
