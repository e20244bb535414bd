#!/usr/bin/env bash
# Installs the peers bench/compare.sh measures the platform against, from
# Debian's packages: PostgreSQL 15 with PostGIS 3 (and libpq for the bench's
# client), Redis, and scipy (HiGHS). deploy/install-deps.sh already brings all
# but scipy (CI runs the small answers-agree check, not the timings); MariaDB
# comes from there too.
set -euo pipefail
SUDO=""
[ "$(id -u)" = 0 ] || SUDO=sudo
$SUDO apt-get update
$SUDO apt-get install -y --no-install-recommends postgresql-15 postgresql-15-postgis-3 postgis \
  libpq-dev redis-server python3-scipy python3-numpy
# Debian starts a system PostgreSQL and Redis on install; the bench runs its
# own private servers (bench/peers.sh) and needs neither.
