#!/usr/bin/env bash
# Install whatever is missing: the Python venv, npm packages, and (with --browser) Debian's
# chromium. Idempotent: each step is skipped when its lock file has not changed.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
STAMPS="$ROOT/.data/stamps"
mkdir -p "$STAMPS"

want_browser=0
[ "${1:-}" = "--browser" ] && want_browser=1

fresh() {  # fresh NAME FILES... -> true when the stamp matches the files' hash
  local sum; sum=$(cat "${@:2}" | sha256sum | cut -d' ' -f1)
  [ -f "$STAMPS/$1" ] && [ "$(cat "$STAMPS/$1")" = "$sum" ] && return 0
  echo "$sum" > "$STAMPS/$1.pending"; return 1
}
done_stamp() { mv "$STAMPS/$1.pending" "$STAMPS/$1"; }

PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  echo "[install] creating .venv"
  "$PY" -m venv .venv
fi
if ! fresh python requirements.lock pyproject.toml || ! .venv/bin/python -c "import alur" 2>/dev/null; then
  echo "[install] Python packages (requirements.lock)"
  .venv/bin/pip install --quiet --disable-pip-version-check -r requirements.lock
  .venv/bin/pip install --quiet --disable-pip-version-check --no-deps -e .
  [ -f "$STAMPS/python.pending" ] && done_stamp python
fi

for dir in infra/idp frontend; do
  name=npm-$(basename "$dir")
  if ! fresh "$name" "$dir/package-lock.json" || [ ! -d "$dir/node_modules" ]; then
    echo "[install] npm packages in $dir"
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
    [ -f "$STAMPS/$name.pending" ] && done_stamp "$name"
  fi
done

if [ "$want_browser" = 1 ] && [ ! -x /usr/bin/chromium ]; then
  echo "[install] Debian chromium for browser tests"
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
fi
rm -f "$STAMPS"/*.pending
