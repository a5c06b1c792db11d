#!/usr/bin/env bash
# Install, then run every quality gate and the whole test suite against real services
# (PostgreSQL, Redis, S3, the dev IdP, headless Chromium). Stops what it started.
set -euo pipefail
cd "$(dirname "$0")/.."
bash infra/install.sh --browser
export PATH="$PWD/.venv/bin:$PATH"

echo "== ruff"; ruff check backend workers infra/devstack tests
echo "== mypy (strict)"; mypy
echo "== frontend: typecheck, lint, unit tests, build, size"
(cd frontend && npm run --silent typecheck && npm run --silent lint && npm run --silent test \
  && npm run --silent build >/dev/null && npm run --silent size)

echo "== services (test profile)"
trap 'python -m devstack down --profile test' EXIT
python -m devstack services --profile test
set -a; source .data/test/env; set +a
echo "== pytest"
# A hard ceiling: a hung test must fail CI in minutes, not eat its 90.
timeout --signal=INT --kill-after=30 1500 python -m pytest "$@"
