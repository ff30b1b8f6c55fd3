# Source this file (bash): chooses the Terraform engine and providers the tests run with, makes
# them ready, and exports what cdktn, the test runners and the emulator test read:
#   LAKEHOUSE_ENGINE        built | registry (the choice, after auto)
#   TERRAFORM_BINARY_NAME   the engine binary (the variable cdktn's CLI reads)
#   TF_CLI_CONFIG_FILE      built only: providers from the local mirror, nothing else
#   TF_PLUGIN_CACHE_DIR     one copy of each provider for all stacks
#   LAKEHOUSE_ENGINE_REPORT one line saying which engine and which provider builds are in use
#
# The choice (LAKEHOUSE_ENGINE, default auto):
#   registry  `tofu` (or `terraform`) from PATH, or LAKEHOUSE_ENGINE_BIN, with the pinned
#             providers from the public registry: a laptop or a hosted CI runner; no Go needed.
#   built     OpenTofu and the providers built from source by scripts/engine/install.sh into the
#             cache outside the repository: a machine that reaches no Terraform registry.
#   auto      registry when the public registry answers and an engine is on PATH (or named);
#             built otherwise, and always when LAKEHOUSE_PROVIDER_SOURCES names the sources.
# LAKEHOUSE_PROVIDERS (see install.sh) limits which providers a built engine needs.

_lakehouse_here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
_lakehouse_cache="${XDG_CACHE_HOME:-$HOME/.cache}"

_lakehouse_engine_on_path() {
  if [ -n "${LAKEHOUSE_ENGINE_BIN:-}" ]; then command -v "$LAKEHOUSE_ENGINE_BIN"; return; fi
  command -v tofu || command -v terraform
}

_lakehouse_mode="$(bash "$_lakehouse_here/mode.sh")" || { return 1 2>/dev/null || exit 1; }
case "$_lakehouse_mode" in
  registry)
    _lakehouse_bin="$(_lakehouse_engine_on_path || true)"
    if [ -z "$_lakehouse_bin" ]; then
      echo "engine: LAKEHOUSE_ENGINE=registry needs OpenTofu or Terraform on PATH (or LAKEHOUSE_ENGINE_BIN). Fix: install OpenTofu 1.12, or use LAKEHOUSE_ENGINE=built" >&2
      return 1 2>/dev/null || exit 1
    fi
    export TERRAFORM_BINARY_NAME="$_lakehouse_bin"
    unset TF_CLI_CONFIG_FILE
    export TF_PLUGIN_CACHE_DIR="${TF_PLUGIN_CACHE_DIR:-$_lakehouse_cache/lakehouse-blueprint/tf-plugins}"
    mkdir -p "$TF_PLUGIN_CACHE_DIR"
    export LAKEHOUSE_ENGINE_REPORT="$("$_lakehouse_bin" version 2>/dev/null | grep -m1 -E "^(OpenTofu|Terraform) v") ($_lakehouse_bin), providers at the versions the stacks pin from the public registry"
    ;;
  built)
    bash "$_lakehouse_here/install.sh" >&2 || { return 1 2>/dev/null || exit 1; }
    # shellcheck source=env.sh
    . "$_lakehouse_here/env.sh" || { return 1 2>/dev/null || exit 1; }
    export TF_PLUGIN_CACHE_DIR="$LAKEHOUSE_ENGINE_HOME/plugin-cache"
    mkdir -p "$TF_PLUGIN_CACHE_DIR"
    export LAKEHOUSE_ENGINE_REPORT="$(node -e '
      const m = require(process.argv[1]);
      const p = m.providers.map((x) => `${x.name} ${x.version} (${x.substitute ? "SUBSTITUTE, " + x.detail.replace(/^SUBSTITUTE: /, "") : x.origin})`);
      console.log(`OpenTofu v${m.engine.version} (${m.engine.origin}); providers: ${p.join("; ")}`);
    ' "$LAKEHOUSE_ENGINE_HOME/engine.json")"
    ;;
esac
export LAKEHOUSE_ENGINE="$_lakehouse_mode"
export CHECKPOINT_DISABLE=1 TF_IN_AUTOMATION=1
echo "engine ($LAKEHOUSE_ENGINE): $LAKEHOUSE_ENGINE_REPORT" >&2
unset _lakehouse_here _lakehouse_cache _lakehouse_mode _lakehouse_bin
unset -f _lakehouse_engine_on_path
