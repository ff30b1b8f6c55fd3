#!/usr/bin/env bash
# Creates a project-local Python virtual environment from a lock file, once: a rerun returns at once
# while the lock is unchanged (its hash is stamped into the venv). Prints the venv path.
#   bash scripts/setup/locked-venv.sh VENV LOCKFILE WHAT
set -euo pipefail
venv="$1" lock="$2" what="$3"
stamp="$venv/.lock-sha256"
want="$(sha256sum "$lock" | cut -d' ' -f1)"
if [ -x "$venv/bin/python" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$want" ]; then
  echo "$venv"
  exit 0
fi
echo "Installing $what into $venv (pinned by $lock)..." >&2
python3 -m venv --clear "$venv" # nothing left over from an older lock
"$venv/bin/pip" install --quiet --disable-pip-version-check --no-deps -r "$lock" >&2
echo "$want" > "$stamp"
echo "$venv"
