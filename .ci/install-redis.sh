#!/usr/bin/env bash
# Starts a throw-away Redis for the queue tests and prints the line that exports its URL:
#   eval "$(bash .ci/install-redis.sh)"
# Installs Debian's redis-server when it is missing. Everything but the export line goes to stderr.
# The instance listens on 127.0.0.1 only, keeps nothing on disk, and lives in $PREPUB_REDIS_DIR.
set -euo pipefail
PORT="${PREPUB_REDIS_PORT:-56379}"
DIR="${PREPUB_REDIS_DIR:-/var/tmp/prepub-redis}"

log() { echo "install-redis: $*" >&2; }

if ! command -v redis-server >/dev/null 2>&1; then
  log "installing Debian redis-server"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update >&2
  apt-get -o DPkg::Lock::Timeout=900 install -y --no-install-recommends redis-server redis-tools >&2
fi
command -v redis-server >/dev/null 2>&1 || { log "redis-server not found after install"; exit 1; }
# Debian's package starts its own service on 6379 where systemd runs; ours is separate and private.

mkdir -p "$DIR"
if ! redis-cli -h 127.0.0.1 -p "$PORT" ping >/dev/null 2>&1; then
  log "starting Redis on 127.0.0.1:$PORT"
  # BullMQ needs maxmemory-policy noeviction: an evicted job key would silently lose a document.
  redis-server --bind 127.0.0.1 --port "$PORT" --dir "$DIR" --daemonize yes \
    --pidfile "$DIR/redis.pid" --logfile "$DIR/redis.log" \
    --save '' --appendonly no --maxmemory-policy noeviction >&2
  for _ in $(seq 1 50); do
    redis-cli -h 127.0.0.1 -p "$PORT" ping >/dev/null 2>&1 && break
    sleep 0.1
  done
  redis-cli -h 127.0.0.1 -p "$PORT" ping >/dev/null 2>&1 || { log "Redis did not answer; see $DIR/redis.log"; exit 1; }
fi

echo "export PREPUB_TEST_REDIS_URL=redis://127.0.0.1:$PORT"
