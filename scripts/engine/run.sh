#!/usr/bin/env bash
# Runs a command with the engine chosen and made ready by scripts/engine/use.sh.
#   bash scripts/engine/run.sh npx ts-node --swc scripts/engine/validate.ts
set -euo pipefail
# shellcheck source=use.sh
. "$(dirname "${BASH_SOURCE[0]}")/use.sh"
exec "$@"
