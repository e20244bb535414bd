#!/usr/bin/env bash
# Runs clang-tidy (the repo's .clang-tidy) over the project's own sources in
# the compile database of ${JOBMATCH_BUILD_DIR:-build} (deploy/build.sh makes
# it, and the generated headers the sources include). Prints every finding,
# then a count per check; the full log is build/tidy.log. Exits non-zero when
# there is a finding, so that it can gate once the tree is clean of them.
#   deploy/tidy.sh [PATH-REGEX]     e.g. deploy/tidy.sh 'services/postings/'
set -euo pipefail
trap 'echo "deploy/tidy.sh: failed (exit $?) at line $LINENO: $BASH_COMMAND" >&2' ERR
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD=${JOBMATCH_BUILD_DIR:-$ROOT/build}
if [[ ! -f $BUILD/compile_commands.json ]]; then
  echo "deploy/tidy.sh: no $BUILD/compile_commands.json; run deploy/build.sh first" >&2
  exit 1
fi
LOG=$BUILD/tidy.log
# Sources of the repo only (the database also lists generated protos); a
# regex given is matched against the path from the repo's root.
FILES="^$ROOT/${1:-(services|matcher|clients|tests|fuzz)/}"
run-clang-tidy -quiet -p "$BUILD" -j"${JOBMATCH_JOBS:-$(nproc)}" "$FILES" >"$LOG" 2>&1 || true
# run-clang-tidy colours its output: strip that before reading it.
sed -i 's/\x1b\[[0-9;]*m//g' "$LOG"
grep -E '^/.*: (warning|error): ' "$LOG" | sort -u >"$LOG.findings" || true
cat "$LOG.findings"
echo "clang-tidy: $(wc -l <"$LOG.findings") findings (log $LOG)"
sed -nE 's/.*\[([A-Za-z0-9.,-]+)\]$/\1/p' "$LOG.findings" | sort | uniq -c | sort -rn
if [[ -s $LOG.findings ]]; then exit 1; fi
