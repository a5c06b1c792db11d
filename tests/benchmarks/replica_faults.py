"""Repeat the replica fault scenario (tests/replicas.py: two APIs, two workers, two schedulers;
one of each SIGKILLed mid-run) and print its counts per round. Run:

    set -a; source .data/test/env; set +a; python tests/benchmarks/replica_faults.py --rounds 10

It runs tests/integration/jobs/test_replicas.py once with ALUR_REPLICA_ROUNDS=n (one pytest
session, the SOP published once, a new person per round), which writes each round's figures
as a JSON line; this script prints them. A round takes about 35 s on two cores.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
COLUMNS = (
    ("round", "round", 5),
    ("jobs", "jobs", 5),
    ("lost", "lost", 5),
    ("dead", "dead", 5),
    ("redeliv.", "redelivered", 8),
    ("dupl.", "duplicates", 6),
    ("escal.", "escalations", 6),
    ("expected", "escalations_expected", 8),
    ("escal.x2", "escalations_twice", 8),
    ("refused", "sessions_refused", 7),
    ("requests", "requests", 8),
    ("s", "seconds", 5),
)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=10)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "rounds.jsonl"
        started = time.monotonic()
        run = subprocess.run(
            [
                sys.executable,
                "-m",
                "pytest",
                "-q",
                "-p",
                "no:randomly",
                "-W",
                "ignore",
                "tests/integration/jobs/test_replicas.py",
            ],
            cwd=ROOT,
            env={
                **os.environ,
                "ALUR_REPLICA_ROUNDS": str(args.rounds),
                "ALUR_REPLICA_REPORT": str(report),
            },
            capture_output=True,
            text=True,
            check=False,
        )
        took = time.monotonic() - started
        rounds = (
            [json.loads(line) for line in report.read_text().splitlines()]
            if report.exists()
            else []
        )
    print("  ".join(f"{title:>{width}}" for title, _, width in COLUMNS) + "  held")
    for r in rounds:
        cells = [
            f"{r[key]:>{width}.0f}" if isinstance(r[key], float) else f"{r[key]:>{width}}"
            for _, key, width in COLUMNS
        ]
        print("  ".join(cells) + ("  yes" if r["held"] else "  NO"))
        for problem in r["problems"]:
            print(f"        {problem[-600:]}")
    totals = {key: sum(r[key] for r in rounds) for _, key, _ in COLUMNS[1:-1]}
    held = sum(r["held"] for r in rounds)
    print(
        f"\n{len(rounds)} rounds, {held} held: {totals['jobs']} jobs, {totals['lost']} lost,"
        f" {totals['dead']} dead, {totals['redelivered']} redelivered after a kill,"
        f" {totals['duplicates']} duplicate effects, {totals['escalations']} escalations"
        f" ({totals['escalations_expected']} expected, {totals['escalations_twice']} twice),"
        f" {totals['sessions_refused']} sessions refused; {took:.0f} s in all"
    )
    if run.returncode != 0 and held == len(rounds) == args.rounds:
        print(run.stdout[-3000:], file=sys.stderr)
    ok = run.returncode == 0 and held == args.rounds
    if not ok and not rounds:
        print(run.stdout[-3000:], file=sys.stderr)
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
