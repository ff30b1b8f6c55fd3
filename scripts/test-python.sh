#!/usr/bin/env bash
# Python side of the blueprint: set up (idempotent), lint, test.
#   bash scripts/test-python.sh              # everything
#   bash scripts/test-python.sh -k jdbc      # extra arguments go to pytest
# Exit code is pytest's (or ruff's / the setup's when those fail first). The PostgreSQL server
# the JDBC tests need is started and stopped by a pytest fixture; this script additionally
# stops any server left under its own scratch directory (e.g. after a killed run).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
t_start=$(date +%s)

VENV="$(bash "$ROOT/scripts/setup/python-env.sh")"
# shellcheck disable=SC1091
. "$VENV/lakehouse-env.sh"
export RUFF_CACHE_DIR="${RUFF_CACHE_DIR:-$LAKEHOUSE_CACHE_DIR/ruff}"
export PYTHONDONTWRITEBYTECODE=1

PG_ROOT="$(mktemp -d "${TMPDIR:-/tmp}/lakehouse-pg-root.XXXXXX")"
chmod 755 "$PG_ROOT" # the server runs as the postgres user when we are root
export LAKEHOUSE_PG_ROOT="$PG_ROOT"
cleanup() {
  local pidfile pid
  for pidfile in "$PG_ROOT"/*/data/postmaster.pid; do
    [ -f "$pidfile" ] || continue
    pid="$(head -n1 "$pidfile")"
    if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
      echo "[test-python] stopping leftover PostgreSQL (pid $pid)" >&2
      kill -INT "$pid" 2>/dev/null || true
      for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    fi
  done
  rm -rf "$PG_ROOT"
}
trap cleanup EXIT

cd "$ROOT/notebooks"
echo "== ruff check and ruff format --check notebooks"
"$VENV/bin/ruff" check .
"$VENV/bin/ruff" format --check .

echo "== pytest notebooks/tests"
log="$(mktemp "${TMPDIR:-/tmp}/lakehouse-pytest.XXXXXX")"
set +e
"$VENV/bin/python" -m pytest -q "$@" 2>&1 | tee "$log"
rc=${PIPESTATUS[0]}
set -e
summary="$(grep -E '^[=]* ?[0-9]+ (passed|failed|error|skipped|deselected)|no tests ran' "$log" | tail -n1 | sed -E 's/^=+ //; s/ =+$//')"
rm -f "$log"
echo "== python tests: exit $rc, wall time $(($(date +%s) - t_start))s"
echo "${summary:-pytest produced no summary line}"
exit "$rc"
