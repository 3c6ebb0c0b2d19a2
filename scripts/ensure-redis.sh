#!/usr/bin/env bash
# Makes sure a Redis server answers on 127.0.0.1:6379 (the job queue's broker and the shared
# cache of the tests that need them); starts Debian's redis-server without persistence if it
# is down. Used by `make test` and CI; a production Redis is never touched by this script.
set -euo pipefail
host=127.0.0.1
port=6379

answers() { redis-cli -h "$host" -p "$port" ping 2>/dev/null | grep -q PONG; }

if ! answers; then
  mkdir -p /var/lib/redis /var/log/redis
  redis-server --daemonize yes --bind 127.0.0.1 --port "$port" --save "" --appendonly no \
    --dir /var/lib/redis --logfile /var/log/redis/ci.log
  for _ in $(seq 1 30); do
    answers && break
    sleep 0.5
  done
  answers || { echo "ensure-redis: Redis does not answer on $host:$port" >&2; exit 1; }
fi
