#!/usr/bin/env bash
# The virtual environment for checkov, from scripts/scan/requirements.lock, in the cache outside the
# repository (see locked-venv.sh; LAKEHOUSE_SCAN_VENV chooses another path). Prints the venv path.
set -euo pipefail
cd "$(dirname "$0")/../.."
exec bash scripts/setup/locked-venv.sh scan scripts/scan/requirements.lock checkov ${LAKEHOUSE_SCAN_VENV:+"$LAKEHOUSE_SCAN_VENV"}
