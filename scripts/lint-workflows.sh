#!/usr/bin/env bash
# Lints .github/workflows with actionlint (syntax, expressions, action inputs, job dependencies).
set -euo pipefail
cd "$(dirname "$0")/.."
actionlint="$(bash scripts/setup/actionlint.sh)"
"$actionlint" -no-color -oneline .github/workflows/*.yml
echo "actionlint: $(ls .github/workflows/*.yml | wc -l) workflow files, no problems"
