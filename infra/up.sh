#!/usr/bin/env bash
# Install, build the SPA, and run the whole product (API, worker, scheduler, SPA and the
# embedded stand-ins) with both demo tenants loaded. Ctrl-C stops everything it started.
set -euo pipefail
cd "$(dirname "$0")/.."
bash infra/install.sh
if [ ! -f frontend/dist/index.html ] || [ -n "$(find frontend/src frontend/index.html -newer frontend/dist/index.html -print -quit)" ]; then
  echo "[up] building the SPA"
  (cd frontend && npm run --silent build >/dev/null)
fi
exec .venv/bin/python -m devstack up --profile dev "$@"
