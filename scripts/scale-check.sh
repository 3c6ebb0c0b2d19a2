#!/usr/bin/env bash
# Several hosts, checked with figures (`make scale-check`; not a test, not part of `make test`).
#
# Starts two app instances (gunicorn A and B, DEBUG off) that share one PostgreSQL database
# ($SCALE_DB, a scratch database: dropped and made afresh unless SKIP_SETUP=1) and one Redis
# (ANKOMMEN_REDIS_URL), with nginx in front as load balancer (scripts/scale-check-nginx.conf),
# and the background worker if this checkout has one (`ankommen worker`). Loads the demo,
# then prints:
#   1. publish-to-visible: a page's title changed by a process with A's settings (the same
#      save a staff edit makes), polled through B directly until B shows it (must be < 5 s);
#   2. restart under load: wrk through nginx while instance A is stopped (SIGTERM, graceful)
#      and started again; wrk's non-2xx answers and socket errors (must be 0);
#   3. one client's search rate limit (SEARCH_RATE_LIMIT_PER_MINUTE=$RATE_LIMIT) asked
#      alternately of A and B: how many were allowed (must be $RATE_LIMIT);
#   4. requests/s of anonymous public pages and v3 answers through nginx (its proxy_cache
#      for a second, as the app allows with X-Accel-Expires) and both
#      instances, against nginx serving the same bytes from disk, and the ratio.
# Exits non-zero when a check fails. Writes the Markdown figures to $OUT.
#
# Variables: SCALE_DB (ankommen_scale), SKIP_SETUP (0), DURATION (10 s per measurement),
# CONNECTIONS (16), WORKERS (2 per instance), RATE_LIMIT (20), NGINX_PORT (8810),
# APP_A (8811), APP_B (8812), REDIS_URL (redis://127.0.0.1:6379/0; a local redis-server on
# port 8813 is started when none answers), OUT (var/scale-check/results.md).
set -euo pipefail
cd "$(dirname "$0")/.."
REPO=$(pwd)

SCALE_DB=${SCALE_DB:-ankommen_scale}
DURATION=${DURATION:-10}
CONNECTIONS=${CONNECTIONS:-16}
WORKERS=${WORKERS:-2}
RATE_LIMIT=${RATE_LIMIT:-20}
NGINX_PORT=${NGINX_PORT:-8810}
APP_A=${APP_A:-8811}
APP_B=${APP_B:-8812}
REDIS_URL=${REDIS_URL:-redis://127.0.0.1:6379/0}
OUT=${OUT:-var/scale-check/results.md}
WORK=$REPO/var/scale-check
RUN=$WORK/run
CEILING=$WORK/ceiling
VENV=${VENV:-$REPO/.venv}
ANKOMMEN=$VENV/bin/ankommen
REGION=kreis-guetersloh

scripts/system-deps.sh bench
mkdir -p "$RUN" "$CEILING" "$(dirname "$OUT")"

export DATABASE_URL=postgres://postgres@127.0.0.1:5432/$SCALE_DB
export DEBUG=false SECRET_KEY=${SECRET_KEY:-scale-check-only-secret-key} HTTPS=false
# A check-only case key: without DEBUG the case module refuses to start without one.
export ANKOMMEN_CASES_KEYS=${ANKOMMEN_CASES_KEYS:-YmVuY2htYXJrLW9ubHktY2FzZS1rZXktMzJieXRlcyE=}
export ANKOMMEN_CASES_INDEX_KEY=${ANKOMMEN_CASES_INDEX_KEY:-scale-check-only-key-of-the-client-search-index}
export ALLOWED_HOSTS=127.0.0.1 LOG_LEVEL=WARNING DATABASE_CONN_MAX_AGE=600
export ANKOMMEN_PUBLIC_URL=http://127.0.0.1:$NGINX_PORT ANKOMMEN_BASE_URL=http://127.0.0.1:$NGINX_PORT
# nginx is the one proxy: the client's address is the last X-Forwarded-For entry.
export TRUSTED_PROXY_COUNT=1
# wrk is one client: the read limits would answer most of its requests with 429. The
# search limit stays on for check 3 (wrk never searches).
export API_RATE_LIMIT_PER_MINUTE=0 API_V3_RATE_LIMIT_PER_MINUTE=0
export SEARCH_RATE_LIMIT_PER_MINUTE=$RATE_LIMIT
export ANKOMMEN_REDIS_KEY_PREFIX=scale-check-$$

pids=()
cleanup() {
  [ -f "$RUN/nginx.pid" ] && kill "$(cat "$RUN/nginx.pid")" 2>/dev/null || true
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for name in a b; do
    [ -f "$RUN/gunicorn-$name.pid" ] && kill "$(cat "$RUN/gunicorn-$name.pid")" 2>/dev/null || true
  done
  # This run's keys only (its own prefix); never the whole Redis database.
  if [ -n "${ANKOMMEN_REDIS_URL:-}" ]; then
    redis-cli -u "$ANKOMMEN_REDIS_URL" --scan --pattern "$ANKOMMEN_REDIS_KEY_PREFIX:*" |
      xargs -r -n 200 redis-cli -u "$ANKOMMEN_REDIS_URL" del >/dev/null 2>&1 || true
  fi
}
trap cleanup EXIT

# Redis: the one given, else a local server of our own.
redis_host_port=${REDIS_URL#redis://}
redis_host_port=${redis_host_port%%/*}
if ! redis-cli -h "${redis_host_port%:*}" -p "${redis_host_port#*:}" ping >/dev/null 2>&1; then
  command -v redis-server >/dev/null || {
    echo "scale-check: no Redis at $REDIS_URL and no redis-server to start" >&2
    exit 1
  }
  redis-server --port 8813 --save "" --appendonly no --daemonize no >"$RUN/redis.log" 2>&1 &
  pids+=($!)
  REDIS_URL=redis://127.0.0.1:8813/0
  sleep 1
fi
export ANKOMMEN_REDIS_URL=$REDIS_URL

if [ "${SKIP_SETUP:-0}" != 1 ]; then
  scripts/ensure-postgres.sh
  psql -q -h 127.0.0.1 -U postgres -c "DROP DATABASE IF EXISTS \"$SCALE_DB\" WITH (FORCE)"
  psql -q -h 127.0.0.1 -U postgres -c "CREATE DATABASE \"$SCALE_DB\""
  (cd ankommen && DEBUG=true "$ANKOMMEN" compilemessages --verbosity 0)
  "$ANKOMMEN" migrate --verbosity 0
  started=$(date +%s)
  "$ANKOMMEN" load_demo --once >/dev/null
  echo "scale-check: demo ready in $(($(date +%s) - started)) s" >&2
fi
"$ANKOMMEN" collectstatic --noinput --verbosity 0

start_instance() { # NAME PORT
  "$VENV/bin/python" -m gunicorn ankommen.wsgi --workers "$WORKERS" --bind "127.0.0.1:$2" \
    --timeout 120 --graceful-timeout 20 --pid "$RUN/gunicorn-$1.pid" --log-level warning \
    >>"$RUN/gunicorn-$1.log" 2>&1 &
}
wait_for() {
  for _ in $(seq 1 200); do curl -fs -o /dev/null "$1" && return 0; sleep 0.2; done
  echo "scale-check: no answer from $1" >&2
  return 1
}
start_instance a "$APP_A"
start_instance b "$APP_B"
worker="none (this checkout has no \`ankommen worker\`)"
if "$ANKOMMEN" help worker >/dev/null 2>&1; then
  "$ANKOMMEN" worker >"$RUN/worker.log" 2>&1 &
  pids+=($!)
  worker="\`ankommen worker\`"
fi
sed -e "s#@RUN@#$RUN#g" -e "s#@CEILING@#$CEILING#g" -e "s#@APP_A@#$APP_A#g" \
  -e "s#@APP_B@#$APP_B#g" -e "s#@PORT@#$NGINX_PORT#g" scripts/scale-check-nginx.conf \
  >"$RUN/nginx.conf"
nginx -c "$RUN/nginx.conf" -p "$RUN"
A=http://127.0.0.1:$APP_A
B=http://127.0.0.1:$APP_B
LB=http://127.0.0.1:$NGINX_PORT
wait_for "$A/$REGION/de/"
wait_for "$B/$REGION/de/"
wait_for "$LB/$REGION/de/"

# Warm-up: every worker of both instances compiles its templates once (a query string of
# its own passes the page cache), so no figure below measures a cold start.
for server in "$A" "$B"; do
  for i in 1 2 3 4 5 6; do
    for path in "/$REGION/de/wohnen/" "/$REGION/de/angebote/" "/$REGION/de/angebote/termine/" \
      "/api/v3/$REGION/de/children/?depth=1"; do
      curl -fs -o /dev/null "$server$path$([[ $path == *\?* ]] && echo "&" || echo "?")warm=$i" || true
    done
  done
done

LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
failures=()
rows=()

# --- 1. Publish through A, visible through B ------------------------------------------
page_path=/$REGION/de/wohnen/
curl -fs "$B$page_path" >/dev/null # B has the page in its cache now
title="Wohnen (scale-check $(date +%s))"
"$ANKOMMEN" shell -c "
from ankommen.portal.models import PageTranslation
t = PageTranslation.objects.get(page__region__slug='$REGION', page__slug='wohnen', language__code='de')
t.title = '$title'
t.save()
"
saved=$(date +%s.%N)
visible=""
polls=0
for _ in $(seq 1 400); do
  polls=$((polls + 1))
  if curl -fs "$B$page_path" | grep -qF "$title"; then
    visible=$(date +%s.%N)
    break
  fi
  sleep 0.05
done
if [ -n "$visible" ]; then
  publish=$(awk -v a="$saved" -v b="$visible" 'BEGIN {printf "%.2f", b - a}')
  awk -v p="$publish" 'BEGIN {exit !(p < 5)}' || failures+=("publish-to-visible $publish s")
else
  publish="not within 10 s"
  failures+=("publish-to-visible: B never showed the change")
fi
echo "scale-check: publish through A, visible through B after $publish s ($polls requests)" >&2

# --- 2. Restart instance A under load ------------------------------------------------
restart_url=$LB/$REGION/de/
restart_seconds=$((DURATION + 10))
# Past nginx's own cache: every request goes to an instance.
wrk -t2 -c"$CONNECTIONS" -d"${restart_seconds}s" --timeout 10s -H "X-Skip-Proxy-Cache: 1" \
  "$restart_url" >"$RUN/restart.txt" &
wrk_pid=$!
sleep 3
kill -TERM "$(cat "$RUN/gunicorn-a.pid")"
while [ -f "$RUN/gunicorn-a.pid" ] && kill -0 "$(cat "$RUN/gunicorn-a.pid")" 2>/dev/null; do
  sleep 0.1
done
sleep 2
start_instance a "$APP_A"
wait_for "$A/$REGION/de/"
wait "$wrk_pid"
restart_total=$(awk '/requests in/ {print $1}' "$RUN/restart.txt")
restart_bad=$(awk -F': ' '/Non-2xx or 3xx responses/ {print $2}' "$RUN/restart.txt")
restart_socket=$(awk '/Socket errors/ {gsub(",", ""); print $4 + $6 + $8 + $10}' "$RUN/restart.txt")
restart_bad=${restart_bad:-0}
restart_socket=${restart_socket:-0}
if [ "$restart_bad" != 0 ] || [ "$restart_socket" != 0 ]; then
  failures+=("restart: $restart_bad non-2xx, $restart_socket socket errors")
fi
echo "scale-check: restart of A under load: $restart_total requests, $restart_bad non-2xx," \
  "$restart_socket socket errors" >&2

# --- 3. One client's rate limit across both instances --------------------------------
# All requests inside one minute window (the limit's), else the count is split by its end:
# start at a minute's beginning and try again (another client address) if it ran over.
asked=$((RATE_LIMIT + 10))
for attempt in 1 2 3; do
  while [ "$(date +%S | sed 's/^0//')" -gt 3 ]; do sleep 0.5; done
  minute=$(date +%M)
  client=203.0.113.$((RANDOM % 200 + 10))
  allowed_a=0
  allowed_b=0
  refused=0
  other=0
  for i in $(seq 1 "$asked"); do
    if [ $((i % 2)) = 1 ]; then server=$A; else server=$B; fi
    code=$(curl -s -o /dev/null -w '%{http_code}' -H "X-Forwarded-For: $client" \
      "$server/$REGION/de/suche/?q=deutschkurs")
    case "$code" in
      200) if [ "$server" = "$A" ]; then allowed_a=$((allowed_a + 1)); else allowed_b=$((allowed_b + 1)); fi ;;
      429) refused=$((refused + 1)) ;;
      *) other=$((other + 1)) ;;
    esac
  done
  [ "$(date +%M)" = "$minute" ] && break
  echo "scale-check: the rate limit check ran into the next minute; again" >&2
done
allowed=$((allowed_a + allowed_b))
[ "$other" = 0 ] || failures+=("rate limit: $other answers neither 200 nor 429")
[ "$allowed" = "$RATE_LIMIT" ] || failures+=("rate limit: $allowed allowed of limit $RATE_LIMIT")
echo "scale-check: rate limit $RATE_LIMIT/min, $asked searches alternating A and B:" \
  "$allowed allowed ($allowed_a by A, $allowed_b by B), $refused refused" >&2

# --- 4. Public pages against nginx serving the same bytes -----------------------------
offer_path=$(curl -fs "$LB/$REGION/de/angebote/" |
  grep -o "href=\"/$REGION/de/angebote/[^\"/]*/\"" | grep -v termine | head -n1 | cut -d'"' -f2)
# An event without sign-up: a sign-up form carries a one-time key per visit, never cached.
event_path=""
for candidate in $(curl -fs "$LB/$REGION/de/angebote/termine/" |
  grep -o "href=\"/$REGION/de/angebote/termine/[^\"/]*/\"" | cut -d'"' -f2 | sort -u); do
  if ! curl -fs "$A$candidate" | grep -q 'register-form'; then
    event_path=$candidate
    break
  fi
done
endpoints=(
  "portal page|$page_path|html"
  "directory list|/$REGION/de/angebote/|html"
  "offer page|$offer_path|html"
  "events list|/$REGION/de/angebote/termine/|html"
  "v3 children|/api/v3/$REGION/de/children/?depth=1|json"
  "v3 parents|/api/v3/$REGION/de/parents/?url=$page_path|json"
  "v3 page|/api/v3/$REGION/de/page/?url=$page_path|json"
)
[ -n "$event_path" ] && endpoints+=("event page|$event_path|html")
measure() { # URL [wrk options] → "requests/s non-2xx socket-errors"
  local out rate bad socket url=$1
  shift
  wrk -t2 -c"$CONNECTIONS" -d2s --timeout 10s "$@" "$url" >/dev/null
  out=$(wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --timeout 10s "$@" "$url")
  rate=$(awk '/^Requests\/sec/ {printf "%d", $2}' <<<"$out")
  bad=$(awk -F': ' '/Non-2xx or 3xx responses/ {print $2}' <<<"$out")
  socket=$(awk '/Socket errors/ {gsub(",", ""); print $4 + $6 + $8 + $10}' <<<"$out")
  echo "$rate ${bad:-0} ${socket:-0}"
}
below=0
for endpoint in "${endpoints[@]}"; do
  IFS='|' read -r label path kind <<<"$endpoint"
  file="$(tr ' ' '-' <<<"$label").$kind"
  curl -fs "$LB$path" -o "$CEILING/$file"
  bytes=$(wc -c <"$CEILING/$file")
  read -r app_rate app_bad app_socket < <(measure "$LB$path")
  read -r static_rate _ _ < <(measure "$LB/ceiling/$file")
  read -r own_rate own_bad own_socket < <(measure "$LB$path" -H "X-Skip-Proxy-Cache: 1")
  if [ "$own_bad" != 0 ] || [ "$own_socket" != 0 ]; then
    failures+=("$label (app's page cache): $own_bad non-2xx, $own_socket socket errors")
  fi
  share=$((100 * app_rate / (static_rate > 0 ? static_rate : 1)))
  [ "$share" -ge 50 ] || below=$((below + 1))
  if [ "$app_bad" != 0 ] || [ "$app_socket" != 0 ]; then
    failures+=("$label: $app_bad non-2xx, $app_socket socket errors")
  fi
  rows+=("| $label | \`$path\` | $bytes | $app_rate | $own_rate | $static_rate | $share % |")
  echo "scale-check: $label: $app_rate req/s through nginx and A+B ($own_rate without nginx's" \
    "cache), nginx file $static_rate req/s ($share %)" >&2
done

{
  settings=""
  for name in DURATION CONNECTIONS WORKERS SKIP_SETUP; do
    if [ -n "${!name:-}" ]; then settings+="$name=${!name} "; fi
  done
  echo "Command: \`${settings}make scale-check\`"
  echo
  echo "Machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)," \
    "load average before/after: $LOAD_BEFORE / $(cut -d' ' -f1-3 /proc/loadavg);" \
    "$(date -u +%Y-%m-%dT%H:%MZ). Two gunicorn instances of $WORKERS workers, nginx (2" \
    "workers), PostgreSQL and Redis on the same machine; worker: $worker."
  echo
  echo "| check | result |"
  echo "|---|---|"
  echo "| publish through A → visible through B | $publish s |"
  echo "| restart of A under wrk load (${restart_seconds} s, $CONNECTIONS connections) |" \
    "$restart_total requests, $restart_bad non-2xx, $restart_socket socket errors |"
  echo "| one client's search limit ($RATE_LIMIT/min), $asked searches alternating A and B |" \
    "$allowed allowed (A $allowed_a, B $allowed_b), $refused refused |"
  echo
  echo "| anonymous answer | path | bytes | requests/s (nginx proxy_cache → A+B) |" \
    "requests/s (nginx → A+B, the apps' page cache alone) | requests/s (nginx, file) | share |"
  echo "|---|---|---|---|---|---|---|"
  printf '%s\n' "${rows[@]}"
} | tee "$OUT"
if [ "$below" -gt 0 ]; then
  echo "scale-check: $below answers below 50 % of nginx serving a file" >&2
fi
if [ ${#failures[@]} -gt 0 ]; then
  printf 'scale-check: FAILED: %s\n' "${failures[@]}" >&2
  exit 1
fi
