#!/usr/bin/env bash
# Builds the test suite with a sanitizer and runs it:
#   deploy/sanitize.sh address               the whole ctest suite, ASan+UBSan
#   deploy/sanitize.sh thread                the concurrent suites, TSan
#   deploy/sanitize.sh address|thread TEST-EXECUTABLE...
# address: ASan+UBSan (any finding stops the test and fails it), into
# build-asan; deploy/test.sh runs it, so CI does. thread: TSan, into
# build-tsan, over the suites of the code that shares memory between threads
# (the matcher's index, live hub and consistency gate, the events relay and
# notifier, the postings import, the stream limits and the database pool).
# Suites that need MariaDB run when JOBMATCH_TEST_DB_URL is set (and
# JOBMATCH_DB_DIR, for its root password); without it, the address run
# leaves out ctest's "db" label and the thread run fails on those suites.
# TSan and Abseil: Debian's Abseil is built without TSan, so absl::Mutex
# would be invisible to it and everything it guards would look racy; the
# thread run first builds Debian's own libabsl_synchronization with TSan
# (deploy/tsan-abseil.sh, once; cached in build-tsan/tsan-abseil) and puts it
# first on LD_LIBRARY_PATH. deploy/tsan.supp says what else is suppressed, and why.
# Each executable's output goes to <build>/sanitize/<name>.log (ctest's to
# <build>/Testing/Temporary); the script lists what failed and exits non-zero
# if anything did.
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
JOBS=${JOBMATCH_JOBS:-$(nproc)}
TARGETS=("$@")
if ((${#TARGETS[@]} == 0)) && [[ $MODE == thread ]]; then
  TARGETS=(matcher_index_test consistency_token_test matcher_service_test stream_limits_test
    common_test events_test notifier_test postings_service_test)
fi

cmake -S "$ROOT" -B "$BUILD" -DJOBMATCH_SANITIZE="$MODE" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
if ((${#TARGETS[@]} == 0)); then
  cmake --build "$BUILD" -j"$JOBS"
else
  extra=()
  [[ $MODE == thread ]] && extra=(tsan_absl_mutex_probe)
  cmake --build "$BUILD" -j"$JOBS" --target "${TARGETS[@]}" "${extra[@]}"
fi

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0:strict_string_checks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$ROOT/deploy/lsan.supp:print_suppressions=0}
export TSAN_OPTIONS=${TSAN_OPTIONS:-halt_on_error=0:second_deadlock_stack=1:suppressions=$ROOT/deploy/tsan.supp}
if [[ $MODE == thread ]]; then
  export LD_LIBRARY_PATH="$("$ROOT/deploy/tsan-abseil.sh" "$BUILD/tsan-abseil")${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
  # A clean run means something only if TSan sees absl::Mutex and still
  # reports a real race: check both before the suites.
  probe=$BUILD/tests/sanitize/tsan_absl_mutex_probe
  if ! TSAN_OPTIONS=halt_on_error=0 "$probe" guarded >/dev/null 2>&1 ||
    TSAN_OPTIONS=halt_on_error=0 "$probe" racy >/dev/null 2>&1; then
    echo "deploy/sanitize.sh: TSan does not see absl::Mutex (or misses a plain race); see $probe" >&2
    exit 1
  fi
  echo "ok      tsan_absl_mutex_probe (absl::Mutex seen, a plain race reported)"
fi

# The whole suite under ctest (address, no names given).
if ((${#TARGETS[@]} == 0)); then
  filter=()
  [[ -n ${JOBMATCH_TEST_DB_URL:-} ]] || filter=(-LE db)
  cd "$BUILD"
  ctest --output-on-failure -j"$JOBS" "${filter[@]}"
  exit
fi

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
