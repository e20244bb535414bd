#!/usr/bin/env bash
# Configures and builds everything into ${JOBMATCH_BUILD_DIR:-build}.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD=${JOBMATCH_BUILD_DIR:-$ROOT/build}
cmake -S "$ROOT" -B "$BUILD" -DCMAKE_BUILD_TYPE=${CMAKE_BUILD_TYPE:-RelWithDebInfo} >/dev/null
cmake --build "$BUILD" -j"${JOBMATCH_JOBS:-$(nproc)}"
