#!/usr/bin/env bash
# The name-matching evaluation and benchmark in one command: builds jirga_names_eval (Release) and
# runs it on ../shared/data; the Markdown report goes to stdout, misses and the threshold sweep to
# stderr. Both screening tasks are printed: the hard one and the calibrated one
# (docs/name-matching.md §4). Extra arguments go to jirga_names_eval (--split dev|test|both, --fresh N,
# --task hard|calibrated|both, --distractors N, --threads T, --skip-perf, --screening-only,
# --mix SPEC for calibration runs, --data DIR).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD="${JIRGA_NAMES_BUILD:-$ROOT/build-bench}"
if [ ! -f "$BUILD/CMakeCache.txt" ]; then
  cmake -S "$ROOT" -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=Release >&2
fi
cmake --build "$BUILD" -j "$(nproc)" --target jirga_names_eval >&2
exec "$BUILD/jirga_names_eval" --data "$ROOT/../shared/data" "$@"
