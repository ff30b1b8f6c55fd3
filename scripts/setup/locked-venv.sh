#!/usr/bin/env bash
# Creates a Python virtual environment from a lock file, once, and prints its path. With no VENV given it
# lives in the cache outside the repository, named after the lock's hash
# (${LAKEHOUSE_CACHE_DIR:-~/.cache/lakehouse-blueprint}/venvs/NAME-HASH), so every clone and worktree of
# the same lock shares it and a new lock gets a new one. A rerun returns at once while the lock is
# unchanged (its hash is stamped into the venv); concurrent runs wait for one another (flock).
#   bash scripts/setup/locked-venv.sh NAME LOCKFILE WHAT [VENV]
set -euo pipefail
name="$1" lock="$2" what="$3"
want="$(sha256sum "$lock" | cut -d' ' -f1)"
# shellcheck source=cache-dir.sh
. "$(dirname "${BASH_SOURCE[0]}")/cache-dir.sh"
venv="${4:-$lakehouse_cache/venvs/$name-${want:0:16}}"
stamp="$venv/.lock-sha256"
ready() { [ -x "$venv/bin/python" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$want" ]; }
if ready; then
  echo "$venv"
  exit 0
fi
mkdir -p "$(dirname "$venv")"
exec 9>"$venv.lock"
flock 9
if ! ready; then
  echo "Installing $what into $venv (pinned by $lock)..." >&2
  python3 -m venv --clear "$venv" # nothing left over from an older lock
  "$venv/bin/pip" install --quiet --disable-pip-version-check --no-deps -r "$lock" >&2
  echo "$want" > "$stamp"
fi
echo "$venv"
