#!/usr/bin/env bash
# Installs the locked npm dependencies when node_modules is missing or older than package-lock.json.
# Idempotent: a second run with nothing changed returns at once. npm's own cache lives outside the repo.
set -euo pipefail
cd "$(dirname "$0")/../.."
if [ -f node_modules/.package-lock.json ] && [ node_modules/.package-lock.json -nt package-lock.json ]; then
  exit 0
fi
echo "Installing npm dependencies (npm ci)..." >&2
npm ci --no-audit --no-fund --loglevel=error
