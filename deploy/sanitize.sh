#!/usr/bin/env bash
# Builds the test suite with a sanitizer and runs it:
#   deploy/sanitize.sh address               the whole ctest suite, ASan+UBSan
#   deploy/sanitize.sh thread                the concurrent suites, TSan
#                                            (without their gRPC calls; below)
#   deploy/sanitize.sh address|thread TEST-EXECUTABLE...
# address: ASan+UBSan (any finding stops the test and fails it), into
# build-asan; deploy/test.sh runs it, so CI does. thread: TSan, into
# build-tsan, over the suites of the code that shares memory between threads
# (the matcher's index and consistency gate, the events stores and relay, the
# stream limits, the database pool and its kept statements);
# JOBMATCH_TSAN_ALL_TESTS=1 runs a named suite's gRPC tests too.
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
  TARGETS=(matcher_index_test consistency_token_test stream_limits_test common_test events_test)
fi
# Under TSan, a suite's tests that make gRPC calls report races that are not
# there: Debian's gRPC is not built with TSan, so TSan never sees the hand-off
# when gRPC passes a call's objects (its arena, the grpcpp call ops inlined
# into our files) from one thread to the next. Run by name they give hundreds
# of reports (events_test 1,205, postings_service_test 697, matcher_service_test
# 262, notifier_test 180), every one with gRPC frames in it. The default run
# keeps events_test to its tests below the service (stores, relay, feed
# order); matcher_service_test, notifier_test and postings_service_test, all
# through gRPC, wait for a gRPC built with TSan.
declare -A TSAN_FILTER=(
  [events_test]='FeedOrderTest.*:BehaviourStoreTest.*:CapacityStoreTest.*:RetentionTest.*:RelayTest.*:ApplicationStoreTest.*'
)

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
  # With deploy/tsan.supp: the guarded run's threads may meet the recycled
  # thread identities it describes, which are Abseil's and not the probe's.
  probe=$BUILD/tests/sanitize/tsan_absl_mutex_probe
  probe_options=halt_on_error=0:suppressions=$ROOT/deploy/tsan.supp
  if ! TSAN_OPTIONS=$probe_options "$probe" guarded >/dev/null 2>&1 ||
    TSAN_OPTIONS=$probe_options "$probe" racy >/dev/null 2>&1; then
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
  [[ $MODE == thread && -n ${TSAN_FILTER[$target]:-} && ${JOBMATCH_TSAN_ALL_TESTS:-0} != 1 ]] &&
    args=("--gtest_filter=${TSAN_FILTER[$target]}")
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
