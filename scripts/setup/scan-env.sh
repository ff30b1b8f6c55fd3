#!/usr/bin/env bash
# The project-local virtual environment for checkov (.venv-scan, git-ignored), from
# scripts/scan/requirements.lock. Prints the venv path.
set -euo pipefail
cd "$(dirname "$0")/../.."
exec bash scripts/setup/locked-venv.sh "${LAKEHOUSE_SCAN_VENV:-$PWD/.venv-scan}" scripts/scan/requirements.lock checkov
