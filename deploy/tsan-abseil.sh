#!/usr/bin/env bash
# Makes absl::Mutex visible to ThreadSanitizer. Debian's Abseil is built
# without TSan, so a lock or unlock of an absl::Mutex (or CondVar,
# Notification, Barrier, BlockingCounter) reaches TSan as nothing: every
# access guarded by one looks like a race, and a real race beside one is lost
# in those. This rebuilds that one library, libabsl_synchronization, from
# Debian's own source package of the installed version (apt-get source, with
# a private source list, so the system's apt setup is untouched) with
# -fsanitize=thread and against the installed headers, under the same SONAME.
# deploy/sanitize.sh thread puts its folder on LD_LIBRARY_PATH, so the tests,
# and gRPC's own absl::Mutex, use it; the rest of Abseil stays Debian's.
#   deploy/tsan-abseil.sh OUT-DIR     (prints OUT-DIR when ready)
set -euo pipefail
trap 'echo "deploy/tsan-abseil.sh: failed (exit $?) at line $LINENO: $BASH_COMMAND" >&2' ERR
OUT=${1:?usage: deploy/tsan-abseil.sh OUT-DIR}
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
LIB=libabsl_synchronization.so
VERSION=$(dpkg-query -W -f='${Version}' libabsl-dev)
SONAME=$(objdump -p "/usr/lib/x86_64-linux-gnu/$LIB" | awk '/SONAME/ {print $2}')
if [[ -f $OUT/$SONAME && $(cat "$OUT/version" 2>/dev/null) == "$VERSION" ]]; then
  echo "$OUT"
  exit 0
fi

WORK=$OUT/src
rm -rf "$WORK"
mkdir -p "$WORK/lists/partial"
cat >"$WORK/sources.list" <<EOF
deb-src http://deb.debian.org/debian bookworm main
deb-src http://deb.debian.org/debian bookworm-updates main
deb-src http://deb.debian.org/debian-security bookworm-security main
EOF
APT=(-o "Dir::Etc::SourceList=$WORK/sources.list" -o Dir::Etc::SourceParts=/dev/null
  -o "Dir::State::Lists=$WORK/lists" -q)
apt-get "${APT[@]}" update >"$WORK/apt.log" 2>&1
(cd "$WORK" && apt-get "${APT[@]}" source "abseil=$VERSION" >>"$WORK/apt.log" 2>&1)
SRC=$(find "$WORK" -maxdepth 1 -type d -name 'abseil-*' -print -quit)/absl/synchronization

# The sources of Abseil's "synchronization" library (its CMakeLists.txt),
# compiled against the installed headers so the layout is Debian's.
FILES=(barrier.cc blocking_counter.cc internal/create_thread_identity.cc
  internal/per_thread_sem.cc internal/waiter.cc notification.cc mutex.cc)
CXX=${CXX:-g++}
"$CXX" -std=c++17 -O1 -g -fPIC -fsanitize=thread -shared -I/usr/include \
  "${FILES[@]/#/$SRC/}" -Wl,-soname,"$SONAME" -o "$OUT/$SONAME" \
  -labsl_graphcycles_internal -labsl_base -labsl_raw_logging_internal \
  -labsl_spinlock_wait -labsl_malloc_internal -labsl_stacktrace -labsl_symbolize \
  -labsl_time -labsl_int128 -labsl_debugging_internal -lpthread
echo "$VERSION" >"$OUT/version"
rm -rf "$WORK"
echo "$OUT"
