#!/usr/bin/env bash
# Online backups of the private MariaDB (deploy/db.sh) with mariadb-backup,
# taken while the services keep writing, and their restore into an empty
# folder.
#
#   deploy/backup.sh [backup] [DIR]   take a consistent backup into DIR (default
#                                     $JOBMATCH_BACKUP_DIR/<UTC time>), prepared
#                                     at once, so it is ready to restore
#   deploy/backup.sh restore BACKUP_DIR NEW_DB_DIR
#                                     copy a backup into NEW_DB_DIR/data (which
#                                     must be empty or absent), with root's
#                                     password file beside it; then start it with
#                                     JOBMATCH_DB_DIR=NEW_DB_DIR deploy/db.sh start
#
# Settings (environment), as deploy/db.sh: JOBMATCH_DB_DIR, JOBMATCH_DB_SOCKET,
# JOBMATCH_DB_ROOT_PASSWORD_FILE; and JOBMATCH_BACKUP_DIR (default
# <repo>/var/backups), JOBMATCH_BACKUP_KEEP (default 7: backups kept in
# JOBMATCH_BACKUP_DIR once a new one is complete; 0 keeps them all).
#
# What a backup holds: every schema with the mysql system tables (the service
# users and their grants, root's password hash), consistent at one point in
# the commit order. What it does not hold: root's password file, the service
# users' password files and the data keys (var/keys). The profiles' ID numbers,
# phones and statuses are sealed with profiles.key; a backup kept beside that
# key would give them away, so keys are saved apart (deploy/README.md).
set -euo pipefail
# Everything this writes is for its owner alone: the folders 0700, the files
# 0600 (the backup holds sealed ID numbers, and everything else in clear).
umask 077

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
DB_DIR=${JOBMATCH_DB_DIR:-$ROOT/var/db}
SOCK=${JOBMATCH_DB_SOCKET:-$DB_DIR/mysqld.sock}
ROOT_PASSWORD_FILE=${JOBMATCH_DB_ROOT_PASSWORD_FILE:-$DB_DIR/root.password}
BACKUP_DIR=${JOBMATCH_BACKUP_DIR:-$ROOT/var/backups}
KEEP=${JOBMATCH_BACKUP_KEEP:-7}

fail() { echo "jobmatch backup: $*" >&2; exit 1; }

# Owner-only modes on everything under $1.
owner_only() {
  chmod 700 "$1"
  find "$1" -mindepth 1 -type d -exec chmod 700 {} +
  find "$1" -type f -exec chmod 600 {} +
}

backup() {
  local target=${1:-}
  if [ -z "$target" ]; then
    mkdir -p "$BACKUP_DIR" && chmod 700 "$BACKUP_DIR"
    target=$BACKUP_DIR/$(date -u +%Y%m%dT%H%M%SZ)
  fi
  [ ! -e "$target" ] || fail "$target exists already; a backup goes into a new folder"
  [ -S "$SOCK" ] || fail "no server on $SOCK (deploy/db.sh start)"
  [ -s "$ROOT_PASSWORD_FILE" ] || fail "root's password file $ROOT_PASSWORD_FILE is missing"

  # The copy is made in a .partial folder and renamed once prepared, so a
  # backup that stopped half way is never taken for a complete one.
  local partial=$target.partial
  rm -rf "$partial"
  mkdir -p "$(dirname "$target")" "$partial"
  # Root's password reaches mariadb-backup in an option file it reads twice
  # (so not a pipe), in a folder of our own, removed on exit; never on a
  # command line or in the environment. mariadb-backup reads its own groups,
  # not [client].
  SECRETS_TMP=$(mktemp -d)
  trap 'rm -rf "$SECRETS_TMP"' EXIT
  printf '[mariadb-backup]\nuser=root\npassword=%s\n' "$(cat "$ROOT_PASSWORD_FILE")" \
    >"$SECRETS_TMP/backup.cnf"

  local started=$SECONDS
  # --backup copies the InnoDB files while following the redo log, then
  # holds BACKUP STAGE BLOCK_COMMIT only for the moment it takes to copy the
  # few non-InnoDB files (system tables) and read the last LSN: writers wait
  # for that moment, never for the copy. The result is the state of one
  # commit point: no transaction half in, none applied without its outbox row.
  if ! mariadb-backup --defaults-file="$SECRETS_TMP/backup.cnf" --backup --target-dir="$partial" \
      --socket="$SOCK" >"$partial.log" 2>&1; then
    tail -20 "$partial.log" >&2
    fail "mariadb-backup --backup failed; the log is $partial.log"
  fi
  local copied=$SECONDS
  # --prepare applies the redo log copied alongside and rolls back what was
  # uncommitted at that point: the folder becomes a data folder a server
  # opens as is, checked now rather than on the day it is needed.
  if ! mariadb-backup --no-defaults --prepare --target-dir="$partial" >>"$partial.log" 2>&1; then
    tail -20 "$partial.log" >&2
    fail "mariadb-backup --prepare failed; the log is $partial.log"
  fi
  mv "$partial.log" "$partial/backup.log"
  owner_only "$partial"
  mv "$partial" "$target"
  echo "jobmatch backup: $target ($(du -sh "$target" | cut -f1); copied in $((copied - started)) s," \
    "prepared in $((SECONDS - copied)) s; restore: deploy/backup.sh restore $target NEW_DB_DIR)"
  [ -z "${1:-}" ] && prune
  return 0
}

# Keeps the newest $KEEP complete backups of $BACKUP_DIR (named by UTC time,
# so names sort as times do).
prune() {
  [ "$KEEP" -gt 0 ] || return 0
  local old
  ls -1d "$BACKUP_DIR"/[0-9]*Z 2>/dev/null | head -n -"$KEEP" | while read -r old; do
    rm -rf "$old"
    echo "jobmatch backup: removed $old (keeping the newest $KEEP)"
  done
}

restore() {
  local from=${1:-} to=${2:-}
  [ -n "$from" ] && [ -n "$to" ] || fail "usage: deploy/backup.sh restore BACKUP_DIR NEW_DB_DIR"
  grep -qx 'backup_type = log-applied' "$from/xtrabackup_checkpoints" 2>/dev/null \
    || fail "$from is not a prepared backup (no log-applied xtrabackup_checkpoints)"
  local data=$to/data
  if [ -d "$data" ] && [ -n "$(ls -A "$data")" ]; then
    fail "$data is not empty; restore into an empty folder (stop the server and move the old one aside)"
  fi
  mkdir -p "$to" && chmod 700 "$to"
  if ! mariadb-backup --no-defaults --copy-back --target-dir="$from" --datadir="$data" \
      >"$to/restore.log" 2>&1; then
    tail -20 "$to/restore.log" >&2
    fail "mariadb-backup --copy-back failed; the log is $to/restore.log"
  fi
  owner_only "$data"
  # Root's password is the one it had when the backup was taken (the hash is
  # in the restored mysql.user); db.sh reads it from NEW_DB_DIR/root.password.
  if [ -s "$to/root.password" ]; then
    :
  elif [ -s "$ROOT_PASSWORD_FILE" ]; then
    cp "$ROOT_PASSWORD_FILE" "$to/root.password"
    chmod 600 "$to/root.password"
  else
    echo "jobmatch backup: no root password file at $ROOT_PASSWORD_FILE; put the password root" \
      "had when the backup was taken into $to/root.password (mode 0600) before starting" >&2
  fi
  echo "jobmatch backup: restored $from into $data; start it with" \
    "JOBMATCH_DB_DIR=$to JOBMATCH_DB_PORT=PORT deploy/db.sh start"
}

case "${1:-backup}" in
  backup) shift || true; backup "${1:-}" ;;
  restore) shift; restore "$@" ;;
  /* | ./* | ../*) backup "$1" ;;
  *) sed -n '2,24p' "$0"; exit 2 ;;
esac
