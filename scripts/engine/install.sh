#!/usr/bin/env bash
# Installs the offline engine: OpenTofu and the Terraform providers pinned by the CDK Terrain prebuilt
# bindings (and the time provider of constructs/time), built from source into a cache OUTSIDE the repository, laid out as a filesystem mirror.
# Independent builds run side by side; a second run with everything built only checks stamps.
#
#   scripts/engine/install.sh                                   # engine + every provider
#   LAKEHOUSE_PROVIDERS="time aws" scripts/engine/install.sh    # engine + a subset
#   LAKEHOUSE_PROVIDERS=none scripts/engine/install.sh          # engine only
#   source scripts/engine/env.sh                                # then use tofu / cdktn
#
# Where each provider's source comes from (see scripts/engine/README.md):
#   archive     the exact upstream release, a source archive in $LAKEHOUSE_PROVIDER_SOURCES whose
#               SHA-256 must equal the value pinned below (checked before anything is built)
#   module      the exact release, from the Go module proxy
#   substitute  the release is not obtainable here: the nearest obtainable source of the same major
#               version (a checked archive, or a Go module) is built and registered under the pinned
#               number, and labelled SUBSTITUTE in every report (engine.json, the validate and
#               plan-test output)
#
# Environment:
#   LAKEHOUSE_PROVIDER_SOURCES  directory holding the provider source archives (required for the
#                               archive providers; a missing one is an error naming the file)
#   LAKEHOUSE_ENGINE_HOME       cache root (default ${XDG_CACHE_HOME:-$HOME/.cache}/lakehouse-engine)
#   LAKEHOUSE_PROVIDERS         space/comma separated subset of: time azurerm databricks aws
#                               ("all" = default, "none" = engine only)
#   LAKEHOUSE_TOFU_VERSION      OpenTofu version to build (default below)
#   LAKEHOUSE_GO                go binary (default: go on PATH, else /usr/local/go/bin/go)
#   LAKEHOUSE_ENGINE_PRUNE=1    after building, drop the Go build cache (several GB)
#
# Writes $ROOT/engine.json: the engine and each provider with its origin, read by the test runners
# so that every run prints what it used.
set -euo pipefail

RECIPE=1 # bump to force rebuilds when the build recipe changes

TOFU_MODULE=github.com/opentofu/opentofu
TOFU_VERSION="${LAKEHOUSE_TOFU_VERSION:-1.12.6}"
TOFU_VERSION="v${TOFU_VERSION#v}"

# One row per provider: name|registry namespace|version the stacks pin|origin|archive or module|sha256
# (archives only), from the one provider table (scripts/engine/providers.json, read and checked against
# the installed bindings by provider-table.js; a table that disagrees with a binding stops here).
PROVIDERS_TABLE_OUT="$(node "$(dirname "${BASH_SOURCE[0]}")/provider-table.js")" || {
  echo "install.sh: the provider table disagrees with the bindings (see above); nothing was built" >&2
  exit 1
}
mapfile -t PROVIDERS_TABLE <<<"$PROVIDERS_TABLE_OUT"

# ------------------------------------------------------------------ set-up ---
ROOT="${LAKEHOUSE_ENGINE_HOME:-${XDG_CACHE_HOME:-$HOME/.cache}/lakehouse-engine}"
GO_BIN="${LAKEHOUSE_GO:-$(command -v go || true)}"
[ -n "$GO_BIN" ] || GO_BIN=/usr/local/go/bin/go
[ -x "$GO_BIN" ] || {
  echo "install.sh: no Go toolchain found. Fix: install Go (1.24 or newer) or set LAKEHOUSE_GO," >&2
  echo "  or use an engine and providers from the public registry: LAKEHOUSE_ENGINE=registry" >&2
  exit 1
}

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
LOCKS="$ROOT/locks"
TOFURC="$ROOT/tofurc"
mkdir -p "$MIRROR" "$STAMPS" "$LOGS" "$SRC" "$LOCKS" "$ROOT/bin" "$ROOT/origins"

export GOMODCACHE="${LAKEHOUSE_ENGINE_GOMODCACHE:-$ROOT/go/mod}"
export GOCACHE="${LAKEHOUSE_ENGINE_GOCACHE:-$ROOT/go/build}"
export GOFLAGS="-mod=mod -buildvcs=false"
export CGO_ENABLED=0
export GOTOOLCHAIN=local
export GOWORK=off
unset GOOS GOARCH
GOVERSION="$("$GO_BIN" env GOVERSION)"
PLATFORM="$("$GO_BIN" env GOOS)_$("$GO_BIN" env GOARCH)"

T0=$(date +%s)
log() { printf '[engine %4ss] %s\n' "$(( $(date +%s) - T0 ))" "$*" >&2; }
archive_key() { echo "archive $1 sha256=$2 go=$GOVERSION recipe=$RECIPE"; } # file sha256
stamp_ok() { [ -f "$STAMPS/$1" ] && [ "$(cat "$STAMPS/$1")" = "$2" ]; }

# Runs a build in the background at low priority with a heartbeat every 60 s and /usr/bin/time -v
# (peak RSS) when available. Sets BUILD_SECS and PEAK_MB.
run_logged() { # name dir logfile cmd...
  local name=$1 dir=$2 logfile=$3; shift 3
  local start=$SECONDS rc=0 timer=()
  [ -x /usr/bin/time ] && timer=(/usr/bin/time -v)
  (cd "$dir" && exec nice -n 10 "${timer[@]}" "$@") >"$logfile" 2>&1 &
  local pid=$!
  while kill -0 "$pid" 2>/dev/null; do
    for _ in $(seq 60); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
    kill -0 "$pid" 2>/dev/null && log "  ... $name still building ($(( SECONDS - start ))s, log: $logfile)"
  done
  wait "$pid" || rc=$?
  BUILD_SECS=$(( SECONDS - start ))
  PEAK_MB=$(awk -F': ' '/Maximum resident set size/ {printf "%d", $2/1024}' "$logfile" 2>/dev/null || true)
  return $rc
}

# Compiles the main package of the source tree in $2 into $3, and records the measurement.
compile() { # name dir out ldflags what
  local name=$1 dir=$2 out=$3 ldflags=$4 what=$5 start=$SECONDS
  mkdir -p "$(dirname "$out")"
  log "$name: building $what (nice -n 10, log: $LOGS/$name-build.log)"
  # -N -l (no optimisation, no inlining): about a quarter less compile time (databricks measured
  # here: 205 s of CPU instead of 281 s); the providers only plan and validate, so their speed is moot.
  if ! run_logged "$name" "$dir" "$LOGS/$name-build.log" "$GO_BIN" build -trimpath -gcflags="all=-N -l" -ldflags="$ldflags" -o "$out.tmp" .; then
    log "$name: BUILD FAILED after ${BUILD_SECS}s; last lines of $LOGS/$name-build.log:"
    tail -n 25 "$LOGS/$name-build.log" >&2
    rm -f "$out.tmp"
    return 1
  fi
  mv -f "$out.tmp" "$out"
  local t
  t="$name: $what built in ${BUILD_SECS}s wall, peak RSS ${PEAK_MB:-?} MiB, binary $(( $(stat -c %s "$out") / 1048576 )) MiB"
  log "$t"
  echo "$(date -u +%FT%TZ) $GOVERSION $t" >>"$LOGS/measurements.log"
}

# Source of a Go module from the proxy, in a writable copy (so its go.mod replace directives
# apply). Prints the directory; fails with the proxy's answer when the version is not served.
module_source() { # name module@version
  local out dir
  if ! out="$(cd "$SRC" && "$GO_BIN" mod download -json "$2" 2>&1)"; then
    log "$1: $2 is not obtainable from the Go module proxy: $(printf '%s' "$out" | grep -m1 '"Error"' || printf '%s' "$out" | tail -n 2)"
    return 1
  fi
  dir="$(printf '%s\n' "$out" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",\{0,1\}$/\1/p' | head -n1)"
  rm -rf "$SRC/$1"; cp -r "$dir" "$SRC/$1"; chmod -R u+w "$SRC/$1"
  echo "$SRC/$1"
}

# Checks an archive in LAKEHOUSE_PROVIDER_SOURCES against its pinned SHA-256; says why it fails.
check_archive() { # name file sha256
  local dir="${LAKEHOUSE_PROVIDER_SOURCES:-}" file=$2 got
  if [ -z "$dir" ]; then
    log "$1: LAKEHOUSE_PROVIDER_SOURCES is not set. Fix: point it at the directory holding $file"
    log "$1:   (or use the public registry's providers: LAKEHOUSE_ENGINE=registry)"
    return 1
  fi
  if [ ! -f "$dir/$file" ]; then
    log "$1: $dir/$file does not exist. Fix: put the upstream source archive $file there"
    return 1
  fi
  got="$(sha256sum "$dir/$file" | cut -d' ' -f1)"
  if [ "$got" != "$3" ]; then
    log "$1: $dir/$file has SHA-256 $got, but $3 is pinned. Fix: use the unchanged upstream archive"
    return 1
  fi
}

# Source of a checked archive, extracted into a fresh directory; prints the directory.
archive_source() { # name file sha256
  check_archive "$@" || return 1
  rm -rf "${SRC:?}/$1"; mkdir -p "$SRC/$1"
  tar -xzf "$LAKEHOUSE_PROVIDER_SOURCES/$2" -C "$SRC/$1" --strip-components=1
  echo "$SRC/$1"
}

is_archive() { [[ "$1" == *.tar.gz ]]; } # where

link_into_mirror() { # binary rel
  local h dst
  for h in registry.opentofu.org registry.terraform.io; do
    dst="$MIRROR/$h/$2"
    mkdir -p "$(dirname "$dst")"
    [ "$1" -ef "$dst" ] || { rm -f "$dst"; ln "$1" "$dst" 2>/dev/null || cp -f "$1" "$dst"; }
  done
}

# ------------------------------------------------------------------- builds ---
# Each build holds its own lock, so concurrent runs share work instead of repeating it.
with_lock() { # name cmd...
  local name=$1; shift
  ( exec 9>"$LOCKS/$name.lock"
    flock -n 9 || { log "$name: another run is building it, waiting"; flock 9; }
    "$@" )
}

build_tofu() {
  local key="$TOFU_MODULE@$TOFU_VERSION go=$GOVERSION recipe=$RECIPE"
  local out="$ROOT/tofu/$TOFU_VERSION/tofu" dir
  if ! { [ -x "$out" ] && stamp_ok "tofu-$TOFU_VERSION" "$key"; }; then
    rm -f "$STAMPS/tofu-$TOFU_VERSION"
    log "tofu: downloading $TOFU_MODULE@$TOFU_VERSION"
    dir="$(module_source tofu "$TOFU_MODULE@$TOFU_VERSION")" || return 1
    compile tofu "$dir/cmd/tofu" "$out" "-s -w -X github.com/opentofu/opentofu/version.dev=no" "OpenTofu $TOFU_VERSION" || return 1
    rm -rf "$dir"
    echo "$key" >"$STAMPS/tofu-$TOFU_VERSION"
  else
    log "tofu: $TOFU_VERSION already built"
  fi
  ln -sfn "$out" "$ROOT/bin/tofu"
}

build_provider() { # name ns version origin where sha
  local name=$1 ns=$2 ver=$3 origin=$4 where=$5 sha=$6
  local rel="$ns/$name/$ver/$PLATFORM/terraform-provider-${name}_v$ver"
  local out="$ROOT/providers/$name-$ver-$origin/terraform-provider-$name" stamp="provider-$name-$ver" key desc dir
  case "$origin" in
    archive) key="$(archive_key "$where" "$sha")"
             desc="exact release, built from source archive $where (sha256 $sha)" ;;
    module) key="module $where go=$GOVERSION recipe=$RECIPE"
            desc="exact release, built from Go module $where" ;;
    substitute)
      if is_archive "$where"; then
        key="$(archive_key "$where" "$sha") as=$ver" stamp="substitute-$name-$ver@${where%.tar.gz}"
        out="$ROOT/substitutes/$name-$ver@${where%.tar.gz}/terraform-provider-$name"
        desc="SUBSTITUTE: release $ver is not obtainable here; built from source archive $where (sha256 $sha, same major, older schema) and registered as $ver"
      else
        key="$where go=$GOVERSION recipe=$RECIPE as=$ver" stamp="substitute-$name-$ver@${where#*@}"
        out="$ROOT/substitutes/$name-$ver@${where#*@}/terraform-provider-$name"
        desc="SUBSTITUTE: release $ver is not obtainable here; built from Go module $where (same major, nearest served source) and registered as $ver"
      fi ;;
  esac
  if [ -x "$out" ] && stamp_ok "$stamp" "$key"; then
    log "$name $ver: already built ($origin)"
  else
    rm -f "$STAMPS/$stamp"
    if is_archive "$where"; then
      dir="$(archive_source "$name" "$where" "$sha")" || return 1
    else
      log "$name: downloading $where"; dir="$(module_source "$name" "$where")" || return 1
    fi
    # -X main.version / common.version: the version the provider reports is the one it is registered as.
    compile "$name" "$dir" "$out" "-s -w -X main.version=$ver -X github.com/databricks/terraform-provider-databricks/common.version=$ver" "$name $ver ($origin)" || return 1
    rm -rf "$dir"
    echo "$key" >"$STAMPS/$stamp"
  fi
  link_into_mirror "$out" "$rel"
  printf '{"name":"%s","source":"%s/%s","version":"%s","origin":"%s","substitute":%s,"detail":"%s"}\n' \
    "$name" "$ns" "$name" "$ver" "$origin" "$([ "$origin" = substitute ] && echo true || echo false)" "$desc" \
    >"$ROOT/origins/$name.json"
}

selected() { # name
  local sel="${LAKEHOUSE_PROVIDERS:-all}"
  sel=" ${sel//,/ } "
  [[ "$sel" == *" all "* ]] && return 0
  [[ "$sel" == *" $1 "* ]]
}

write_tofurc() {
  cat >"$TOFURC.tmp" <<EOF
# Written by scripts/engine/install.sh: providers only from the local mirror.
provider_installation {
  filesystem_mirror {
    path    = "$MIRROR"
    include = ["registry.opentofu.org/*/*", "registry.terraform.io/*/*"]
  }
}
EOF
  mv -f "$TOFURC.tmp" "$TOFURC"
}

write_manifest() {
  local providers
  providers="$(cat "$ROOT"/origins/*.json 2>/dev/null | paste -sd, -)"
  printf '{"engine":{"name":"OpenTofu","version":"%s","origin":"built from Go module %s@%s","binary":"%s"},"providers":[%s]}\n' \
    "${TOFU_VERSION#v}" "$TOFU_MODULE" "$TOFU_VERSION" "$ROOT/bin/tofu" "$providers" >"$ROOT/engine.json.tmp"
  mv -f "$ROOT/engine.json.tmp" "$ROOT/engine.json"
}

# -------------------------------------------------------------------- main ---
# All builds start at once: on 2 cores that costs no more CPU than one after another, overlaps
# the downloads and the single-threaded links, and the peaks (azurerm about 3.6 GB, aws more) fit
# in 24 GB together.
log "cache root $ROOT ($GOVERSION, $PLATFORM)"
# Archives are checked before any build starts: a missing or changed one fails now, not after the
# other builds (which take most of an hour on a cold machine).
MISSING=0
for row in "${PROVIDERS_TABLE[@]}"; do
  IFS='|' read -r name ns ver origin where sha <<<"$row"
  selected "$name" && is_archive "$where" || continue
  [ "$origin" = archive ] && stamp_ok "provider-$name-$ver" "$(archive_key "$where" "$sha")" && [ -x "$ROOT/providers/$name-$ver-archive/terraform-provider-$name" ] && continue
  [ "$origin" = substitute ] && stamp_ok "substitute-$name-$ver@${where%.tar.gz}" "$(archive_key "$where" "$sha") as=$ver" && [ -x "$ROOT/substitutes/$name-$ver@${where%.tar.gz}/terraform-provider-$name" ] && continue
  check_archive "$name" "$where" "$sha" || MISSING=1
done
[ "$MISSING" = 0 ] || { echo "install.sh: provider source archives missing or changed (see above); nothing was built" >&2; exit 1; }
# A provider that left the table leaves the report too (its build stays in the cache until pruned).
for f in "$ROOT"/origins/*.json; do
  [ -f "$f" ] || continue
  grep -q "^$(basename "$f" .json)|" <<<"$PROVIDERS_TABLE_OUT" || rm -f "$f"
done
NAMES=(tofu); PIDS=()
with_lock tofu build_tofu &
PIDS+=($!)
for row in "${PROVIDERS_TABLE[@]}"; do
  IFS='|' read -r name ns ver origin where sha <<<"$row"
  selected "$name" || continue
  with_lock "$name" build_provider "$name" "$ns" "$ver" "$origin" "$where" "$sha" &
  PIDS+=($!); NAMES+=("$name")
done
FAILED=()
for i in "${!PIDS[@]}"; do wait "${PIDS[$i]}" || FAILED+=("${NAMES[$i]}"); done
write_tofurc
write_manifest
if [ "${LAKEHOUSE_ENGINE_PRUNE:-0}" = 1 ]; then
  log "pruning the Go build cache"
  "$GO_BIN" clean -cache >/dev/null 2>&1 || true
fi
log "done in $(( $(date +%s) - T0 ))s"
echo "  engine:      $(TF_CLI_CONFIG_FILE="$TOFURC" "$ROOT/bin/tofu" version 2>/dev/null | grep -m1 '^OpenTofu' || echo 'not built') ($ROOT/bin/tofu)"
for f in "$ROOT"/origins/*.json; do
  [ -f "$f" ] && sed -n 's/.*"name":"\([^"]*\)".*"version":"\([^"]*\)".*"detail":"\([^"]*\)".*/  \1 \2: \3/p' "$f"
done
echo "  CLI config:  $TOFURC   (source scripts/engine/env.sh to use them)"
if [ ${#FAILED[@]} -gt 0 ]; then
  echo "install.sh: failed: ${FAILED[*]} (see the messages above and $LOGS)" >&2
  exit 1
fi
