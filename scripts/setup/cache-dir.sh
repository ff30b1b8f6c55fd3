# Sourced, not run: sets lakehouse_cache to the project's cache directory outside the repository
# (LAKEHOUSE_CACHE_DIR, else ${XDG_CACHE_HOME:-~/.cache}/lakehouse-blueprint), where the venvs, the
# type-check's .tsbuildinfo, the linters' caches and node's module compile cache live. scripts/app/run.js
# computes the same directory for the app.
# shellcheck shell=bash
lakehouse_cache="${LAKEHOUSE_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/lakehouse-blueprint}"
