#!/usr/bin/env bash
# The production topology on this machine's loopback, as it would run on
# three hosts: a three-node MariaDB Galera cluster (state transfer by
# mariadb-backup), HAProxy in front of it writing through one synced node at a
# time, and replicas of every service and of the matcher behind HAProxy,
# health-checked with grpc.health.v1. deploy/run.sh (one private server, one
# process per service) stays the default for development.
#
#   deploy/cluster.sh start         start whatever is not running (first time:
#                                   bootstrap, migrations, users, keys, tokens)
#   deploy/cluster.sh stop          stop everything; leaves no process behind
#   deploy/cluster.sh status        each member's state; exit 0 when all are up
#   deploy/cluster.sh up MEMBER     start one member again (db2, events-1, ...)
#   deploy/cluster.sh pid MEMBER    print a running member's pid
#   deploy/cluster.sh sql [args]    mariadb as root through HAProxy
#   deploy/cluster.sh token FILE ARGS...  mint a token the cluster trusts into
#                                   FILE (jobmatch-token's flags: --role ...)
#
# Members: db1 db2 db3, haproxy, postings-N, profiles-N, events-N and
# matcher-N for N in 1..JOBMATCH_CLUSTER_REPLICAS, and prometheus (Debian's,
# through deploy/prometheus.sh: it scrapes every replica's metrics and
# evaluates deploy/prometheus/alerts.yml).
#
# Settings (environment): JOBMATCH_CLUSTER_DIR (default <repo>/var/cluster),
# JOBMATCH_CLUSTER_PORT_BASE (default 24000; the topology takes the 200 ports
# from there, laid out below; keep them below the kernel's range for outgoing
# connections, 32768-60999, where an outgoing connection may hold a port),
# JOBMATCH_CLUSTER_REPLICAS (default 2, at most 9), JOBMATCH_BUILD_DIR
# (default <repo>/build); JOBMATCH_PROM_SCRAPE_INTERVAL and
# JOBMATCH_PROM_EVAL_INTERVAL as for deploy/prometheus.sh.
#
# Ports from the base B: B+0 the database through HAProxy; B+1..3 the nodes'
# SQL ports, B+11..13 Galera replication, B+21..23 incremental state transfer
# (IST), B+31..33 full state transfer (SST); B+40 HAProxy's stats page;
# B+41 Prometheus; B+51 postings, B+52 profiles, B+53 events, B+54 matcher
# through HAProxy; the replicas at B+61.. (postings), B+71.. (profiles),
# B+81.. (events) and B+91.. (matcher), each serving its metrics 100 ports
# above (B+161.. and so on). Folders: one per node (db1/ ...), haproxy/, run/
# (service logs, pids, matcher checkpoints), prometheus/, keys/ and certs/
# (mode 0700).
set -euo pipefail
trap 'echo "deploy/cluster.sh: failed (exit $?) at line $LINENO: $BASH_COMMAND" >&2' ERR
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
DIR=${JOBMATCH_CLUSTER_DIR:-$ROOT/var/cluster}
BASE=${JOBMATCH_CLUSTER_PORT_BASE:-24000}
REPLICAS=${JOBMATCH_CLUSTER_REPLICAS:-2}
BUILD=${JOBMATCH_BUILD_DIR:-$ROOT/build}
RUN=$DIR/run
KEYS=$DIR/keys
CERTS=$DIR/certs
HAP=$DIR/haproxy
ROOT_PASSWORD_FILE=$DIR/root.password
NODES=(db1 db2 db3)
SERVICES=(postings profiles events matcher)
DB_PORT=$BASE
DB_URL=tcp://127.0.0.1:$DB_PORT
GALERA=/usr/lib/galera/libgalera_smm.so

node_index() { echo "${1#db}"; }
sql_port() { echo $((BASE + $(node_index "$1"))); }
galera_port() { echo $((BASE + 10 + $(node_index "$1"))); }
ist_port() { echo $((BASE + 20 + $(node_index "$1"))); }
sst_port() { echo $((BASE + 30 + $(node_index "$1"))); }
front_port() {  # service
  case $1 in postings) echo $((BASE + 51)) ;; profiles) echo $((BASE + 52)) ;;
    events) echo $((BASE + 53)) ;; matcher) echo $((BASE + 54)) ;; esac
}
replica_port() {  # service index
  case $1 in postings) echo $((BASE + 60 + $2)) ;; profiles) echo $((BASE + 70 + $2)) ;;
    events) echo $((BASE + 80 + $2)) ;; matcher) echo $((BASE + 90 + $2)) ;; esac
}
metrics_port() {  # service index
  echo $(($(replica_port "$1" "$2") + 100))
}
PROM_PORT=$((BASE + 41))
prometheus() {  # deploy/prometheus.sh args...: the cluster's own Prometheus
  JOBMATCH_PROM_DIR=$DIR/prometheus JOBMATCH_PROM_PORT=$PROM_PORT "$ROOT/deploy/prometheus.sh" "$@"
}
members() {
  echo "${NODES[@]}" haproxy
  local s i
  for s in "${SERVICES[@]}"; do for i in $(seq 1 "$REPLICAS"); do echo "$s-$i"; done; done
  echo prometheus
}

secret() {  # file: a random secret made once, mode 0600
  [ -s "$1" ] || (umask 077; openssl rand -hex 24 >"$1")
  chmod 600 "$1"
}

# ---- database nodes ---------------------------------------------------------

# Each node's option file (mode 0600: it holds the state-transfer password).
write_node_config() {  # node
  local node=$1 dir=$DIR/$1 peers="" n
  for n in "${NODES[@]}"; do peers+="${peers:+,}127.0.0.1:$(galera_port "$n")"; done
  mkdir -p "$dir"
  chmod 700 "$dir"
  (umask 077; cat >"$dir/my.cnf" <<CNF
[mariadbd]
datadir=$dir/data
socket=$dir/mysqld.sock
port=$(sql_port "$node")
bind-address=127.0.0.1
user=root
pid-file=$dir/mysqld.pid
log-error=$dir/mysqld.log
character-set-server=utf8mb4
collation-server=utf8mb4_unicode_ci
innodb-buffer-pool-size=256M
innodb-log-file-size=256M
max-connections=500
local-infile=0
skip-name-resolve=0
# Durability. Galera acknowledges a commit only once its write set has been
# delivered to every node of the primary component, so a write survives the
# loss of any one node; with flush-log-at-trx-commit=1 each node also writes
# and flushes its redo log at every commit, so it survives every node losing
# power at once. sync-binlog=1 holds whenever a binary log is turned on.
innodb-flush-log-at-trx-commit=1
sync-binlog=1
# What Galera needs: row-based write sets and interleaved auto-increment locks.
binlog-format=ROW
default-storage-engine=InnoDB
innodb-autoinc-lock-mode=2
wsrep-on=ON
wsrep-provider=$GALERA
wsrep-cluster-name=jobmatch
wsrep-cluster-address=gcomm://$peers
wsrep-node-name=$node
wsrep-node-address=127.0.0.1:$(galera_port "$node")
wsrep-node-incoming-address=127.0.0.1:$(sql_port "$node")
# gcache.recover keeps the write-set cache across a crash, so a node killed
# and started again catches up by IST (the missed write sets) instead of a
# full copy; pc.recovery lets the cluster re-form after all nodes stopped.
wsrep-provider-options="gmcast.listen_addr=tcp://127.0.0.1:$(galera_port "$node");ist.recv_addr=127.0.0.1:$(ist_port "$node");gcache.size=256M;gcache.recover=yes;pc.recovery=TRUE"
wsrep-sst-method=mariabackup
wsrep-sst-auth=sst:$(cat "$DIR/sst.password")
wsrep-sst-receive-address=127.0.0.1:$(sst_port "$node")
# Every write goes through one node (HAProxy), so ids need no per-node stride.
wsrep-auto-increment-control=OFF
wsrep-slave-threads=2
[sst]
# Whatever a donor streams, it streams over loopback.
sockopt=",bind=127.0.0.1"
CNF
  )
}

node_pid() {  # node: the pid of a mariadbd using this node's data, or fail
  local pidfile=$DIR/$1/mysqld.pid pid
  [ -f "$pidfile" ] || return 1
  pid=$(cat "$pidfile" 2>/dev/null) || return 1
  [ -n "$pid" ] && [ -r "/proc/$pid/cmdline" ] || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q -- "--defaults-file=$DIR/$1/my.cnf" || return 1
  echo "$pid"
}

root_options() {
  printf '[client]\nuser=root\n'
  if [ -s "$ROOT_PASSWORD_FILE" ]; then printf 'password=%s\n' "$(cat "$ROOT_PASSWORD_FILE")"; fi
}
node_sql() {  # node args...: root on the node's socket
  local node=$1; shift
  mariadb --defaults-file=<(root_options) --protocol=socket --socket="$DIR/$node/mysqld.sock" "$@"
}
# The node's Galera state: 4 is Synced (it serves); empty when it does not
# answer. A new cluster's first node has no root password yet.
node_state() {
  local query="SHOW GLOBAL STATUS LIKE 'wsrep_local_state'"
  { node_sql "$1" -N -e "$query" 2>/dev/null ||
    mariadb --no-defaults --protocol=socket --socket="$DIR/$1/mysqld.sock" -uroot -N -e "$query" \
      2>/dev/null; } | awk '{print $2}'
}

# The position a stopped node's data holds ("uuid:seqno"), recovered from
# InnoDB as mysqld_safe does (--wsrep-recover) when the state file does not
# say it (-1 after a crash). Joining with it lets the node ask for IST.
recovered_position() {  # node
  local dir=$DIR/$1 uuid seqno
  uuid=$(sed -n 's/^uuid: *//p' "$dir/data/grastate.dat" 2>/dev/null || true)
  seqno=$(sed -n 's/^seqno: *//p' "$dir/data/grastate.dat" 2>/dev/null || true)
  if [ -n "$uuid" ] && [ -n "$seqno" ] && [ "$seqno" != -1 ]; then echo "$uuid:$seqno"; return; fi
  mariadbd --defaults-file="$dir/my.cnf" --wsrep-recover --log-error="$dir/recover.log" \
    >/dev/null 2>&1 || true
  sed -n 's/.*WSREP: Recovered position: *//p' "$dir/recover.log" | tail -1
}

# Starts one node: bootstrapping a new cluster (`new`) or joining the others.
start_node() {  # node [new]
  local node=$1 mode=${2:-join} dir=$DIR/$1 args=() position
  write_node_config "$node"
  rm -f "$dir/mysqld.pid" "$dir/mysqld.sock"
  if [ ! -d "$dir/data/mysql" ]; then
    mariadb-install-db --no-defaults --datadir="$dir/data" --skip-name-resolve \
      --auth-root-authentication-method=normal --skip-test-db >"$dir/install.log" 2>&1 || {
      echo "cluster: initialising $node failed; see $dir/install.log" >&2
      rm -rf "$dir/data"
      return 1
    }
  else
    position=$(recovered_position "$node")
    [ -z "$position" ] || args+=(--wsrep-start-position="$position")
  fi
  if [ "$mode" = new ]; then
    sed -i 's/^safe_to_bootstrap: *0/safe_to_bootstrap: 1/' "$dir/data/grastate.dat" 2>/dev/null || true
    args+=(--wsrep-new-cluster)
  fi
  setsid mariadbd --defaults-file="$dir/my.cnf" "${args[@]}" </dev/null >/dev/null 2>&1 &
  # The server writes its pid file only after any state transfer; until then
  # this one says the node is starting.
  echo $! >"$dir/mysqld.pid"
}

# Waits until the node is Synced (a joiner first receives its state, which
# for a full copy takes a while).
wait_synced() {  # node [seconds]
  local node=$1 limit=${2:-300} start=$SECONDS
  until [ "$(node_state "$node")" = 4 ]; do
    if ! node_pid "$node" >/dev/null && (( SECONDS - start > 5 )); then
      echo "cluster: $node exited while starting; the end of $DIR/$node/mysqld.log:" >&2
      tail -15 "$DIR/$node/mysqld.log" >&2
      return 1
    fi
    if (( SECONDS - start >= limit )); then
      echo "cluster: $node not Synced after $limit s; see $DIR/$node/mysqld.log" >&2
      return 1
    fi
    sleep 0.5
  done
}

# The node to bootstrap from when none runs: the one the state files mark
# safe (the last to stop cleanly), else the most advanced after a crash.
bootstrap_node() {
  local node best="" best_seqno=-2 position seqno
  for node in "${NODES[@]}"; do
    if grep -q '^safe_to_bootstrap: *1' "$DIR/$node/data/grastate.dat" 2>/dev/null; then
      echo "$node"; return
    fi
  done
  for node in "${NODES[@]}"; do
    [ -d "$DIR/$node/data/mysql" ] || continue
    write_node_config "$node"
    position=$(recovered_position "$node")
    seqno=${position##*:}
    if [ -n "$seqno" ] && (( seqno > best_seqno )); then best=$node; best_seqno=$seqno; fi
  done
  echo "${best:-db1}"
}

# Root's password (made once), the state-transfer user, and HAProxy's
# health-check user, on a freshly bootstrapped cluster; Galera replicates
# account statements to the other nodes.
secure_new_cluster() {  # node
  local password sst check
  password=$(cat "$ROOT_PASSWORD_FILE") sst=$(cat "$DIR/sst.password")
  check=$(cat "$DIR/check.password")
  mariadb --no-defaults --protocol=socket --socket="$DIR/$1/mysqld.sock" -uroot <<SQL
CREATE USER IF NOT EXISTS 'root'@'127.0.0.1';
GRANT ALL ON *.* TO 'root'@'127.0.0.1' WITH GRANT OPTION;
ALTER USER 'root'@'localhost' IDENTIFIED BY '$password';
ALTER USER 'root'@'127.0.0.1' IDENTIFIED BY '$password';
CREATE USER IF NOT EXISTS 'sst'@'localhost' IDENTIFIED BY '$sst';
GRANT RELOAD, PROCESS, LOCK TABLES, BINLOG MONITOR ON *.* TO 'sst'@'localhost';
CREATE USER IF NOT EXISTS 'haproxy_check'@'127.0.0.1' IDENTIFIED BY '$check';
SQL
}

start_database() {
  local node running="" first
  secret "$ROOT_PASSWORD_FILE"
  secret "$DIR/sst.password"
  secret "$DIR/check.password"
  for node in "${NODES[@]}"; do
    if node_pid "$node" >/dev/null && [ "$(node_state "$node")" = 4 ]; then running=$node; fi
  done
  if [ -z "$running" ]; then
    local fresh=1
    for node in "${NODES[@]}"; do [ -d "$DIR/$node/data/mysql" ] && fresh=0; done
    first=$(bootstrap_node)
    echo "cluster: bootstrapping the cluster from $first"
    start_node "$first" new
    wait_synced "$first" 120
    ((fresh == 0)) || secure_new_cluster "$first"
  fi
  for node in "${NODES[@]}"; do
    node_pid "$node" >/dev/null && continue
    echo "cluster: $node joins"
    start_node "$node"
    wait_synced "$node"
  done
}

stop_node() {  # node
  local pid
  if pid=$(node_pid "$1"); then
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 120); do [ -d "/proc/$pid" ] || break; sleep 0.5; done
    kill -9 "$pid" 2>/dev/null || true
  fi
  rm -f "$DIR/$1/mysqld.pid" "$DIR/$1/mysqld.sock"
}

# ---- HAProxy ----------------------------------------------------------------

# The health probes HAProxy runs (option external-check): HAProxy passes the
# server's address and port as $3 and $4 and clears the environment, so the
# paths are written into each probe.
write_probes() {
  mkdir -p "$HAP"
  (umask 077; printf '[client]\nuser=haproxy_check\npassword=%s\n' \
    "$(cat "$DIR/check.password")" >"$HAP/check.cnf")
  # A node takes writes only when Synced (4): not while joining, receiving
  # its state, or giving it to a joiner (a donor is desynced).
  cat >"$HAP/probe-db" <<PROBE
#!/bin/sh
state=\$(mariadb --defaults-file=$HAP/check.cnf --protocol=tcp -h"\$3" -P"\$4" \\
  --connect-timeout=2 -N -e "SHOW GLOBAL STATUS LIKE 'wsrep_local_state'" 2>/dev/null)
[ "\${state##*[[:space:]]}" = 4 ]
PROBE
  # A replica takes calls only when grpc.health.v1 Check says SERVING over
  # TLS: a matcher loading its checkpoint answers NOT_SERVING and is left out.
  cat >"$HAP/probe-grpc" <<PROBE
#!/bin/sh
exec $BUILD/services/common/jobmatch-health --target="\$3:\$4" --ca_file=$CERTS/ca.pem >/dev/null 2>&1
PROBE
  chmod 700 "$HAP/probe-db" "$HAP/probe-grpc"
}

write_haproxy_config() {
  local node s i first=1
  {
    cat <<CFG
global
  pidfile $HAP/haproxy.pid
  # One thread is plenty for loopback traffic on two cores (and 2.6.12 with
  # several threads hit an internal assertion here while marking servers down).
  nbthread 1
  log stderr format short local0 notice
  # The health checks run a probe program (HAProxy 2.6 has no gRPC check).
  external-check
  insecure-fork-wanted

defaults
  mode tcp
  log global
  timeout connect 2s
  # Streams (the events feed, the matcher's watches) stay open for hours and
  # carry keepalives every few seconds.
  timeout client 1h
  timeout server 1h
  timeout check 4s
  # A connection that cannot reach its server tries another.
  option redispatch
  retries 3
  # A server marked down has its connections cut, so its clients reconnect
  # to a healthy one instead of waiting on it.
  default-server inter 1s fastinter 500ms downinter 1s rise 2 fall 2 on-marked-down shutdown-sessions

listen stats
  mode http
  bind 127.0.0.1:$((BASE + 40))
  stats enable
  stats uri /

# The database: every connection to one synced node, the others standing by
# (backup). The one-entry stick table keeps the writer where it is when a
# failed node comes back, so two nodes never take writes at once.
frontend database
  bind 127.0.0.1:$DB_PORT
  default_backend galera
backend galera
  option external-check
  external-check path "/usr/bin:/bin"
  external-check command $HAP/probe-db
  # A dead writer is left at the first connection it refuses (observe
  # layer4): that connection fails, the next goes to the next node (0.26 s
  # after a kill here); the probes (a second or more) catch a writer that
  # stops answering without refusing.
  default-server inter 500ms fastinter 250ms downinter 1s rise 2 fall 2 on-marked-down shutdown-sessions observe layer4 error-limit 1 on-error mark-down
  stick-table type integer size 1
  stick on int(1)
CFG
    for node in "${NODES[@]}"; do
      echo "  server $node 127.0.0.1:$(sql_port "$node") check$( ((first)) || echo ' backup')"
      first=0
    done
    for s in "${SERVICES[@]}"; do
      cat <<CFG

# $s: gRPC over HTTP/2 inside TLS, passed through (deploy/README.md).
frontend $s
  bind 127.0.0.1:$(front_port "$s")
  default_backend $s
backend $s
  balance leastconn
  option external-check
  external-check path "/usr/bin:/bin"
  external-check command $HAP/probe-grpc
  # A killed replica has no connections, so leastconn would send every new
  # one to it until two checks fail (~2 s): the first refused connection
  # marks it down instead, and each retry goes to another replica.
  option redispatch 1
CFG
      for i in $(seq 1 "$REPLICAS"); do
        echo "  server $s-$i 127.0.0.1:$(replica_port "$s" "$i") check observe layer4 error-limit 1 on-error mark-down"
      done
    done
  } >"$HAP/haproxy.cfg.tmp"
  mv "$HAP/haproxy.cfg.tmp" "$HAP/haproxy.cfg"
}

haproxy_pid() {
  local pid
  pid=$(cat "$HAP/haproxy.pid" 2>/dev/null) || return 1
  [ -n "$pid" ] && [ -r "/proc/$pid/cmdline" ] || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q -- "$HAP/haproxy.cfg" || return 1
  echo "$pid"
}

start_haproxy() {
  haproxy_pid >/dev/null && return 0
  write_probes
  write_haproxy_config
  haproxy -c -q -f "$HAP/haproxy.cfg"
  # -db: in the foreground of its own session, logging to haproxy.log.
  setsid haproxy -db -f "$HAP/haproxy.cfg" </dev/null >>"$HAP/haproxy.log" 2>&1 &
  echo $! >"$HAP/haproxy.pid"
  for _ in $(seq 1 40); do
    mariadb --defaults-file=<(root_options) --protocol=tcp -h127.0.0.1 -P"$DB_PORT" \
      -e "SELECT 1" >/dev/null 2>&1 && return 0
    sleep 0.5
  done
  echo "cluster: the database is not reachable through HAProxy; see $HAP/haproxy.log" >&2
  return 1
}

# ---- keys, certificates, tokens, migrations ---------------------------------

# What `db.sh` does for the private server, here through HAProxy: migrations
# once as the administrator (Galera runs each DDL statement on every node),
# then the services' users with their passwords in keys/.
db_sh() {
  JOBMATCH_DB_DIR=$DIR/db1 JOBMATCH_DB_PORT=$DB_PORT JOBMATCH_DB_SOCKET=$DIR/db1/mysqld.sock \
    JOBMATCH_DB_ROOT_PASSWORD_FILE=$ROOT_PASSWORD_FILE JOBMATCH_DB_SECRETS_DIR=$KEYS \
    "$ROOT/deploy/db.sh" "$@"
}

prepare() {
  mkdir -p "$RUN" "$KEYS"
  chmod 700 "$KEYS"
  db_sh migrate >"$RUN/migrate.log" 2>&1 || {
    echo "cluster: migrations failed; see $RUN/migrate.log" >&2
    tail -5 "$RUN/migrate.log" >&2
    return 1
  }
  local key
  for key in profiles matcher-checkpoint stats; do
    [ -s "$KEYS/$key.key" ] || (umask 077; openssl rand -hex 32 >"$KEYS/$key.key")
    chmod 600 "$KEYS/$key.key"
  done
  "$ROOT/deploy/certs.sh" "$CERTS" >/dev/null
  mint "$CERTS/matcher.token" --role=service --subject=matcher \
    --audience=postings,profiles,events --ttl=720h
  mint "$CERTS/notifier.token" --role=service --subject=notifier --audience=matcher --ttl=720h
  mint "$CERTS/admin.token" --role=admin --subject=local-admin \
    --audience=postings,profiles,events,matcher --ttl=24h
}

mint() {  # file args...
  local file=$1; shift
  (umask 077; "$BUILD/services/common/jobmatch-token" --private_key_file="$CERTS/token.key" "$@" \
    >"$file.tmp")
  mv "$file.tmp" "$file"
}

# ---- service replicas -------------------------------------------------------

# The command line of one replica, into REPLICA_COMMAND: every flag of every
# binary the cluster runs is set here and nowhere else. Replicas reach the
# database and each other only through HAProxy.
replica_command() {  # service index
  local service=$1 index=$2 port
  port=$(replica_port "$service" "$index")
  local secure=(--tls_cert_file="$CERTS/server.pem" --tls_key_file="$CERTS/server.key"
                --token_public_key_file="$CERTS/token.pub"
                --token_revocation_file="$CERTS/revoked-tokens")
  local as_user=(--db="$DB_URL" --db_user="jobmatch_$service"
                 --db_password_file="$KEYS/db-$service.password")
  case $service in
    postings)
      REPLICA_COMMAND=("$BUILD/services/postings/jobmatch-postings" "${as_user[@]}"
        --trusted_import_sources=czt-fair-2026,spring-breeze-2026,village-outreach-2026,demo-village-fair)
      ;;
    profiles)
      REPLICA_COMMAND=("$BUILD/services/profiles/jobmatch-profiles" "${as_user[@]}"
        --data_key_file="$KEYS/profiles.key" --stats_key_file="$KEYS/stats.key")
      ;;
    events)
      REPLICA_COMMAND=("$BUILD/services/events/jobmatch-events" "${as_user[@]}"
        --notifications_file="$RUN/events-$index.notifications.jsonl"
        --matcher="127.0.0.1:$(front_port matcher)" --ca_file="$CERTS/ca.pem"
        --token_file="$CERTS/notifier.token" --stats_key_file="$KEYS/stats.key")
      ;;
    matcher)
      # Each matcher replica follows the feed on its own, with its own checkpoint.
      REPLICA_COMMAND=("$BUILD/matcher/service/jobmatch-matcher"
        --events="127.0.0.1:$(front_port events)" --postings="127.0.0.1:$(front_port postings)"
        --profiles="127.0.0.1:$(front_port profiles)" --ca_file="$CERTS/ca.pem"
        --token_file="$CERTS/matcher.token" --checkpoint_file="$RUN/matcher-$index.checkpoint"
        --checkpoint_key_file="$KEYS/matcher-checkpoint.key")
      ;;
  esac
  REPLICA_COMMAND+=(--listen="127.0.0.1:$port" "${secure[@]}"
    --metrics_port="$(metrics_port "$service" "$index")" --metrics_disk_paths="$DIR"
    --rpc_log="$RUN/$service-$index.rpc.jsonl")
}

# The pid file may outlive its process: trust it only for a process that
# listens on this replica's port.
replica_pid() {  # member
  local pid port
  port=$(replica_port "${1%-*}" "${1##*-}")
  pid=$(cat "$RUN/$1.pid" 2>/dev/null) || return 1
  [ -n "$pid" ] && [ -r "/proc/$pid/cmdline" ] || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q -- "--listen=127.0.0.1:$port " || return 1
  echo "$pid"
}

start_replica() {  # member (service-index)
  local member=$1 service=${1%-*} index=${1##*-}
  replica_pid "$member" >/dev/null && return 0
  replica_command "$service" "$index"
  setsid "${REPLICA_COMMAND[@]}" >>"$RUN/$member.log" 2>&1 </dev/null &
  echo $! >"$RUN/$member.pid"
}

# Waits until a replica answers SERVING (a matcher first loads its
# checkpoint or its snapshot, answering NOT_SERVING meanwhile).
wait_replica() {  # member [seconds]
  local member=$1 limit=${2:-120} service=${1%-*} index=${1##*-}
  "$BUILD/services/common/jobmatch-health" --ca_file="$CERTS/ca.pem" --wait="${limit}s" \
    --target="127.0.0.1:$(replica_port "$service" "$index")" >/dev/null 2>&1 && return 0
  echo "cluster: $member is not SERVING after $limit s; see $RUN/$member.log" >&2
  tail -5 "$RUN/$member.log" >&2
  return 1
}

stop_replica() {  # member
  local pid
  if pid=$(replica_pid "$1"); then
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 40); do [ -d "/proc/$pid" ] || break; sleep 0.25; done
    kill -9 "$pid" 2>/dev/null || true
  fi
  rm -f "$RUN/$1.pid"
}

# ---- commands ---------------------------------------------------------------

start_all() {
  [ -r "$GALERA" ] || { echo "cluster: $GALERA is missing (apt-get install galera-4)" >&2; return 1; }
  [ -x "$BUILD/services/common/jobmatch-health" ] || { echo "cluster: build first" >&2; return 1; }
  mkdir -p "$DIR" "$RUN"
  chmod 700 "$DIR"
  start_database
  write_probes
  start_haproxy
  prepare
  local s i
  for s in postings profiles events; do
    for i in $(seq 1 "$REPLICAS"); do start_replica "$s-$i"; done
  done
  for s in postings profiles events; do
    for i in $(seq 1 "$REPLICAS"); do wait_replica "$s-$i" 30; done
  done
  for i in $(seq 1 "$REPLICAS"); do start_replica "matcher-$i"; done
  for i in $(seq 1 "$REPLICAS"); do wait_replica "matcher-$i" 300; done
  start_prometheus
  status || true
  cat <<INFO

jobmatch cluster on loopback ($REPLICAS replicas of each service):
  database  $DB_URL (HAProxy; one synced node takes writes)   stats http://127.0.0.1:$((BASE + 40))/
  metrics   Prometheus http://127.0.0.1:$PROM_PORT/ (alerts: /alerts)
  postings  127.0.0.1:$(front_port postings)   profiles 127.0.0.1:$(front_port profiles)
  events    127.0.0.1:$(front_port events)   matcher  127.0.0.1:$(front_port matcher)
  CA $CERTS/ca.pem, admin token $CERTS/admin.token; logs under $DIR.
INFO
}

# Prometheus scraping every replica of every service (a job per service,
# each replica a target), so a replica that dies fires ServiceDown.
start_prometheus() {
  local targets=() s i
  for s in "${SERVICES[@]}"; do
    for i in $(seq 1 "$REPLICAS"); do targets+=("$s=127.0.0.1:$(metrics_port "$s" "$i")"); done
  done
  prometheus start "${targets[@]}" >/dev/null
}

stop_all() {
  prometheus stop
  local m
  for m in $(members); do
    case $m in db*|haproxy|prometheus) ;; *) stop_replica "$m" ;; esac
  done
  local pid
  if pid=$(haproxy_pid); then
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 20); do [ -d "/proc/$pid" ] || break; sleep 0.25; done
    kill -9 "$pid" 2>/dev/null || true
  fi
  rm -f "$HAP/haproxy.pid"
  # One node at a time; the last to stop is the one to bootstrap from next.
  for m in db3 db2 db1; do stop_node "$m"; done
  echo "cluster: stopped"
}

# One line per member: running or not, and a node's Galera state or a
# replica's health. Exit 0 when every member is up and healthy.
status() {
  local m ok=0 pid state
  for m in $(members); do
    case $m in
      db*)
        if pid=$(node_pid "$m"); then
          state=$(node_state "$m")
          printf '%-12s pid %-8s %s\n' "$m" "$pid" "$([ "$state" = 4 ] && echo Synced || echo "state ${state:-?}")"
          [ "$state" = 4 ] || ok=1
        else printf '%-12s down\n' "$m"; ok=1; fi ;;
      haproxy)
        if pid=$(haproxy_pid); then printf '%-12s pid %-8s port %s\n' "$m" "$pid" "$DB_PORT"
        else printf '%-12s down\n' "$m"; ok=1; fi ;;
      prometheus)
        if prometheus status >/dev/null; then
          printf '%-12s pid %-8s port %s\n' "$m" "$(cat "$DIR/prometheus/prometheus.pid")" "$PROM_PORT"
        else printf '%-12s down\n' "$m"; ok=1; fi ;;
      *)
        if pid=$(replica_pid "$m"); then
          if "$HAP/probe-grpc" - - 127.0.0.1 "$(replica_port "${m%-*}" "${m##*-}")"; then
            state=SERVING
          else state="NOT SERVING"; ok=1; fi
          printf '%-12s pid %-8s %s\n' "$m" "$pid" "$state"
        else printf '%-12s down\n' "$m"; ok=1; fi ;;
    esac
  done
  return $ok
}

up() {  # member
  case $1 in
    db[1-3]) node_pid "$1" >/dev/null || { start_node "$1"; wait_synced "$1"; } ;;
    haproxy) start_haproxy ;;
    prometheus) prometheus status >/dev/null || start_prometheus ;;
    postings-[1-9]|profiles-[1-9]|events-[1-9]|matcher-[1-9])
      start_replica "$1"
      wait_replica "$1" 300 ;;
    *) echo "cluster: no member $1" >&2; return 2 ;;
  esac
}

member_pid() {  # member
  case $1 in
    db*) node_pid "$1" ;;
    haproxy) haproxy_pid ;;
    prometheus) cat "$DIR/prometheus/prometheus.pid" ;;
    *) replica_pid "$1" ;;
  esac
}

case "${1:-}" in
  start) start_all ;;
  stop) stop_all ;;
  status) status || exit 1 ;;
  up) up "${2:?member}" ;;
  pid) member_pid "${2:?member}" ;;
  token) shift; mint "${1:?file}" "${@:2}" ;;
  sql) shift; mariadb --defaults-file=<(root_options) --protocol=tcp -h127.0.0.1 -P"$DB_PORT" "$@" ;;
  *) sed -n '2,30p' "$0"; exit 2 ;;
esac
