#!/usr/bin/env bash
# Creates the project-local virtual environment for the emulator test (.venv-e2e, git-ignored):
# moto's server, boto3 and pytest from e2e/requirements.lock, once; reruns return at once while
# the lock is unchanged. Prints the venv path.
set -euo pipefail
cd "$(dirname "$0")/../.."
venv="${LAKEHOUSE_E2E_VENV:-$PWD/.venv-e2e}"
lock=e2e/requirements.lock
stamp="$venv/.lock-sha256"
want="$(sha256sum "$lock" | cut -d' ' -f1)"
if [ -x "$venv/bin/python" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$want" ]; then
  echo "$venv"
  exit 0
fi
echo "Installing the AWS emulator into $venv (pinned by $lock)..." >&2
python3 -m venv "$venv"
"$venv/bin/pip" install --quiet --disable-pip-version-check --no-deps -r "$lock" >&2
echo "$want" > "$stamp"
echo "$venv"
