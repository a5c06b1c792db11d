"""Counters that domain code moves, exported by whichever process runs that code: the API's
`/metrics`, or a worker's metrics port (alur_workers.metrics). docs/operations.md lists them.

Labels stay bounded: an office label is only ever a known office's slug ("unknown" otherwise),
and outcomes and stages are small fixed sets.
"""

from __future__ import annotations

from prometheus_client import Counter

SIGN_INS = Counter(
    "alur_sign_ins",
    "Sign-in callbacks from an office's IdP, by office and outcome (ok, refused, error)",
    ["office", "outcome"],
)
ESCALATIONS = Counter(
    "alur_escalations",
    "Escalation stages fired (at_risk, due, L1, L2, ...), by office",
    ["office", "stage"],
)
