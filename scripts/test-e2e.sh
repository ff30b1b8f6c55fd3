#!/usr/bin/env bash
# End-to-end test: applies the AWS foundation of the example environments to a local AWS emulator
# with OpenTofu and the AWS provider, then checks, plans again, destroys (see e2e/).
#   bash scripts/test-e2e.sh            # everything
#   bash scripts/test-e2e.sh -k dev     # extra arguments go to pytest
# The engine comes from scripts/engine/use.sh: OpenTofu and the providers built from source when no
# Terraform registry is reachable, `tofu` and the registry's providers where one is (see
# scripts/engine/README.md). It prints which engine and which provider builds it uses.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
t_start=$(date +%s)

venv="$(bash "$ROOT/scripts/setup/e2e-env.sh")"
export LAKEHOUSE_PROVIDERS="time aws databricks"
# shellcheck source=engine/use.sh
. "$ROOT/scripts/engine/use.sh"

cd "$ROOT"
# shellcheck source=setup/cache-dir.sh
. "$ROOT/scripts/setup/cache-dir.sh"
export RUFF_CACHE_DIR="${RUFF_CACHE_DIR:-$lakehouse_cache/ruff-e2e}"
"$venv/bin/ruff" check --config e2e/pyproject.toml e2e
"$venv/bin/ruff" format --check --config e2e/pyproject.toml e2e
rc=0
PYTHONDONTWRITEBYTECODE=1 "$venv/bin/python" -m pytest e2e -ra "$@" || rc=$?
echo "== e2e tests: exit $rc, wall time $(( $(date +%s) - t_start ))s"
exit "$rc"
