#!/usr/bin/env bash
# `npm test`: every suite, in order, with each step's wall time at the end. When the tests will use
# the built engine (scripts/engine/mode.sh), its builds start first, in the background, so that on a
# cold machine they overlap the type-check, jest, the workflow and link lints and the scan; the engine steps then
# wait for them through install.sh's per-build locks (nothing is built twice). The background builds
# are stopped if the run ends before it needs them.
set -euo pipefail
cd "$(dirname "$0")/.."
steps=(typecheck lint test:unit test:cli lint:workflows lint:links scan validate test:plan test:new-team test:python test:e2e)

prebuild=""
if [ "$(bash scripts/engine/mode.sh)" = built ]; then
  log="${LAKEHOUSE_ENGINE_HOME:-${XDG_CACHE_HOME:-$HOME/.cache}/lakehouse-engine}/prebuild.log"
  mkdir -p "$(dirname "$log")"
  setsid bash scripts/engine/install.sh >"$log" 2>&1 </dev/null &
  prebuild=$!
  echo "engine: building in the background while the first steps run (log: $log)" >&2
fi
stop_prebuild() { [ -n "$prebuild" ] && kill -0 "$prebuild" 2>/dev/null && kill -- "-$prebuild" 2>/dev/null || true; }
trap stop_prebuild EXIT

timings=()
start=$SECONDS
for step in "${steps[@]}"; do
  t=$SECONDS
  npm run --silent "$step"
  timings+=("$(printf '%-15s %5ds' "$step" $(( SECONDS - t )))")
done
echo "== npm test: every step passed in $(( SECONDS - start ))s"
printf '   %s\n' "${timings[@]}"
