#!/usr/bin/env bash
# The virtual environment for the emulator test: moto's server, boto3, pytest and ruff from
# e2e/requirements.lock, in the cache outside the repository (see locked-venv.sh; LAKEHOUSE_E2E_VENV
# chooses another path). Prints the venv path.
set -euo pipefail
cd "$(dirname "$0")/../.."
exec bash scripts/setup/locked-venv.sh e2e e2e/requirements.lock "the AWS emulator" ${LAKEHOUSE_E2E_VENV:+"$LAKEHOUSE_E2E_VENV"}
