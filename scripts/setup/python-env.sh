#!/usr/bin/env bash
# Sets up everything the Python side (notebooks/) needs to run its tests locally:
#   1. Java 17 (Spark 4 runs on 17/21) and the PostgreSQL server binaries (JDBC tests);
#      installed with apt-get only when missing (needs root, or passwordless sudo).
#   2. A virtualenv in the cache outside the repository
#      (${LAKEHOUSE_CACHE_DIR:-~/.cache/lakehouse-blueprint}/venvs/notebooks-<pins hash>-py<version>,
#      or ${LAKEHOUSE_VENV}) with the exact pins of
#      notebooks/requirements-dev.txt (+ notebooks/constraints.txt for transitive deps).
#      Skipped when the stamp (hash of both files and the Python version) matches.
#   3. The Delta Lake and PostgreSQL JDBC jars, resolved once from Maven Central into an
#      Ivy cache outside the repo (${LAKEHOUSE_CACHE_DIR:-~/.cache/lakehouse-blueprint}/ivy).
# Idempotent: a second run with nothing changed only checks and returns.
# Writes ${VENV}/lakehouse-env.sh (JAVA_HOME and friends) for scripts/test-python.sh to source.
# Prints the venv path on stdout, and nothing else: everything the setup says goes to stderr.
set -euo pipefail
exec 3>&1 1>&2

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# shellcheck source=cache-dir.sh
. "$ROOT/scripts/setup/cache-dir.sh"
CACHE="$lakehouse_cache"
REQ="$ROOT/notebooks/requirements-dev.txt"
CONSTRAINTS="$ROOT/notebooks/constraints.txt"
# Included by requirements-dev.txt (-r): the jobs' run-time pins, part of the venv's identity.
JOBS_REQ="$ROOT/notebooks/requirements-jobs.txt"
PYTHON="${LAKEHOUSE_PYTHON:-python3}"
# The venv lives in the cache outside the repository, named after the pins and the interpreter, so
# every clone and worktree with the same pins shares it; LAKEHOUSE_VENV chooses another path.
pins="$(cat "$REQ" "$JOBS_REQ" "$CONSTRAINTS" 2>/dev/null | sha256sum | cut -d' ' -f1)"
VENV="${LAKEHOUSE_VENV:-$CACHE/venvs/notebooks-${pins:0:16}-py$("$PYTHON" -c 'import platform; print(platform.python_version())' 2>/dev/null || echo unknown)}"

log() { printf '[python-env] %s\n' "$*" >&2; }
t_start=$(date +%s)

# ---------------------------------------------------------------------------------------
# 1. system packages

java_major() { # prints the major version of the given java binary, or nothing
  "$1" -XshowSettings:properties -version 2>&1 | awk -F' = ' '/java.specification.version/ {print $2; exit}'
}

find_java_home() {
  local candidate major
  for candidate in "${JAVA_HOME:-}" /usr/lib/jvm/java-17-openjdk-* /usr/lib/jvm/java-21-openjdk-* /usr/lib/jvm/*17* /usr/lib/jvm/*21*; do
    [ -n "$candidate" ] && [ -x "$candidate/bin/java" ] || continue
    major="$(java_major "$candidate/bin/java")"
    if [ "$major" = "17" ] || [ "$major" = "21" ]; then
      printf '%s\n' "$candidate"
      return 0
    fi
  done
  if command -v java >/dev/null 2>&1; then
    candidate="$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")"
    major="$(java_major "$candidate/bin/java")"
    if [ "$major" = "17" ] || [ "$major" = "21" ]; then
      printf '%s\n' "$candidate"
      return 0
    fi
  fi
  return 1
}

find_pg_bindir() {
  local d
  for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    if [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ] && [ -x "$d/postgres" ] && [ -x "$d/psql" ]; then
      printf '%s\n' "$d"
      return 0
    fi
  done
  return 1
}

apt_install() {
  local as_root=()
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
      as_root=(sudo -n)
    else
      log "missing system packages: $*; install them as root (apt-get install -y $*) and re-run"
      exit 1
    fi
  fi
  log "installing system packages: $*"
  # Keep Debian from starting a system-wide PostgreSQL cluster during the install: the tests
  # run their own throw-away server, and nothing should be left running.
  local policy=/usr/sbin/policy-rc.d added_policy=0
  if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' | "${as_root[@]}" tee "$policy" >/dev/null
    "${as_root[@]}" chmod 755 "$policy"
    added_policy=1
  fi
  "${as_root[@]}" apt-get update -qq
  "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >&2
  if [ "$added_policy" = 1 ]; then "${as_root[@]}" rm -f "$policy"; fi
}

missing=()
JAVA_HOME_FOUND="$(find_java_home || true)"
[ -n "$JAVA_HOME_FOUND" ] || missing+=(openjdk-17-jdk-headless)
PG_BIN="$(find_pg_bindir || true)"
[ -n "$PG_BIN" ] || missing+=(postgresql)
command -v "$PYTHON" >/dev/null 2>&1 || missing+=(python3 python3-venv)
if [ "${#missing[@]}" -gt 0 ]; then
  apt_install "${missing[@]}"
  JAVA_HOME_FOUND="$(find_java_home)" || { log "no Java 17/21 after install"; exit 1; }
  PG_BIN="$(find_pg_bindir)" || { log "no PostgreSQL server binaries after install"; exit 1; }
fi
if [ -x "$JAVA_HOME_FOUND/bin/javac" ]; then jdk_kind="full JDK"; else jdk_kind="JRE only (enough for Spark)"; fi
log "java: $JAVA_HOME_FOUND (Java $(java_major "$JAVA_HOME_FOUND/bin/java"), $jdk_kind)"
log "postgresql: $PG_BIN ($("$PG_BIN/postgres" --version))"

# ---------------------------------------------------------------------------------------
# 2. virtualenv with pinned packages

if ! "$PYTHON" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 10) else 1)'; then
  log "Python >= 3.10 required, found $("$PYTHON" --version 2>&1)"
  exit 1
fi
# One setup at a time per venv: clones running at once wait here instead of installing over each other.
mkdir -p "$(dirname "$VENV")"
exec 9>"$VENV.lock"
flock 9
if [ -x "$VENV/bin/python" ] && ! "$VENV/bin/python" -c 'import sys' >/dev/null 2>&1; then
  log "virtualenv $VENV is broken (its interpreter moved?); recreating"
  rm -rf "$VENV"
fi
if [ ! -x "$VENV/bin/python" ]; then
  log "creating virtualenv $VENV ($("$PYTHON" --version 2>&1))"
  "$PYTHON" -m venv "$VENV"
fi

stamp_file="$VENV/.lakehouse-requirements.sha256"
want_stamp="$(cat "$REQ" "$JOBS_REQ" "$CONSTRAINTS" 2>/dev/null | sha256sum | cut -d' ' -f1)-$("$VENV/bin/python" -c 'import platform; print(platform.python_version())')"
if [ -f "$stamp_file" ] && [ "$(cat "$stamp_file")" = "$want_stamp" ]; then
  log "python packages up to date (stamp matches)"
else
  log "installing pinned python packages into $VENV (first time: ~450 MB pyspark download/build)"
  constraint_args=()
  [ -f "$CONSTRAINTS" ] && constraint_args=(-c "$CONSTRAINTS")
  PIP_DISABLE_PIP_VERSION_CHECK=1 "$VENV/bin/python" -m pip install --quiet --require-virtualenv \
    -r "$REQ" "${constraint_args[@]}"
  printf '%s\n' "$want_stamp" >"$stamp_file"
  log "python packages installed: $("$VENV/bin/python" -m pip freeze 2>/dev/null | grep -icE '^(pyspark|delta-spark|mlflow-skinny|pytest|ruff|numpy|pandas)==') pinned top-level packages present"
fi

# ---------------------------------------------------------------------------------------
# 3. environment file + jar prefetch

cat >"$VENV/lakehouse-env.sh" <<EOF
# generated by scripts/setup/python-env.sh
export JAVA_HOME="$JAVA_HOME_FOUND"
export PATH="\$JAVA_HOME/bin:\$PATH"
export LAKEHOUSE_PG_BIN="$PG_BIN"
export LAKEHOUSE_CACHE_DIR="$CACHE"
export PYSPARK_PYTHON="$VENV/bin/python"
export PYSPARK_DRIVER_PYTHON="$VENV/bin/python"
EOF

# shellcheck disable=SC1091
. "$VENV/lakehouse-env.sh"
mkdir -p "$CACHE"
(
  cd "$ROOT/notebooks"
  "$VENV/bin/python" - <<'PY'
import sys
import time

from lakehouse.spark import cache_dir, missing_jars, prefetch_jars

missing = missing_jars()
if not missing:
    print(f"[python-env] jars cached in {cache_dir() / 'ivy'}", file=sys.stderr)
    sys.exit(0)
print(f"[python-env] resolving {', '.join(missing)} from Maven Central into {cache_dir() / 'ivy'}", file=sys.stderr)
t = time.time()
prefetch_jars()
still = missing_jars()
if still:
    sys.exit(f"[python-env] jars still missing after prefetch: {still}")
print(f"[python-env] jars cached in {time.time() - t:.0f}s", file=sys.stderr)
PY
)
log "ready in $(($(date +%s) - t_start))s (venv: $VENV, cache: $CACHE)"
echo "$VENV" >&3
