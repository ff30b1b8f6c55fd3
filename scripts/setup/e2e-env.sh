#!/usr/bin/env bash
# The project-local virtual environment for the emulator test (.venv-e2e, git-ignored): moto's
# server, boto3, pytest and ruff from e2e/requirements.lock. Prints the venv path.
set -euo pipefail
cd "$(dirname "$0")/../.."
exec bash scripts/setup/locked-venv.sh "${LAKEHOUSE_E2E_VENV:-$PWD/.venv-e2e}" e2e/requirements.lock "the AWS emulator"
