#!/usr/bin/env bash
# Builds a fast subset of the test suite with a sanitizer and runs it:
#   deploy/sanitize.sh [address|thread] [TEST-EXECUTABLE...]
# address: ASan+UBSan (any finding stops the test), into build-asan;
# thread: TSan, into build-tsan. The default subset is the unit suites that
# need no database, plus the fuzz corpus replays. With JOBMATCH_TEST_DB_URL
# set (and JOBMATCH_DB_DIR, for its root password), suites that need MariaDB
# may be named too. Each executable's output
# goes to <build>/sanitize/<name>.log; the script lists what failed and exits
# non-zero if anything did.
# TSan caveat: Debian's Abseil and gRPC are not built with TSan, so it cannot
# see absl::Mutex; reports on data guarded only by one are not evidence of a race.
set -euo pipefail
trap 'echo "deploy/sanitize.sh: failed (exit $?) at line $LINENO: $BASH_COMMAND" >&2' ERR
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
MODE=${1:-address}
shift || true
case $MODE in
  address) BUILD=${JOBMATCH_SANITIZE_BUILD_DIR:-$ROOT/build-asan} ;;
  thread) BUILD=${JOBMATCH_SANITIZE_BUILD_DIR:-$ROOT/build-tsan} ;;
  *) echo "usage: deploy/sanitize.sh [address|thread] [TEST-EXECUTABLE...]" >&2; exit 2 ;;
esac
TARGETS=("$@")
FUZZ=(csv json_line salary id_number page_token search_text checkpoint)
if ((${#TARGETS[@]} == 0)); then
  TARGETS=(matcher_domain_test matcher_index_test matcher_service_test planning_solver_test
    import_parse_test profiles_rules_test postings_rules_test text_checks_test
    data_protector_test "${FUZZ[@]/#/fuzz_}")
fi

cmake -S "$ROOT" -B "$BUILD" -DJOBMATCH_SANITIZE="$MODE" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$BUILD" -j"${JOBMATCH_JOBS:-$(nproc)}" --target "${TARGETS[@]}"

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
export TSAN_OPTIONS=${TSAN_OPTIONS:-halt_on_error=0:second_deadlock_stack=1}
mkdir -p "$BUILD/sanitize"
failed=()
for target in "${TARGETS[@]}"; do
  exe=$(find "$BUILD" -name "$target" -type f -executable -print -quit)
  args=()
  # A fuzz target replays its corpus.
  [[ $target == fuzz_* ]] && args=("$ROOT/fuzz/corpus/${target#fuzz_}")
  log=$BUILD/sanitize/$target.log
  # TSan reports without stopping (halt_on_error=0) and exits 66 if it reported.
  if "$exe" "${args[@]}" >"$log" 2>&1 && ! grep -q "^WARNING: ThreadSanitizer\|^SUMMARY: " "$log"; then
    echo "ok      $target"
  else
    echo "FAILED  $target  ($(grep -c '^SUMMARY: ' "$log" || true) sanitizer reports; log $log)"
    failed+=("$target")
  fi
done
((${#failed[@]} == 0)) || { echo "deploy/sanitize.sh: ${#failed[@]} failed: ${failed[*]}" >&2; exit 1; }
