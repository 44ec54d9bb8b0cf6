#!/usr/bin/env bash
# Builds jirga and jirga_bench and runs the benchmark: the Markdown report goes to stdout,
# build output and progress to stderr.
#
#   bench/run.sh                      configure build-bench as Release, build, run
#   bench/run.sh BUILD_DIR [OPTS...]  use BUILD_DIR (keeping its build type if it is already
#                                     configured, e.g. `make bench` passes `build`)
#   bench/run.sh "" --quick           the default dir, with jirga_bench options (--quick, --only, ...)
set -euo pipefail
RELEASE=(-G Ninja -DCMAKE_BUILD_TYPE=Release)
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD="${1:-}"
[ $# -gt 0 ] && shift
if [ -z "$BUILD" ]; then
  BUILD="$ROOT/build-bench"
  cmake -S "$ROOT" -B "$BUILD" "${RELEASE[@]}" >&2
else
  case "$BUILD" in /*) ;; *) BUILD="$PWD/$BUILD" ;; esac
  if [ -f "$BUILD/CMakeCache.txt" ]; then
    cmake -S "$ROOT" -B "$BUILD" >&2
  else
    cmake -S "$ROOT" -B "$BUILD" "${RELEASE[@]}" >&2
  fi
fi
cmake --build "$BUILD" -j "$(nproc)" --target jirga jirga_bench >&2
exec "$BUILD/jirga_bench" "$@"
