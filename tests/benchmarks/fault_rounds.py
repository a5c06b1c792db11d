"""Repeat the fault tests (tests/integration/jobs/test_faults.py) to count how often the
pipeline holds. Each round runs every scenario once; a scenario covers 20 documents killed
mid-job, 20 documents through an S3 outage, or 400 jobs through twenty Redis restarts, so
`--rounds 5` is 100 repetitions of each (run: bash infra/test.sh is not needed;
set -a; source .data/test/env; set +a; python tests/benchmarks/fault_rounds.py --rounds 5).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SCENARIOS = {
    "sigkill_mid_document": ("worker_killed_mid_document", 20),
    "s3_unreachable": ("s3_unreachable", 20),
    "redis_restart": ("redis_restarts", 20),
}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    results: dict[str, list[tuple[bool, float]]] = {name: [] for name in SCENARIOS}
    for round_ in range(1, args.rounds + 1):
        for name, (selector, _) in SCENARIOS.items():
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
                    "tests/integration/jobs/test_faults.py",
                    "-k",
                    selector,
                ],
                cwd=ROOT,
                capture_output=True,
                text=True,
                check=False,
            )
            ok = run.returncode == 0
            results[name].append((ok, time.monotonic() - started))
            print(
                f"round {round_} {name}: {'held' if ok else 'FAILED'}"
                f" ({time.monotonic() - started:.0f} s)",
                flush=True,
            )
            if not ok:
                print(run.stdout[-3000:], file=sys.stderr)
    print("\nscenario               rounds held  repetitions  mean s/round")
    for name, runs in results.items():
        held = sum(ok for ok, _ in runs)
        reps = held * SCENARIOS[name][1]
        mean = sum(t for _, t in runs) / len(runs)
        print(f"{name:22} {len(runs):6} {held:4}  {reps:11}  {mean:12.1f}")
    return 0 if all(ok for runs in results.values() for ok, _ in runs) else 1


if __name__ == "__main__":
    raise SystemExit(main())
