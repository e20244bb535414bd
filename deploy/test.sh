#!/usr/bin/env bash
# The test command: installs what is needed, builds, starts a private MariaDB
# for the tests (its own folder and port, apart from the one `run` uses), runs
# every test under ctest, stops what it started, and exits non-zero on any failure.
set -euo pipefail
# No step fails silently: say which command failed and where (the database's
# own logs are under $JOBMATCH_DB_DIR, var/testdb by default).
trap 'echo "deploy/test.sh: failed (exit $?) at line $LINENO: $BASH_COMMAND" >&2' ERR
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"

deploy/install-deps.sh
deploy/check-format.sh
deploy/build.sh

export JOBMATCH_DB_DIR=${JOBMATCH_TEST_DB_DIR:-$ROOT/var/testdb}
export JOBMATCH_DB_PORT=${JOBMATCH_TEST_DB_PORT:-33307}
export JOBMATCH_TEST_DB_URL="tcp://127.0.0.1:$JOBMATCH_DB_PORT"
cleanup() { "$ROOT/deploy/db.sh" stop >/dev/null || true; }
trap cleanup EXIT
deploy/db.sh start

(cd "${JOBMATCH_BUILD_DIR:-$ROOT/build}" && ctest --output-on-failure -j"${JOBMATCH_JOBS:-$(nproc)}" "$@")

# The checks of README "Checks", after the suite (each may be skipped by
# setting its variable to 0): every fuzzer for JOBMATCH_FUZZ_SECONDS each
# (15 by default) on top of the corpus replays; and, with JOBMATCH_ASAN=1, the
# whole suite again under ASan+UBSan (a second build folder, build-asan). That
# one is opt-in until a whole-suite run has come out clean.
# Only when no tests were picked by arguments.
if (($# == 0)); then
  if [[ ${JOBMATCH_ASAN:-0} != 0 ]]; then
    deploy/sanitize.sh address
  fi
  if [[ ${JOBMATCH_FUZZ_SECONDS:-15} != 0 ]]; then
    deploy/fuzz.sh "${JOBMATCH_FUZZ_SECONDS:-15}"
  fi
fi
