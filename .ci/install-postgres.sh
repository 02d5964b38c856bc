#!/usr/bin/env bash
# Starts a throw-away PostgreSQL for the audit-trail tests and prints the line that exports its URL:
#   eval "$(bash .ci/install-postgres.sh)"
# Installs Debian's postgresql when it is missing. Everything but the export line goes to stderr.
# The cluster listens on 127.0.0.1 only, trusts local connections, and lives in $PREPUB_PG_DIR.
set -euo pipefail
PORT="${PREPUB_PG_PORT:-55432}"
DIR="${PREPUB_PG_DIR:-/var/tmp/prepub-pg}"
DB=prepub_test
USER_NAME=prepub
PASSWORD=prepub

log() { echo "install-postgres: $*" >&2; }

find_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }

BIN="$(find_bin)"
if [ -z "$BIN" ] || [ ! -x "$BIN/initdb" ]; then
  log "installing Debian postgresql"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update >&2
  apt-get -o DPkg::Lock::Timeout=900 install -y --no-install-recommends postgresql >&2
  BIN="$(find_bin)"
fi
[ -x "$BIN/initdb" ] || { log "initdb not found after install"; exit 1; }

as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

if [ "$(id -u)" = 0 ]; then
  id postgres >/dev/null 2>&1 || useradd --system --home-dir "$DIR" --shell /bin/sh postgres
  mkdir -p "$DIR"
  chown postgres "$DIR"
  chmod 700 "$DIR"
else
  mkdir -p "$DIR"
fi

if [ ! -f "$DIR/data/PG_VERSION" ]; then
  log "creating cluster in $DIR/data"
  as_pg "$BIN/initdb" -D "$DIR/data" --auth=trust --encoding=UTF8 --locale=C.UTF-8 -U postgres >&2
fi

if ! as_pg "$BIN/pg_ctl" -D "$DIR/data" status >/dev/null 2>&1; then
  log "starting PostgreSQL on 127.0.0.1:$PORT"
  as_pg "$BIN/pg_ctl" -D "$DIR/data" -l "$DIR/server.log" -w -t 60 \
    -o "-p $PORT -c listen_addresses=127.0.0.1 -k $DIR -c max_connections=100 -c fsync=off" start >&2
fi

psql_pg() { as_pg "$BIN/psql" -h 127.0.0.1 -p "$PORT" -U postgres -v ON_ERROR_STOP=1 -qtA "$@"; }
if [ "$(psql_pg -d postgres -c "SELECT 1 FROM pg_roles WHERE rolname='$USER_NAME'")" != 1 ]; then
  psql_pg -d postgres -c "CREATE ROLE $USER_NAME LOGIN PASSWORD '$PASSWORD'" >&2
fi
if [ "$(psql_pg -d postgres -c "SELECT 1 FROM pg_database WHERE datname='$DB'")" != 1 ]; then
  psql_pg -d postgres -c "CREATE DATABASE $DB OWNER $USER_NAME" >&2
fi

echo "export PREPUB_TEST_PG_URL=postgres://$USER_NAME:$PASSWORD@127.0.0.1:$PORT/$DB"
