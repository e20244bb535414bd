#!/usr/bin/env bash
# free_ports (ports.sh) against the collision it exists to prevent: tests
# running side by side must never be handed the same port, and a port whose
# test has finished must be handed out again.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
CLAIMS=$(mktemp -d)
trap 'rm -rf "$CLAIMS" "$CLAIMS.out"' EXIT
export JOBMATCH_PORT_CLAIMS=$CLAIMS
mkdir -p "$CLAIMS.out"

# Eight "tests" at once, each taking 40 ports in four calls (1,280 of the
# 7,000 between them): any port handed to two of them is a collision.
for t in $(seq 1 8); do
  bash -c 'source "$1/tests/e2e/ports.sh"; for _ in 1 2 3 4; do free_ports 40; done; sleep 1' \
    _ "$ROOT" >"$CLAIMS.out/$t" &
done
wait
all=$(cat "$CLAIMS.out"/* | tr ' ' '\n' | grep -c .)
distinct=$(cat "$CLAIMS.out"/* | tr ' ' '\n' | grep . | sort -u | wc -l)
[ "$all" -eq 1280 ] || { echo "FAIL: $all ports handed out, want 1280" >&2; exit 1; }
[ "$distinct" -eq "$all" ] || {
  echo "FAIL: $((all - distinct)) ports handed to two tests at once" >&2
  exit 1
}

# Every port but one claimed by a live process (this shell's parent, not
# this shell): the one left is handed out. Then all claimed by a process
# that has exited: they are free again.
source "$ROOT/tests/e2e/ports.sh"
rm -rf "${CLAIMS:?}"/*
python3 - "$CLAIMS" "$PPID" <<'PY'
import os, sys
claims, pid = sys.argv[1], sys.argv[2]
for port in range(25000, 32000):
    if port != 27777:
        open(os.path.join(claims, str(port)), "w").write(pid)
PY
got=$(free_ports 1)
[ "$got" = 27777 ] || { echo "FAIL: got $got, want the one unclaimed port 27777" >&2; exit 1; }
sh -c 'exit 0' & dead=$!
wait "$dead"
for f in "$CLAIMS"/*; do echo "$dead" >"$f"; done
got=$(free_ports 3 | wc -w)
[ "$got" -eq 3 ] || { echo "FAIL: a finished test's ports were not handed out again" >&2; exit 1; }
echo "ports_test: 1280 ports to 8 tests at once, none twice; claims of live tests kept, of finished ones reused"
