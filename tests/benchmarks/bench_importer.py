"""Importer throughput over the four seed books (run: python tests/benchmarks/bench_importer.py).

Named so pytest does not collect it. The baseline, measured in the same run, is reading and
normalising every line of the books, so the ratio says how much the parsing itself costs.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import yaml

from alur.domain.catalogue.importer.book import import_book
from alur.domain.catalogue.importer.performers import Org
from alur.domain.catalogue.importer.text import cells, clean

ROOT = Path(__file__).resolve().parents[2]
BOOKS = {
    "000_20d4938a30053410.txt": "kaltim",
    "001_c1d392d4acc0acf2.txt": "kaltim",
    "004_609f3079cfa7c797.txt": "kaltim",
    "003_ca0a78af03ad09e5.txt": "lampung",
}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("-n", type=int, default=5, help="repetitions")
    args = parser.parse_args()
    data = {
        name: (ROOT / "tenants" / tenant / "books" / name).read_bytes()
        for name, tenant in BOOKS.items()
    }
    orgs = {}
    for tenant in set(BOOKS.values()):
        raw = yaml.safe_load((ROOT / "tenants" / tenant / "org.yaml").read_text(encoding="utf-8"))
        orgs[tenant] = Org(units=raw["units"], positions=raw["positions"])

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
    print(
        f"{args.n} x 4 books: {elapsed:.3f} s, {sops / elapsed:.1f} SOPs/s, {steps / elapsed:.1f} steps/s"
    )
    print(
        f"baseline (read + normalise text): {baseline:.3f} s; importer/baseline = {elapsed / baseline:.1f}x"
    )


if __name__ == "__main__":
    main()
