#!/usr/bin/env bash
# Runs Debian's Prometheus for jobmatch: its own data folder and port, the
# alert rules of deploy/prometheus/alerts.yml, scraping the targets given.
#
#   JOBMATCH_PROM_DIR=dir JOBMATCH_PROM_PORT=p deploy/prometheus.sh start JOB=HOST:PORT [...]
#   JOBMATCH_PROM_DIR=dir deploy/prometheus.sh stop|status
#
# Each JOB=HOST:PORT is a metrics endpoint (a service's --metrics_port); the
# same JOB may be given several times (replicas), each becomes a target of
# that job. `start` writes dir/prometheus.yml, starts Prometheus on
# 127.0.0.1:p (JOBMATCH_PROM_LISTEN to listen elsewhere) with its data in
# dir/data and its log in dir/prometheus.log, and waits until it is ready;
# started again, it restarts with the new targets. `stop` leaves no process.
# JOBMATCH_PROM_SCRAPE_INTERVAL and JOBMATCH_PROM_EVAL_INTERVAL (default 15s)
# set how often targets are scraped and rules evaluated (tests use 1s);
# JOBMATCH_PROM_RETENTION how long data is kept (default 15d).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
DIR=${JOBMATCH_PROM_DIR:-$ROOT/var/prometheus}
PORT=${JOBMATCH_PROM_PORT:-9090}
LISTEN=${JOBMATCH_PROM_LISTEN:-127.0.0.1:$PORT}
SCRAPE=${JOBMATCH_PROM_SCRAPE_INTERVAL:-15s}
EVAL=${JOBMATCH_PROM_EVAL_INTERVAL:-15s}
RETENTION=${JOBMATCH_PROM_RETENTION:-15d}
RULES=${JOBMATCH_PROM_RULES:-$ROOT/deploy/prometheus/alerts.yml}
PIDFILE=$DIR/prometheus.pid

running() { [ -s "$PIDFILE" ] && kill -0 "$(cat "$PIDFILE")" 2>/dev/null; }

stop() {
  running || { rm -f "$PIDFILE"; return 0; }
  local pid
  pid=$(cat "$PIDFILE")
  kill "$pid"
  for _ in $(seq 1 80); do [ -d "/proc/$pid" ] || break; sleep 0.25; done
  kill -9 "$pid" 2>/dev/null || true
  rm -f "$PIDFILE"
}

# prometheus.yml for the JOB=HOST:PORT arguments, jobs in order of first mention.
write_config() {
  local -A targets=()
  local -a jobs=()
  local arg job target
  for arg in "$@"; do
    job=${arg%%=*}
    target=${arg#*=}
    if [[ "$arg" != *=* || -z "$job" || "$target" != *:* ]]; then
      echo "deploy/prometheus.sh: expected JOB=HOST:PORT, got '$arg'" >&2
      exit 2
    fi
    [ -n "${targets[$job]+x}" ] || jobs+=("$job")
    targets[$job]="${targets[$job]:+${targets[$job]}, }'$target'"
  done
  {
    echo "# Written by deploy/prometheus.sh; rewritten at every start."
    echo "global:"
    echo "  scrape_interval: $SCRAPE"
    echo "  scrape_timeout: $( [ "${SCRAPE%s}" -lt 10 ] 2>/dev/null && echo "$SCRAPE" || echo 10s)"
    echo "  evaluation_interval: $EVAL"
    echo "rule_files:"
    echo "  - '$RULES'"
    echo "scrape_configs:"
    for job in "${jobs[@]}"; do
      echo "  - job_name: '$job'"
      echo "    static_configs:"
      echo "      - targets: [${targets[$job]}]"
    done
  } >"$DIR/prometheus.yml"
}

case "${1:-}" in
  start)
    shift
    (($#)) || { echo "usage: $0 start JOB=HOST:PORT [...]" >&2; exit 2; }
    mkdir -p "$DIR/data"
    write_config "$@"
    promtool check config "$DIR/prometheus.yml" >"$DIR/check.log" 2>&1 ||
      { cat "$DIR/check.log" >&2; exit 1; }
    stop
    setsid prometheus --config.file="$DIR/prometheus.yml" --storage.tsdb.path="$DIR/data" \
      --storage.tsdb.retention.time="$RETENTION" --web.listen-address="$LISTEN" \
      >"$DIR/prometheus.log" 2>&1 </dev/null &
    echo $! >"$PIDFILE"
    for _ in $(seq 1 120); do
      if curl -fsS "http://$LISTEN/-/ready" >/dev/null 2>&1; then
        echo "prometheus: ready on http://$LISTEN (targets: $*)"
        exit 0
      fi
      running || break
      sleep 0.25
    done
    echo "deploy/prometheus.sh: not ready; the end of $DIR/prometheus.log:" >&2
    tail -n 20 "$DIR/prometheus.log" >&2
    stop
    exit 1
    ;;
  stop)
    stop
    ;;
  status)
    if running; then echo "prometheus: running (pid $(cat "$PIDFILE"), $DIR)"; else echo "prometheus: stopped"; exit 3; fi
    ;;
  *)
    echo "usage: JOBMATCH_PROM_DIR=dir JOBMATCH_PROM_PORT=p $0 start JOB=HOST:PORT [...] | stop | status" >&2
    exit 2
    ;;
esac
