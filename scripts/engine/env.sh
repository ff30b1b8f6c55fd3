# Source this file (bash/zsh): `source scripts/engine/env.sh`.
# Points cdktn and tofu at the engine and provider mirror that
# scripts/engine/install.sh built in the cache outside the repository.
_lakehouse_engine_root="${LAKEHOUSE_ENGINE_HOME:-${XDG_CACHE_HOME:-$HOME/.cache}/lakehouse-engine}"
if [ ! -x "$_lakehouse_engine_root/bin/tofu" ] || [ ! -f "$_lakehouse_engine_root/tofurc" ]; then
  echo "scripts/engine/env.sh: no engine in $_lakehouse_engine_root; run scripts/engine/install.sh first" >&2
  unset _lakehouse_engine_root
  return 1 2>/dev/null || exit 1
fi
export LAKEHOUSE_ENGINE_HOME="$_lakehouse_engine_root"
export TERRAFORM_BINARY_NAME="$_lakehouse_engine_root/bin/tofu"
export TF_CLI_CONFIG_FILE="$_lakehouse_engine_root/tofurc"
case ":$PATH:" in
  *":$_lakehouse_engine_root/bin:"*) ;;
  *) export PATH="$_lakehouse_engine_root/bin:$PATH" ;;
esac
unset _lakehouse_engine_root
