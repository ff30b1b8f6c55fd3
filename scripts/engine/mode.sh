#!/usr/bin/env bash
# Prints the engine mode the tests use, "registry" or "built" (see use.sh): LAKEHOUSE_ENGINE when it
# names one; otherwise built when LAKEHOUSE_PROVIDER_SOURCES names the provider sources, registry when
# the public registry answers and an engine is on PATH (or LAKEHOUSE_ENGINE_BIN), built otherwise.
set -euo pipefail
mode="${LAKEHOUSE_ENGINE:-auto}"
case "$mode" in
  registry|built) echo "$mode"; exit 0 ;;
  auto) ;;
  *) echo "engine: LAKEHOUSE_ENGINE=$mode is not one of auto, registry, built" >&2; exit 1 ;;
esac
if [ -n "${LAKEHOUSE_PROVIDER_SOURCES:-}" ]; then echo built; exit 0; fi
if [ -n "${LAKEHOUSE_ENGINE_BIN:-}" ]; then engine="$(command -v "$LAKEHOUSE_ENGINE_BIN" || true)"; else engine="$(command -v tofu || command -v terraform || true)"; fi
# A machine without registry access fails the probe at once (no DNS) rather than timing out.
probe=https://registry.opentofu.org/.well-known/terraform.json
if [ -n "$engine" ] && { curl -fsS -m 10 -o /dev/null "$probe" 2>/dev/null \
  || node -e 'fetch(process.argv[1],{signal:AbortSignal.timeout(10000)}).then(r=>process.exit(r.ok?0:1),()=>process.exit(1))' "$probe" 2>/dev/null; }; then
  echo registry
else
  echo built
fi
