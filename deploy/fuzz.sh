#!/usr/bin/env bash
# Builds the libFuzzer targets (fuzz/) with clang, ASan and UBSan into
# ${JOBMATCH_FUZZ_BUILD_DIR:-build-fuzz} and runs each for SECONDS (default
# 20) from its corpus in fuzz/corpus/<name>. New inputs the fuzzer finds go to
# a scratch folder (build-fuzz/found/<name>), not into the repository: keep
# one by copying it into the corpus. A crash stops the script, non-zero, and
# names the input that caused it (build-fuzz/crashes/<name>/).
#   deploy/fuzz.sh [SECONDS] [NAME...]
set -euo pipefail
trap 'echo "deploy/fuzz.sh: failed (exit $?) at line $LINENO: $BASH_COMMAND" >&2' ERR
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD=${JOBMATCH_FUZZ_BUILD_DIR:-$ROOT/build-fuzz}
SECONDS_EACH=${1:-20}
shift || true
TARGETS=("$@")
if ((${#TARGETS[@]} == 0)); then
  TARGETS=(csv json_line salary id_number page_token search_text checkpoint)
fi

CC=clang CXX=clang++ cmake -S "$ROOT" -B "$BUILD" -DJOBMATCH_FUZZ=ON \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$BUILD" -j"${JOBMATCH_JOBS:-$(nproc)}" --target "${TARGETS[@]/#/fuzz_}"

for name in "${TARGETS[@]}"; do
  found="$BUILD/found/$name" crashes="$BUILD/crashes/$name"
  mkdir -p "$found" "$crashes"
  echo "fuzz_$name: ${SECONDS_EACH}s"
  if ! "$BUILD/fuzz/fuzz_$name" -max_total_time="$SECONDS_EACH" -timeout=10 -rss_limit_mb=2048 \
    -print_final_stats=1 -artifact_prefix="$crashes/" "$found" "$ROOT/fuzz/corpus/$name" \
    >"$BUILD/fuzz_$name.log" 2>&1; then
    tail -n 60 "$BUILD/fuzz_$name.log" >&2
    echo "deploy/fuzz.sh: fuzz_$name failed; log $BUILD/fuzz_$name.log, input in $crashes/" >&2
    exit 1
  fi
  grep -E '^stat::number_of_executed_units|^stat::new_units_added' "$BUILD/fuzz_$name.log" |
    sed "s/^/  /"
done
