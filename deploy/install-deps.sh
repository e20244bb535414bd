#!/usr/bin/env bash
# Installs the Debian 12 packages jobmatch builds, tests and runs with.
# Skips apt entirely when everything is already there.
set -euo pipefail
PACKAGES=(
  build-essential cmake pkg-config ccache
  libgrpc++-dev libgrpc-dev protobuf-compiler-grpc libprotobuf-dev protobuf-compiler
  libabsl-dev libmysqlcppconn-dev mariadb-server mariadb-client
  # Online backups (deploy/backup.sh and ctest backup_restore), and the
  # cluster of deploy/cluster.sh (Galera, HAProxy; tests/cluster).
  mariadb-backup galera-4 haproxy
  libgtest-dev libgmock-dev libbenchmark-dev
  golang-github-gogo-googleapis-dev liblemon-dev libsqlite3-dev libjwt-dev openssl libssl-dev
  python3
  # jobctl's XLSX export of the statistics tables.
  libxlsxwriter-dev
  # Checks (README "Checks"): clang-format, clang-tidy, and clang with its
  # libFuzzer and sanitizer runtimes for deploy/fuzz.sh.
  clang clang-format clang-tidy libclang-rt-14-dev
  # Metrics (README "Metrics, alerts and logs"): the services' HTTP endpoint,
  # and Prometheus with promtool for deploy/prometheus.sh and its tests.
  libcpp-httplib-dev prometheus curl
  # The web console (services/console): its HTTPS library, and the headless
  # browser and Chinese fonts of its browser test.
  chromium fonts-noto-cjk
  # bench/: libpq for the recommendation bench's client; PostgreSQL with
  # PostGIS and Redis for its peers (ctest bench_recommend_answers_agree).
  libpq-dev postgresql-15 postgresql-15-postgis-3 redis-server
)
missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "installing: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}"
  # Nor a system-wide Prometheus: deploy/prometheus.sh runs the project's own.
  if [[ " ${missing[*]} " == *" prometheus "* ]] && command -v systemctl >/dev/null; then
    systemctl disable --now prometheus >/dev/null 2>&1 || true
  fi
fi
# The package's own init script must not start a system-wide server: the
# project runs its private one (deploy/db.sh).

# The console's pages and browser test take their npm packages from the lock
# file at build time (npm ci): Node.js and npm from Debian, unless a Node.js
# with its own npm is installed already.
if ! command -v npm >/dev/null 2>&1; then
  echo "installing: nodejs npm"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends nodejs npm
fi
