#!/usr/bin/env bash
# The chaos test: deploy/cluster.sh's whole topology (three Galera nodes,
# HAProxy, two replicas of each service and of the matcher) under a steady
# load from jobmatch-chaos-load through the load balancer, while one member of
# each kind is killed with SIGKILL in turn and brought back: the database node
# taking the writes, a busy replica of postings, profiles and events, and a
# matcher. Afterwards it checks against the database that
#   - every acknowledged write is there exactly once (posts, people,
#     applications, hires; and each application and hire once in the feed),
#   - the feed a reader followed through all of it has no gap and no
#     duplicate cursor, and ends at the database's feed head,
#   - no opening is over-hired,
# reports the share of calls that failed after the client library's retries
# (fails above JOBMATCH_CHAOS_MAX_FAILED_PERCENT, default 0: none may fail), and shows
# the restarted matcher out of HAProxy's rotation while it answers NOT_SERVING,
# and the cluster's Prometheus firing ServiceDown for a killed replica and
# counting the traffic.
#
#   tests/cluster/chaos_test.sh BUILD_DIR SOURCE_DIR
#
# Ports: the 200 from JOBMATCH_CLUSTER_TEST_PORT_BASE (default 24300). The
# cluster's folder is a temporary one, removed afterwards (kept, and named,
# when the test fails).
set -uo pipefail
BUILD=$(cd "$1" && pwd)
SRC=$(cd "$2" && pwd)
export JOBMATCH_BUILD_DIR=$BUILD
export JOBMATCH_CLUSTER_PORT_BASE=${JOBMATCH_CLUSTER_TEST_PORT_BASE:-24300}
export JOBMATCH_CLUSTER_DIR
JOBMATCH_CLUSTER_DIR=$(mktemp -d /tmp/jobmatch-cluster-XXXXXX)
DIR=$JOBMATCH_CLUSTER_DIR
B=$JOBMATCH_CLUSTER_PORT_BASE
OUT=$DIR/load
mkdir -p "$OUT"
MAX_FAILED=${JOBMATCH_CHAOS_MAX_FAILED_PERCENT:-0}
LOAD_PID=""
cluster() { "$SRC/deploy/cluster.sh" "$@"; }

cleanup() {
  local rc=$?
  [ -z "$LOAD_PID" ] || kill "$LOAD_PID" 2>/dev/null
  cluster stop >/dev/null 2>&1
  if [ $rc -eq 0 ]; then rm -rf "$DIR"; else echo "the cluster's folder is kept: $DIR"; fi
}
trap cleanup EXIT

fail() {
  echo "FAIL: $*"
  for log in "$DIR"/db*/mysqld.log "$DIR"/haproxy/haproxy.log "$DIR"/run/*.log; do
    [ -e "$log" ] || continue
    echo "--- $log"; tail -n 8 "$log"
  done
  exit 1
}
say() { echo "[$(date -u +%T)] $*"; }

for bin in services/common/jobmatch-health services/common/jobmatch-token \
    services/common/jobmatch-migrate services/postings/jobmatch-postings \
    services/profiles/jobmatch-profiles services/events/jobmatch-events \
    matcher/service/jobmatch-matcher clients/jobctl/jobctl tests/cluster/jobmatch-chaos-load; do
  [ -x "$BUILD/$bin" ] || fail "$BUILD/$bin is not built"
done
[ -r /usr/lib/galera/libgalera_smm.so ] || fail "galera-4 is not installed"
python3 - "$B" <<'PY' || fail "ports $B..$((B + 199)) are not free (JOBMATCH_CLUSTER_TEST_PORT_BASE)"
# A cluster just stopped may hold a port for a moment (a closing
# connection): the check waits up to 60 s for each.
import socket, sys, time
base = int(sys.argv[1])
give_up = time.time() + 60
for p in range(base, base + 200):
    while True:
        s = socket.socket()
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind(("127.0.0.1", p))
            break
        except OSError:
            if time.time() > give_up:
                sys.exit("port %d is taken" % p)
            time.sleep(1)
        finally:
            s.close()
PY

say "starting the cluster in $DIR (ports $B..$((B + 199)))"
cluster start >"$DIR/start.log" 2>&1 || { cat "$DIR/start.log"; fail "deploy/cluster.sh start"; }
cluster status || fail "not every member is up after start"
CA=$DIR/certs/ca.pem
TOKEN=$DIR/certs/admin.token
HEALTH=$BUILD/services/common/jobmatch-health

# Enough open posts that a matcher's start takes a moment to show.
python3 "$SRC/tests/bench/fair_file.py" 20000 >"$DIR/fair.csv"
"$BUILD/clients/jobctl/jobctl" --ca_file="$CA" --token_file="$TOKEN" --postings=127.0.0.1:$((B + 51)) \
  --json employers create --name 株洲市荷塘区鑫达物流有限公司 --credit_code 91430203MA4L000026 \
  --region 430203 >"$DIR/employer.json" || fail "the fair's employer"
fair_employer=$(sed -n 's/.*"employer_id":"\([^"]*\)".*/\1/p' "$DIR/employer.json")
"$BUILD/clients/jobctl/jobctl" --ca_file="$CA" --token_file="$TOKEN" --postings=127.0.0.1:$((B + 51)) \
  import postings "$DIR/fair.csv" --employer="$fair_employer" --source=czt-fair-2026 \
  >"$DIR/import.log" 2>&1 || { tail -5 "$DIR/import.log"; fail "the fair's import"; }
say "imported a fair of 20,000 posts through the load balancer"

# HAProxy's view of one server: UP, DOWN, ... (its stats page as CSV).
haproxy_status() {  # backend server
  curl -s "http://127.0.0.1:$((B + 40))/;csv" | awk -F, -v b="$1" -v s="$2" '$1 == b && $2 == s {print $18}'
}
# The replica of a service holding the most client connections right now.
busiest() {  # service
  curl -s "http://127.0.0.1:$((B + 40))/;csv" |
    awk -F, -v b="$1" '$1 == b && $2 != "BACKEND" && $2 != "FRONTEND" {print $5, $2}' |
    sort -rn | head -1 | cut -d' ' -f2
}
# The database node HAProxy sends the writes to.
writer() {
  cluster sql -N -e "SELECT @@wsrep_node_name" 2>/dev/null
}

# The cluster's Prometheus (deploy/cluster.sh starts it; scraping and rules
# every second here): alerts firing now, as ALERT/JOB/INSTANCE words, and a
# PromQL query's first value.
export JOBMATCH_PROM_SCRAPE_INTERVAL=1s JOBMATCH_PROM_EVAL_INTERVAL=1s
# shellcheck source=tests/e2e/prometheus_api.sh
source "$SRC/tests/e2e/prometheus_api.sh"
firing() { prom_firing "$((B + 41))" 2>/dev/null; }
promql() { prom_query "$((B + 41))" "$1" 2>/dev/null; }

kill9() {  # member
  local pid
  pid=$(cluster pid "$1") || fail "$1 is not running before its kill"
  kill -9 "$pid"
  say "killed $1 (pid $pid) with SIGKILL"
}

say "load: $OUT"
"$BUILD/tests/cluster/jobmatch-chaos-load" --postings=127.0.0.1:$((B + 51)) \
  --profiles=127.0.0.1:$((B + 52)) --events=127.0.0.1:$((B + 53)) --matcher=127.0.0.1:$((B + 54)) \
  --ca_file="$CA" --token_file="$TOKEN" --duration="${JOBMATCH_CHAOS_SECONDS:-120}s" --rate=12 \
  --out_dir="$OUT" >"$OUT/load.log" 2>&1 &
LOAD_PID=$!
sleep 10

# 1. The database node that takes the writes; HAProxy moves them to another
#    synced node, and the killed one rejoins (IST) as a standby.
node=$(writer)
[ -n "$node" ] || fail "no database node answers through HAProxy"
kill9 "$node"
sleep 5
[ "$(writer)" != "$node" ] || fail "the writes did not move off the killed node $node"
say "writes now go through $(writer)"
cluster up "$node" >>"$DIR/up.log" 2>&1 || fail "$node did not rejoin"
say "$node rejoined: $(grep -c 'IST received' "$DIR/$node/mysqld.log" 2>/dev/null || true) IST(s) received"
sleep 3

# 2. A busy replica of each service. The first stays down until the
#    cluster's Prometheus fires ServiceDown for it (the rule's 30 s `for`),
#    read back from its API; clients meanwhile use the other replica.
for service in postings profiles events; do
  member=$(busiest "$service")
  [ -n "$member" ] || member=$service-1
  kill9 "$member"
  sleep 3
  if [ "$service" = postings ]; then
    instance=127.0.0.1:$((B + 160 + ${member##*-}))
    for _ in $(seq 1 60); do
      case " $(firing) " in *" ServiceDown/postings/$instance "*) break ;; esac
      sleep 1
    done
    case " $(firing) " in
      *" ServiceDown/postings/$instance "*) say "Prometheus fires ServiceDown for $member ($instance)" ;;
      *) fail "ServiceDown did not fire for $member ($instance); firing: '$(firing)'" ;;
    esac
  fi
  cluster up "$member" >>"$DIR/up.log" 2>&1 || fail "$member did not come back"
  say "$member is back"
  sleep 3
done

# 3. A matcher. While it starts again (its checkpoint, then the feed since)
#    it answers NOT_SERVING, and HAProxy must not send it calls. A watcher
#    samples both every 100 ms: what the replica says, what HAProxy says.
member=$(busiest matcher)
[ -n "$member" ] || member=matcher-1
matcher_log=$DIR/run/$member.log
port=$((B + 90 + ${member##*-}))
kill9 "$member"
sleep 2
(
  while :; do
    said=$("$HEALTH" --target=127.0.0.1:$port --ca_file="$CA" 2>&1 | head -1)
    case $said in
      *": SERVING") state=SERVING ;; *"not SERVING"*) state=NOT_SERVING ;; *) state=CLOSED ;;
    esac
    echo "$(date +%s.%N) $state $(haproxy_status matcher "$member")"
    sleep 0.1
  done
) >"$DIR/matcher-rotation.txt" 2>/dev/null &
WATCH=$!
cluster up "$member" >>"$DIR/up.log" 2>&1 || { kill $WATCH; fail "$member did not come back"; }
sleep 4  # HAProxy takes it back after two passed checks
kill $WATCH 2>/dev/null; wait $WATCH 2>/dev/null
say "$member is back; what it said and what HAProxy did meanwhile: $DIR/matcher-rotation.txt"

say "waiting for the load to end"
wait "$LOAD_PID" || fail "the load tool failed: $(tail -3 "$OUT/load.log")"
LOAD_PID=""
cat "$OUT/load.log"

# Prometheus saw the traffic: applications handled by the events replicas
# (increase() carries the count across a killed replica's restart at zero).
sleep 2
handled=$(promql 'round(sum(increase(grpc_server_handled_total{job="events",grpc_method="SubmitApplication"}[10m])))')
say "Prometheus counts about ${handled:-no} SubmitApplication calls handled by the events replicas"
[ -n "$handled" ] && python3 -c "import sys; sys.exit(0 if float('$handled') > 0 else 1)" \
  || fail "Prometheus shows no SubmitApplication traffic"

# ---- the checks ------------------------------------------------------------
export CLUSTER_SH=$SRC/deploy/cluster.sh
python3 - "$OUT" "$DIR/matcher-rotation.txt" "$MAX_FAILED" "$matcher_log" <<'PY' || fail "see above"
import collections, os, re, subprocess, sys

out, rotation, max_failed, matcher_log = sys.argv[1], sys.argv[2], float(sys.argv[3]), sys.argv[4]
problems = []

def sql(query):
    text = subprocess.run([os.environ["CLUSTER_SH"], "sql", "-N", "-B", "-e", query],
                          check=True, capture_output=True, text=True).stdout
    return [line.split("\t") for line in text.splitlines() if line]

acked = collections.defaultdict(list)
for line in open(f"{out}/acked.tsv", encoding="utf-8"):
    kind, request_id, *ids = line.rstrip("\n").split("\t")
    acked[kind].append(ids)
failed = collections.Counter(line.split("\t")[0] for line in open(f"{out}/failed.tsv", encoding="utf-8"))
employer = acked["employer"][0][0]

def exactly_once(what, acked_ids, db_ids, failed_calls):
    counts = collections.Counter(db_ids)
    missing = [i for i in acked_ids if counts[i] == 0]
    twice = [i for i, n in counts.items() if n > 1]
    extra = set(counts) - set(acked_ids)
    if missing: problems.append(f"{len(missing)} acknowledged {what} missing, e.g. {missing[:3]}")
    if twice: problems.append(f"{len(twice)} {what} stored more than once, e.g. {twice[:3]}")
    # A call that failed after its retries may still have committed; nothing
    # else may add rows.
    if len(extra) > failed_calls:
        problems.append(f"{len(extra)} {what} nobody asked for (only {failed_calls} calls failed)")
    print(f"{what}: {len(acked_ids)} acknowledged, {len(counts)} stored, "
          f"{len(missing)} missing, {len(twice)} duplicated, {len(extra)} unacknowledged")

posts = [r[0] for r in sql(f"SELECT post_id FROM jobmatch_postings.posts WHERE employer_id = '{employer}'")]
exactly_once("posts", [ids[0] for ids in acked["post"]], posts, failed["post"])
people = [r[0] for r in sql("SELECT profile_id FROM jobmatch_profiles.profiles")]
exactly_once("people", [ids[0] for ids in acked["person"]], people, failed["person"])
applications = [tuple(r) for r in sql("SELECT profile_id, post_id FROM jobmatch_events.applications")]
exactly_once("applications", list({tuple(ids[:2]) for ids in acked["apply"]}), applications,
             failed["apply"])
hires = [tuple(r) for r in sql("SELECT profile_id, post_id FROM jobmatch_events.hires")]
exactly_once("hires", list({tuple(ids[:2]) for ids in acked["hire"]}), hires, failed["hire"])

# No opening over-hired: per post, hires <= openings, and the openings left
# are what the hires leave.
per_post = collections.Counter(post for _, post in hires)
over = 0
for post_id, openings, remaining in sql(
        f"SELECT post_id, openings, remaining_openings FROM jobmatch_postings.posts"
        f" WHERE employer_id = '{employer}'"):
    n = per_post[post_id]
    if n > int(openings) or int(remaining) != int(openings) - n or int(remaining) < 0:
        over += 1
        problems.append(f"post {post_id}: {openings} openings, {n} hires, {remaining} left")
full = sum(1 for p, n in per_post.items() if n >= 2)
print(f"hires: {len(hires)} on {len(per_post)} posts, {full} posts filled; {over} over-hired")

# The feed as the reader saw it: cursors 1, 2, 3, ... to the database's head.
cursors, by_pair = [], collections.Counter()
for line in open(f"{out}/feed.txt"):
    cursor, kind, post, profile = line.split()
    cursors.append(int(cursor))
    by_pair[(int(kind), profile, post)] += 1
head = int(sql("SELECT last_cursor FROM jobmatch_events.feed_head WHERE id = 1")[0][0])
count, low, high = (int(x) for x in sql("SELECT COUNT(*), MIN(seq), MAX(seq) FROM jobmatch_events.feed")[0])
dups = len(cursors) - len(set(cursors))
gaps = sum(1 for a, b in zip(cursors, cursors[1:]) if b != a + 1)
if cursors[:1] != [1] or dups or gaps or cursors[-1] != head:
    problems.append(f"the feed read: first {cursors[:1]}, last {cursors[-1:]}, head {head}, "
                    f"{dups} duplicate cursors, {gaps} gaps")
if count != high - low + 1 or high != head:
    problems.append(f"the stored feed: {count} events from {low} to {high}, head {head}")
print(f"feed: {len(cursors)} events read from 1 to {cursors[-1]} (head {head}), "
      f"{dups} duplicate cursors, {gaps} gaps; stored {count} from {low} to {high}")
# Each acknowledged application and hire is one event (6 APPLICATION, 8 HIRE).
for kind, name, pairs in ((6, "application", acked["apply"]), (8, "hire", acked["hire"])):
    wrong = [p for p in {tuple(ids[:2]) for ids in pairs} if by_pair[(kind, p[0], p[1])] != 1]
    if wrong:
        problems.append(f"{len(wrong)} acknowledged {name}s are not exactly once in the feed: {wrong[:3]}")

# The restarted matcher: never in rotation while it said NOT_SERVING.
samples = [line.split() for line in open(rotation) if len(line.split()) >= 2]
not_serving = [s for s in samples if s[1] == "NOT_SERVING"]
in_rotation = [s for s in not_serving if len(s) > 2 and s[2].startswith("UP")]
serving_up = [s for s in samples if s[1] == "SERVING" and len(s) > 2 and s[2] == "UP"]
print(f"matcher restart: {len(samples)} samples, {len(not_serving)} NOT_SERVING "
      f"(HAProxy: {sorted(set(s[2] if len(s) > 2 else '?' for s in not_serving))}), "
      f"then SERVING and UP in {len(serving_up)}")
# A restart from a fresh checkpoint can be over before the watcher's next
# sample (one health call and 100 ms apart). Then its own log must show the
# NOT_SERVING start, and that it was shorter than HAProxy's check interval
# (500 ms; two passed checks put it back), so no check could have found it
# SERVING early.
if not not_serving:
    last_start = open(matcher_log, encoding="utf-8").read().split("listening on port")[-1]
    took = re.search(r"SERVING, ([0-9.]+)(us|ms|s) after start", last_start)
    seconds = float(took.group(1)) * {"us": 1e-6, "ms": 1e-3, "s": 1}[took.group(2)] if took else None
    if "NOT_SERVING:" in last_start and seconds is not None and seconds < 0.5:
        print(f"matcher restart: NOT_SERVING for {seconds * 1000:.0f} ms by its log, "
              f"between two of the watcher's samples")
    else:
        problems.append("the restarted matcher was never seen NOT_SERVING")
if in_rotation: problems.append(f"HAProxy had the matcher UP while NOT_SERVING: {in_rotation[:3]}")
if not serving_up: problems.append("the restarted matcher never came back into rotation")

calls = sum(1 for _ in open(f"{out}/acked.tsv")) and None
summary = open(f"{out}/summary.txt").read()
print(summary, end="")
total = int(summary.split("all        calls")[1].split()[0])
failed_total = sum(failed.values())
share = 100.0 * failed_total / max(total, 1)
print(f"failed client calls after retries: {failed_total} of {total} ({share:.3f}%)")
for line in open(f"{out}/failed.tsv", encoding="utf-8"):
    print("  failed:", line.rstrip()[:200])
if share > max_failed:
    problems.append(f"{share:.3f}% of calls failed after retries (allowed {max_failed}%)")
for p in problems: print("PROBLEM:", p)
sys.exit(1 if problems else 0)
PY
echo "chaos: every acknowledged write once, the feed whole, no opening over-hired"
