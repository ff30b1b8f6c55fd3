#!/usr/bin/env bash
# Creates the project-local virtual environment for checkov (.venv-scan, git-ignored) from the
# locked requirements, once; reruns return at once while the lock is unchanged. Prints the venv path.
set -euo pipefail
cd "$(dirname "$0")/../.."
venv="${LAKEHOUSE_SCAN_VENV:-$PWD/.venv-scan}"
lock=scripts/scan/requirements.lock
stamp="$venv/.lock-sha256"
want="$(sha256sum "$lock" | cut -d' ' -f1)"
if [ -x "$venv/bin/checkov" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$want" ]; then
  echo "$venv"
  exit 0
fi
echo "Installing checkov into $venv (pinned by $lock)..." >&2
python3 -m venv "$venv"
"$venv/bin/pip" install --quiet --disable-pip-version-check --no-deps -r "$lock" >&2
echo "$want" > "$stamp"
echo "$venv"
