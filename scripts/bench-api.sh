#!/usr/bin/env bash
# Benchmark, not a test: the read API under load (`make bench-api`).
#
# Sets up PostgreSQL database $BENCH_DB with the Kreis Gütersloh demo and $REGIONS synthetic
# regions, gives $BENCH_REGION a tree of 100 published pages, writes the published answer
# files, starts gunicorn (2 workers, DEBUG off) and nginx in front of it (this repo's
# scripts/bench-api-nginx.conf), then measures every endpoint of
# scripts/bench-api-endpoints.txt with wrk at 2 and 16 connections after a warm-up, plus
# the pages endpoint on gunicorn alone and as a plain static file (the ceiling). With
# INTEGREAT_PEER=path/to/peers/integreat/run.sh it also starts Integreat CMS and measures
# scripts/bench-api-integreat.txt in the same run. Ends with a $LONG_LOAD-second load at
# 16 connections; fails if wrk saw any non-2xx answer or socket error anywhere.
# Prints a Markdown table and writes it to $OUT.
#
# Variables: REGIONS (400), DURATION (20 s per measurement), WARMUP (5 s), LONG_LOAD (60 s),
# WRK_TIMEOUT (10s: a slower answer counts as a socket error), ENDPOINTS (the endpoint list,
# scripts/bench-api-endpoints.txt; its first line must be the pages endpoint),
# BENCH_DB (ankommen_bench), BENCH_REGION (synth-0001), APP_PORT (8771), NGINX_PORT (8772),
# INTEGREAT_PEER (unset: Integreat is not measured), INTEGREAT_BEST (1: its Redis cache and
# standard WSGI entry point), OUT (var/bench-api/results.md), SKIP_SETUP (1: reuse the data),
# DOCS (docs/benchmarks.md: the run's table replaces the block between its
# `<!-- bench-api:latest -->` markers; DOCS= writes only OUT).
set -euo pipefail
cd "$(dirname "$0")/.."
REPO=$(pwd)

REGIONS=${REGIONS:-400}
DURATION=${DURATION:-20}
WARMUP=${WARMUP:-5}
LONG_LOAD=${LONG_LOAD:-60}
WRK_TIMEOUT=${WRK_TIMEOUT:-10s}
BENCH_DB=${BENCH_DB:-ankommen_bench}
BENCH_REGION=${BENCH_REGION:-synth-0001}
DEMO_REGION=kreis-guetersloh
APP_PORT=${APP_PORT:-8771}
NGINX_PORT=${NGINX_PORT:-8772}
INTEGREAT_PEER=${INTEGREAT_PEER:-}
OUT=${OUT:-var/bench-api/results.md}
DOCS=${DOCS-docs/benchmarks.md}
ENDPOINTS=${ENDPOINTS:-scripts/bench-api-endpoints.txt}
WORK=$REPO/var/bench-api
RUN=$WORK/run
PUBLISHED=$WORK/published
CEILING=$WORK/ceiling
ANKOMMEN=$REPO/.venv/bin/ankommen

scripts/system-deps.sh bench
mkdir -p "$RUN" "$PUBLISHED" "$CEILING" "$(dirname "$OUT")"

export DATABASE_URL=postgres://postgres@127.0.0.1:5432/$BENCH_DB
export DEBUG=false SECRET_KEY=${SECRET_KEY:-benchmark-only-secret-key} HTTPS=false
# A benchmark-only case key: without DEBUG the case module refuses to start without one.
export ANKOMMEN_CASES_KEYS=${ANKOMMEN_CASES_KEYS:-YmVuY2htYXJrLW9ubHktY2FzZS1rZXktMzJieXRlcyE=}
export ALLOWED_HOSTS=127.0.0.1 LOG_LEVEL=WARNING DATABASE_CONN_MAX_AGE=600
export ANKOMMEN_API_PUBLISH_DIR=$PUBLISHED ANKOMMEN_PUBLIC_URL=http://127.0.0.1:$NGINX_PORT
export ANKOMMEN_BASE_URL=http://127.0.0.1:$NGINX_PORT
# wrk is one client: the v1 per-client rate limit would answer most of its requests with 429.
export API_RATE_LIMIT_PER_MINUTE=0
export API_V3_RATE_LIMIT_PER_MINUTE=0 SEARCH_RATE_LIMIT_PER_MINUTE=0

if [ "${SKIP_SETUP:-0}" != 1 ]; then
  DATABASE_URL=$DATABASE_URL scripts/ensure-postgres.sh
  psql -q -h 127.0.0.1 -U postgres -tc "SELECT 1 FROM pg_database WHERE datname='$BENCH_DB'" |
    grep -q 1 || psql -q -h 127.0.0.1 -U postgres -c "CREATE DATABASE \"$BENCH_DB\""
  (cd ankommen && DEBUG=true "$ANKOMMEN" compilemessages --verbosity 0)
  "$ANKOMMEN" migrate --verbosity 0
  started=$(date +%s)
  "$ANKOMMEN" load_demo --once >/dev/null
  # The generators are development tools (ankommen/devtools), which DEBUG off leaves out.
  ANKOMMEN_DEVTOOLS=true "$ANKOMMEN" generate_synthetic --regions "$REGIONS" >/dev/null
  echo "bench-api: demo and $REGIONS synthetic regions ready in $(($(date +%s) - started)) s"
  ANKOMMEN_DEVTOOLS=true "$ANKOMMEN" generate_api_bench_pages --region "$BENCH_REGION" --pages 100
fi
# Bulk loaders bypass the model signals: raise every version, write the two regions'
# files (the other regions are answered by gunicorn, as any missing file is). Also with
# SKIP_SETUP, so that a fresh checkout measures reused data with its files in place.
"$ANKOMMEN" publish_api "$BENCH_REGION" "$DEMO_REGION"
"$ANKOMMEN" collectstatic --noinput --verbosity 0

pids=()
cleanup() {
  [ -f "$RUN/nginx.pid" ] && kill "$(cat "$RUN/nginx.pid")" 2>/dev/null || true
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  if [ -n "$INTEGREAT_PEER" ]; then "$INTEGREAT_PEER" stop >/dev/null 2>&1 || true; fi
}
trap cleanup EXIT

"$REPO/.venv/bin/python" -m gunicorn ankommen.wsgi --workers 2 --bind "127.0.0.1:$APP_PORT" \
  --log-level warning &
pids+=($!)
sed -e "s#@RUN@#$RUN#g" -e "s#@PUBLISHED@#$PUBLISHED#g" -e "s#@CEILING@#$CEILING#g" \
  -e "s#@APP_PORT@#$APP_PORT#g" -e "s#@PORT@#$NGINX_PORT#g" scripts/bench-api-nginx.conf \
  >"$RUN/nginx.conf"
nginx -c "$RUN/nginx.conf" -p "$RUN"

expand() { sed -e "s#{bench}#$BENCH_REGION#g" -e "s#{demo}#$DEMO_REGION#g" <<<"$1"; }
wait_for() {
  for _ in $(seq 1 100); do curl -fs -o /dev/null "$1" && return 0; sleep 0.3; done
  echo "bench-api: no answer from $1" >&2
  return 1
}
first_path=$(expand "$(grep -v '^#' "$ENDPOINTS" | head -n1 | cut -d'|' -f2 | xargs)")
wait_for "http://127.0.0.1:$APP_PORT$first_path"
wait_for "http://127.0.0.1:$NGINX_PORT$first_path"
cp "$PUBLISHED$first_path/index.json" "$CEILING/pages.json"

LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
errors=0
rows=()
# measure LABEL SERVER URL CONNECTIONS DURATION: one row; errors count against ankommen only
# (the peer's timeouts under 16 connections are its figures, not a failure of this run).
measure() {
  local label=$1 server=$2 url=$3 connections=$4 duration=$5 out bytes rate p50 p99 bad socket
  bytes=$(curl -fs "$url" | wc -c)
  wrk -t2 -c"$connections" -d"${WARMUP}s" --timeout "$WRK_TIMEOUT" "$url" >/dev/null
  out=$(wrk -t2 -c"$connections" -d"${duration}s" --timeout "$WRK_TIMEOUT" --latency "$url")
  rate=$(awk '/^Requests\/sec/ {print $2}' <<<"$out")
  p50=$(awk '$1 == "50%" {print $2}' <<<"$out")
  p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
  bad=$(awk -F': ' '/Non-2xx or 3xx responses/ {print $2}' <<<"$out")
  socket=$(awk '/Socket errors/ {gsub(",", ""); print $4 + $6 + $8 + $10}' <<<"$out")
  bad=${bad:-0}
  socket=${socket:-0}
  if [[ $server == ankommen* ]] && { [ "$bad" != 0 ] || [ "$socket" != 0 ]; }; then
    errors=$((errors + 1))
  fi
  rows+=("| $label | $server | $connections | $bytes | $rate | $p50 | $p99 | $bad / $socket |")
  echo "bench-api: $label, $server, c=$connections: $rate req/s, p50 $p50, p99 $p99," \
    "non-2xx $bad, socket errors $socket" >&2
}

while IFS='|' read -r label path; do
  label=$(xargs <<<"$label")
  path=$(expand "$(xargs <<<"$path")")
  for c in 2 16; do
    measure "$label" "ankommen (nginx + files, else gunicorn)" "http://127.0.0.1:$NGINX_PORT$path" "$c" "$DURATION"
    if [ "$path" = "$first_path" ]; then
      measure "$label" "ankommen gunicorn alone (cache)" "http://127.0.0.1:$APP_PORT$path" "$c" "$DURATION"
      measure "$label" "ceiling: nginx static file" "http://127.0.0.1:$NGINX_PORT/ceiling/pages.json" "$c" "$DURATION"
    fi
  done
done < <(grep -v '^#' "$ENDPOINTS" | grep '|')

if [ -n "$INTEGREAT_PEER" ]; then
  BEST=${INTEGREAT_BEST:-0} "$INTEGREAT_PEER" >&2
  name="Integreat CMS 2026.7.1"
  [ "${INTEGREAT_BEST:-0}" = 1 ] && name="$name (Redis, standard WSGI)"
  while IFS='|' read -r label path; do
    label=$(xargs <<<"$label")
    path=$(xargs <<<"$path")
    for c in 2 16; do
      measure "$label" "$name" "http://127.0.0.1:8089$path" "$c" "$DURATION"
    done
  done < <(grep -v '^#' scripts/bench-api-integreat.txt | grep '|')
fi

measure "robustness: $LONG_LOAD s load" "ankommen (nginx + files, else gunicorn)" \
  "http://127.0.0.1:$NGINX_PORT$first_path" 16 "$LONG_LOAD"

{
  settings=""
  for name in REGIONS DURATION WARMUP LONG_LOAD BENCH_DB SKIP_SETUP ENDPOINTS INTEGREAT_PEER \
    INTEGREAT_BEST; do
    if [ -n "${!name:-}" ]; then settings+="$name=${!name} "; fi
  done
  echo "Command: \`${settings}make bench-api\`"
  echo
  echo "Machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)," \
    "load average before/after: $LOAD_BEFORE / $(cut -d' ' -f1-3 /proc/loadavg); $(date -u +%Y-%m-%dT%H:%MZ)"
  echo
  echo "| endpoint | server | connections | bytes | requests/s | p50 | p99 | non-2xx / socket errors |"
  echo "|---|---|---|---|---|---|---|---|"
  printf '%s\n' "${rows[@]}"
} | tee "$OUT"
if [ -n "$DOCS" ]; then
  "$REPO/.venv/bin/python" - "$DOCS" "$OUT" <<'PY'
import pathlib
import sys

docs, out = map(pathlib.Path, sys.argv[1:])
start, end = "<!-- bench-api:latest -->", "<!-- /bench-api:latest -->"
text = docs.read_text()
if start not in text or end not in text:
    sys.exit(f"bench-api: {docs} has no {start} … {end} block; the run is only in {out}")
head, rest = text.split(start, 1)
tail = rest.split(end, 1)[1]
docs.write_text(f"{head}{start}\n{out.read_text().rstrip()}\n{end}{tail}")
print(f"bench-api: the run's table is now in {docs}", file=sys.stderr)
PY
fi
if [ "$errors" -gt 0 ]; then
  echo "bench-api: $errors measurements saw errors" >&2
  exit 1
fi
