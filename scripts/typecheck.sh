#!/usr/bin/env bash
# `npm run typecheck`: tsc --noEmit over every source tsconfig.json includes, the project's only
# type-check. Incremental: tsc keeps what it learnt (each file's hash and its diagnostics) in a
# .tsbuildinfo and, next time, re-checks only the files that changed and those that depend on them,
# and still reports every error, old ones included. That file lives in the cache outside the repository
# (${LAKEHOUSE_CACHE_DIR:-~/.cache/lakehouse-blueprint}/tsc/, one per clone or worktree, named after its
# path), so `npm ci` and a fresh checkout do not throw it away; without it (a new clone) tsc checks
# everything from scratch. Extra arguments go to tsc (e.g. --extendedDiagnostics).
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=setup/cache-dir.sh
. scripts/setup/cache-dir.sh
cache="$lakehouse_cache/tsc"
mkdir -p "$cache"
clone="$(pwd -P | sha256sum | cut -c1-16)"
exec node_modules/.bin/tsc --noEmit --incremental --tsBuildInfoFile "$cache/$clone.tsbuildinfo" "$@"
