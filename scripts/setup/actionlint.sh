#!/usr/bin/env bash
# Installs actionlint (the GitHub Actions workflow linter) from the Go module proxy into a cache
# outside the repository, once, and prints its path. Idempotent: a second run only prints the path.
set -euo pipefail
version=v1.7.12
tools="${LAKEHOUSE_TOOLS_HOME:-$HOME/.cache/lakehouse-tools}"
bin="$tools/actionlint-$version/actionlint"
if [ ! -x "$bin" ]; then
  echo "Building actionlint $version (Go module proxy)..." >&2
  mkdir -p "$(dirname "$bin")"
  GOBIN="$(dirname "$bin")" GOFLAGS=-mod=mod CGO_ENABLED=0 go install "github.com/rhysd/actionlint/cmd/actionlint@$version" >&2
fi
echo "$bin"
