#!/usr/bin/env bash
# Installs a Terraform-compatible engine (OpenTofu) and the Terraform providers
# pinned by the cdktf prebuilt bindings, built from source through the Go
# module proxy, into a cache OUTSIDE the repository.
#
#   scripts/engine/install.sh                      # engine + every obtainable provider
#   LAKEHOUSE_PROVIDERS="time random" scripts/engine/install.sh
#   LAKEHOUSE_PROVIDERS=none scripts/engine/install.sh   # engine only
#   source scripts/engine/env.sh                   # then use tofu / cdktf
#
# Environment:
#   LAKEHOUSE_ENGINE_HOME   cache root (default ${XDG_CACHE_HOME:-$HOME/.cache}/lakehouse-engine)
#   LAKEHOUSE_PROVIDERS     space/comma separated subset of: time random azurerm databricks aws
#                           ("all" = default, "none" = engine only)
#   LAKEHOUSE_TOFU_VERSION  force one OpenTofu version (default: newest candidate that builds)
#   LAKEHOUSE_GO            go binary (default: go on PATH, else /usr/local/go/bin/go)
#   LAKEHOUSE_ENGINE_GOMODCACHE / LAKEHOUSE_ENGINE_GOCACHE
#                           Go module / build caches (default: under the cache root)
#   LAKEHOUSE_ENGINE_PRUNE=1  after building, drop the Go build cache (several GB) and
#                           any source copies left by failed builds
#   LAKEHOUSE_ENGINE_SUBSTITUTES  "all" or a list of provider names: when the pinned
#                           release's source is not served, build the newer source that
#                           IS served and register it under the pinned version number
#                           (so `tofu init` accepts the cdktf pin). Off by default; the
#                           binary is then NOT the pinned release (newer schema, same major).
#   LAKEHOUSE_<NAME>_MODVER override the module version built for provider NAME
#
# Idempotent: each artefact carries a stamp (module@version + Go version +
# recipe); a rerun with everything built only checks stamps and rewrites the
# CLI config. A provider whose source the module proxy refuses is skipped
# with a message; the script still succeeds. A compile failure is an error.
set -euo pipefail

RECIPE=1 # bump to force rebuilds when the build recipe changes

# ---------------------------------------------------------------- versions ---
# OpenTofu versions tried, newest first (served by the Go module proxy).
TOFU_CANDIDATES=(v1.12.6 v1.10.10 v1.10.6 v1.9.4)

# name | registry namespace | provider version (what cdktf pins) | Go module | module version
#      | substitute module version (opt-in, see LAKEHOUSE_ENGINE_SUBSTITUTES; a leading
#        "!" marks a different major version, used only when the provider is named)
# Modules without a /vN suffix cannot use their vN>=2 tags: their releases are
# only reachable as pseudo-versions at the release commit, which need the
# commit's timestamp; "-" marks a release for which none is known/served here.
PROVIDERS_TABLE=(
  # tag v0.13.1 = commit aeccb44b5627498df071790595c925cff35469d1
  "time|hashicorp|0.13.1|github.com/hashicorp/terraform-provider-time|v0.13.1|-"
  # tag v3.7.2 = commit 10e507275a3fe5ff3f442dab98c1b1f3b4ce487c (pseudo-version not served);
  # the served source is random 3.9.x (after v3.9.0)
  "random|hashicorp|3.7.2|github.com/hashicorp/terraform-provider-random|${LAKEHOUSE_RANDOM_MODVER:--}|v1.3.2-0.20260824155315-e1092b0cfc07"
  # tag v4.55.0 = commit 37bf7f03b661b804a59fd62fd6f6e6b8ee4a69df (pseudo-version not served);
  # the served source is azurerm 5.2.x: another major version
  "azurerm|hashicorp|4.55.0|github.com/hashicorp/terraform-provider-azurerm|${LAKEHOUSE_AZURERM_MODVER:--}|!v1.44.1-0.20260824201233-fae580791926"
  # every version of this module is refused by the proxy here (403)
  "databricks|databricks|1.99.0|github.com/databricks/terraform-provider-databricks|${LAKEHOUSE_DATABRICKS_MODVER:-v1.99.0}|-"
  # tag v6.25.0 (pseudo-version not served); built last, it is the big one
  "aws|hashicorp|6.25.0|github.com/hashicorp/terraform-provider-aws|${LAKEHOUSE_AWS_MODVER:--}|v1.60.1-0.20260602190131-5f2286d6d836"
)

# ------------------------------------------------------------------ set-up ---
ROOT="${LAKEHOUSE_ENGINE_HOME:-${XDG_CACHE_HOME:-$HOME/.cache}/lakehouse-engine}"
GO_BIN="${LAKEHOUSE_GO:-$(command -v go || true)}"
[ -n "$GO_BIN" ] || GO_BIN=/usr/local/go/bin/go
[ -x "$GO_BIN" ] || { echo "install.sh: no Go toolchain (set LAKEHOUSE_GO)" >&2; exit 1; }

REPO_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
mkdir -p "$ROOT"
ROOT="$(cd "$ROOT" && pwd)"
case "$ROOT/" in
  "$REPO_DIR"/*) echo "install.sh: cache root $ROOT is inside the repository; choose another LAKEHOUSE_ENGINE_HOME" >&2; exit 1 ;;
esac

MIRROR="$ROOT/mirror"
STAMPS="$ROOT/stamps"
LOGS="$ROOT/logs"
SRC="$ROOT/src"
TOFURC="$ROOT/tofurc"
mkdir -p "$MIRROR" "$STAMPS" "$LOGS" "$SRC" "$ROOT/bin"

export GOMODCACHE="${LAKEHOUSE_ENGINE_GOMODCACHE:-$ROOT/go/mod}"
export GOCACHE="${LAKEHOUSE_ENGINE_GOCACHE:-$ROOT/go/build}"
export GOFLAGS="-mod=mod -buildvcs=false"
export CGO_ENABLED=0
export GOTOOLCHAIN=local
export GOWORK=off
unset GOOS GOARCH
GOVERSION="$("$GO_BIN" env GOVERSION)"
PLATFORM="$("$GO_BIN" env GOOS)_$("$GO_BIN" env GOARCH)"

# One run at a time per cache root.
exec 9>"$ROOT/.lock"
if command -v flock >/dev/null 2>&1; then
  flock -n 9 || { echo "install.sh: waiting for another run on $ROOT ..."; flock 9; }
fi

T0=$(date +%s)
SUMMARY=()
log() { printf '[engine %4ss] %s\n' "$(( $(date +%s) - T0 ))" "$*"; }
dusize() { [ -d "$1" ] && du -sm "$1" 2>/dev/null | cut -f1 || echo 0; }
stamp_ok() { [ -f "$STAMPS/$1" ] && [ "$(cat "$STAMPS/$1")" = "$2" ]; }

# Runs a command in the background with niceness, a heartbeat every 60 s, and
# /usr/bin/time -v (peak RSS) when available. Output goes to a log file.
run_logged() { # name dir logfile cmd...
  local name=$1 dir=$2 logfile=$3; shift 3
  local start=$SECONDS rc=0 timer=()
  [ -x /usr/bin/time ] && timer=(/usr/bin/time -v)
  (cd "$dir" && exec nice -n 10 "${timer[@]}" "$@") >"$logfile" 2>&1 &
  local pid=$!
  while kill -0 "$pid" 2>/dev/null; do
    for _ in $(seq 60); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
    kill -0 "$pid" 2>/dev/null && log "  ... $name still building ($(( SECONDS - start ))s elapsed, log: $logfile)"
  done
  wait "$pid" || rc=$?
  BUILD_SECS=$(( SECONDS - start ))
  PEAK_MB=$(awk -F': ' '/Maximum resident set size/ {printf "%d", $2/1024}' "$logfile" 2>/dev/null || true)
  return $rc
}

# go mod download; sets MOD_DIR, or returns 2 and sets DL_ERROR if the proxy
# refuses the version.
download_module() { # module version logfile
  local out rc=0
  out="$(cd "$SRC" && "$GO_BIN" mod download -json "$1@$2" 2>&1)" || rc=$?
  printf '%s\n' "$out" >"$3"
  local dir err
  dir="$(printf '%s\n' "$out" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",\{0,1\}$/\1/p' | head -n1)"
  err="$(printf '%s\n' "$out" | sed -n 's/^[[:space:]]*"Error": "\(.*\)",\{0,1\}$/\1/p' | head -n1)"
  if [ $rc -ne 0 ] || [ -z "$dir" ] || [ -n "$err" ]; then
    DL_ERROR="${err:-$(printf '%s' "$out" | tail -n 3 | tr '\n' ' ')}"
    DL_ERROR="${DL_ERROR//\\n\\t/ }"
    return 2
  fi
  MOD_DIR="$dir"
}

# Builds package $3 of module $1@$2 inside a writable copy of the module (so
# that its go.mod replace directives apply) into $4.
build_module() { # name module version pkg out ldflags
  local name=$1 module=$2 ver=$3 pkg=$4 out=$5 ldflags=$6
  local dl_log="$LOGS/$name-download.log" build_log="$LOGS/$name-build.log"
  local mod0 build0 dir t start
  mod0=$(dusize "$GOMODCACHE"); build0=$(dusize "$GOCACHE")
  log "$name: downloading $module@$ver"
  start=$SECONDS
  DL_ERROR=""; MOD_DIR=""
  download_module "$module" "$ver" "$dl_log" || return 2
  dir="$MOD_DIR"
  log "$name: source in $dir ($(( SECONDS - start ))s)"
  local work="$SRC/$name@$ver"
  rm -rf "$work"; cp -r "$dir" "$work"; chmod -R u+w "$work"
  log "$name: building $pkg (nice -n 10, log: $build_log)"
  mkdir -p "$(dirname "$out")"
  if ! run_logged "$name" "$work" "$build_log" \
        "$GO_BIN" build -trimpath -ldflags="$ldflags" -o "$out.tmp" "$pkg"; then
    log "$name: BUILD FAILED after ${BUILD_SECS}s; last lines of $build_log:"
    tail -n 25 "$build_log" >&2
    rm -f "$out.tmp"
    return 1
  fi
  mv -f "$out.tmp" "$out"
  rm -rf "$work" # the writable source copy is only kept after a failed build
  local size mod1 build1
  size=$(( $(stat -c %s "$out") / 1024 / 1024 ))
  mod1=$(dusize "$GOMODCACHE"); build1=$(dusize "$GOCACHE")
  t="$name: built in $(( SECONDS - start ))s (compile ${BUILD_SECS}s), binary ${size} MiB, peak RSS ${PEAK_MB:-?} MiB, Go module cache +$(( mod1 - mod0 )) MiB (now ${mod1}), Go build cache +$(( build1 - build0 )) MiB (now ${build1})"
  log "$t"
  echo "$(date -u +%FT%TZ) $module@$ver $t" >>"$LOGS/measurements.log"
  SUMMARY+=("$t")
}

# ------------------------------------------------------------------ engine ---
tofu_ok() { env -u TF_CLI_CONFIG_FILE "$1" version 2>/dev/null; }

install_tofu() {
  local candidates=("${TOFU_CANDIDATES[@]}")
  [ -n "${LAKEHOUSE_TOFU_VERSION:-}" ] && candidates=("v${LAKEHOUSE_TOFU_VERSION#v}")
  local v
  for v in "${candidates[@]}"; do
    local key="github.com/opentofu/opentofu@$v go=$GOVERSION recipe=$RECIPE"
    local out="$ROOT/tofu/$v/tofu"
    if [ -x "$out" ] && stamp_ok "tofu-$v" "$key" && tofu_ok "$out" >/dev/null; then
      ln -sfn "$out" "$ROOT/bin/tofu"
      log "tofu: $v already installed ($out)"
      SUMMARY+=("tofu: $v cached")
      return 0
    fi
  done
  for v in "${candidates[@]}"; do
    local key="github.com/opentofu/opentofu@$v go=$GOVERSION recipe=$RECIPE"
    local out="$ROOT/tofu/$v/tofu" rc=0
    build_module tofu github.com/opentofu/opentofu "$v" ./cmd/tofu "$out" \
      "-s -w -X github.com/opentofu/opentofu/version.dev=no" || rc=$?
    if [ $rc -eq 0 ] && tofu_ok "$out"; then
      echo "$key" >"$STAMPS/tofu-$v"
      ln -sfn "$out" "$ROOT/bin/tofu"
      log "tofu: $(tofu_ok "$out" | head -n1) -> $ROOT/bin/tofu"
      return 0
    fi
    [ $rc -eq 2 ] && log "tofu: $v not obtainable: $DL_ERROR"
    log "tofu: $v unusable, trying the next candidate"
  done
  log "tofu: no candidate version could be built"; return 1
}

# --------------------------------------------------------------- providers ---
selected() { # name
  local sel="${LAKEHOUSE_PROVIDERS:-all}"
  sel=" ${sel//,/ } "
  [[ "$sel" == *" all "* ]] && return 0
  [[ "$sel" == *" $1 "* ]]
}

substitutes_allowed() { # name substitute
  local sel=" ${LAKEHOUSE_ENGINE_SUBSTITUTES:-} "
  sel="${sel//,/ }"
  [ "$2" != "-" ] || return 1
  [[ "$sel" == *" $1 "* ]] && return 0
  [[ "$sel" == *" all "* && "$2" != "!"* ]]
}

link_into_mirror() { # binary rel
  local h dst
  for h in registry.opentofu.org registry.terraform.io; do
    dst="$MIRROR/$h/$2"
    mkdir -p "$(dirname "$dst")"
    [ "$1" -ef "$dst" ] || { rm -f "$dst"; ln "$1" "$dst" 2>/dev/null || cp -f "$1" "$dst"; }
  done
}

unlink_from_mirror() { # rel
  rm -f "$MIRROR/registry.opentofu.org/$1" "$MIRROR/registry.terraform.io/$1"
}

install_provider() { # name ns version module modver substitute
  local name=$1 ns=$2 pver=$3 module=$4 modver=$5 subst=$6 subst_ok=0
  substitutes_allowed "$name" "$subst" && subst_ok=1
  subst="${subst#!}"
  local rel="$ns/$name/$pver/$PLATFORM/terraform-provider-${name}_v$pver"
  local out="$MIRROR/registry.opentofu.org/$rel" rc=2
  local key="$module@$modver go=$GOVERSION recipe=$RECIPE"
  DL_ERROR="no module version of release $pver is known to be served"
  # 1. the pinned release itself
  if [ "$modver" != "-" ]; then
    if [ -x "$out" ] && stamp_ok "provider-$name-$pver" "$key"; then
      log "$name $pver: already installed"
      rc=0
    else
      rm -f "$STAMPS/provider-$name-$pver"
      rc=0
      build_module "$name" "$module" "$modver" . "$out" "-s -w -X main.version=$pver" || rc=$?
      [ $rc -eq 0 ] && echo "$key" >"$STAMPS/provider-$name-$pver"
    fi
    if [ $rc -eq 0 ]; then
      link_into_mirror "$out" "$rel"
      SUMMARY+=("$name $pver: $out")
      return 0
    fi
    [ $rc -eq 2 ] || return 1
  fi
  # Not obtainable: whatever the mirror holds under this version is not the release.
  rm -f "$STAMPS/provider-$name-$pver"
  unlink_from_mirror "$rel"
  # 2. opt-in substitute: newer served source, kept aside and linked under $pver
  if [ $subst_ok = 1 ]; then
    local sout="$ROOT/substitutes/$name@$subst/terraform-provider-$name"
    local skey="$module@$subst go=$GOVERSION recipe=$RECIPE"
    log "$name $pver: pinned source not obtainable ($DL_ERROR)"
    if [ -x "$sout" ] && stamp_ok "substitute-$name@$subst" "$skey"; then
      log "$name $pver: SUBSTITUTE $module@$subst already built"
    else
      log "$name $pver: SUBSTITUTE: building $module@$subst to register it as $pver"
      rc=0
      build_module "$name" "$module" "$subst" . "$sout" "-s -w -X main.version=$pver" || rc=$?
      [ $rc -eq 0 ] || { [ $rc -eq 2 ] && log "$name: substitute not obtainable either: $DL_ERROR"; return 1; }
      echo "$skey" >"$STAMPS/substitute-$name@$subst"
    fi
    link_into_mirror "$sout" "$rel"
    log "$name $pver: WARNING: $out is a SUBSTITUTE built from $module@$subst, not release $pver"
    SUMMARY+=("$name $pver: $out (SUBSTITUTE built from $module@$subst)")
    return 0
  fi
  log "$name $pver: SKIPPED: source not obtainable: $DL_ERROR"
  [ "$subst" != "-" ] && log "$name $pver: (a newer source is served: LAKEHOUSE_ENGINE_SUBSTITUTES=$name builds $module@$subst and registers it as $pver)"
  SUMMARY+=("$name $pver: SKIPPED, source not obtainable ($DL_ERROR)")
  return 0
}

write_tofurc() {
  cat >"$TOFURC.tmp" <<EOF
# Written by scripts/engine/install.sh: providers only from the local mirror
# (no registry is reachable from this machine).
provider_installation {
  filesystem_mirror {
    path    = "$MIRROR"
    include = ["registry.opentofu.org/*/*", "registry.terraform.io/*/*"]
  }
}
EOF
  mv -f "$TOFURC.tmp" "$TOFURC"
}

# -------------------------------------------------------------------- main ---
log "cache root $ROOT ($GOVERSION, $PLATFORM)"
install_tofu
FAILED=()
for row in "${PROVIDERS_TABLE[@]}"; do
  IFS='|' read -r name ns pver module modver subst <<<"$row"
  selected "$name" || continue
  install_provider "$name" "$ns" "$pver" "$module" "$modver" "$subst" || FAILED+=("$name")
done
write_tofurc
if [ "${LAKEHOUSE_ENGINE_PRUNE:-0}" = 1 ]; then
  log "pruning Go build cache and source copies"
  "$GO_BIN" clean -cache >/dev/null 2>&1 || true
  rm -rf "$SRC"; mkdir -p "$SRC"
fi

log "done in $(( $(date +%s) - T0 ))s"
for s in "${SUMMARY[@]}"; do echo "  - $s"; done
echo "  tofu:        $ROOT/bin/tofu"
echo "  CLI config:  $TOFURC"
echo "  use:         source scripts/engine/env.sh"
if [ ${#FAILED[@]} -gt 0 ]; then
  echo "install.sh: build failed for: ${FAILED[*]} (see $LOGS)" >&2
  exit 1
fi
