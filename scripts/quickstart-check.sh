#!/usr/bin/env bash
# Proves the SQLite quick start of README.md on a fresh database: migrate, load the demo
# twice (the second run must change nothing), matching for the demo's requests, a crawl of
# the demo as every demo role (no page may answer with a server error on SQLite) and one
# request to the start page over HTTP.
set -euo pipefail
cd "$(dirname "$0")/.."

data_dir=$(mktemp -d)
trap 'kill "${server:-}" 2>/dev/null || true; rm -rf "$data_dir"' EXIT
export ANKOMMEN_DATA_DIR=$data_dir DEBUG=true
unset DATABASE_URL

.venv/bin/ankommen migrate --verbosity 0
.venv/bin/ankommen load_demo
first=$(.venv/bin/ankommen shell -c "from ankommen.core.counts import row_counts; print(row_counts())")
.venv/bin/ankommen load_demo
second=$(.venv/bin/ankommen shell -c "from ankommen.core.counts import row_counts; print(row_counts())")
if [ "$first" != "$second" ]; then
  echo "quickstart-check: load_demo twice changed the row counts" >&2
  diff <(tr ',' '\n' <<<"$first") <(tr ',' '\n' <<<"$second") >&2 || true
  exit 1
fi

# Matching on SQLite runs the portable rules (PythonEngine, ankommen/mediation/matching/python.py).
proposed=$(.venv/bin/ankommen shell --verbosity 0 -c "from ankommen.mediation.matching import propose
from ankommen.mediation.models import MediationRequest
print(sum(len(propose(r, limit=10).candidates) for r in MediationRequest.objects.order_by('-starts_at')[:200]))")
if ! [[ "$proposed" =~ ^[0-9]+$ ]] || [ "$proposed" -lt 1 ]; then
  echo "quickstart-check: matching proposed nobody for the demo's requests" >&2
  exit 1
fi

# After the row counts: the crawl writes sessions and audit entries.
.venv/bin/ankommen crawl_demo

port=$(.venv/bin/python -c "import socket; s=socket.socket(); s.bind(('127.0.0.1', 0)); print(s.getsockname()[1])")
.venv/bin/ankommen runserver --noreload "127.0.0.1:$port" >"$data_dir/server.log" 2>&1 &
server=$!
for _ in $(seq 1 50); do
  curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break
  sleep 0.2
done
page=$(curl -sf -H "Accept-Language: de" "http://127.0.0.1:$port/")
for town in Borgholzhausen Gütersloh "Halle (Westf.)" Harsewinkel Herzebrock-Clarholz \
  Langenberg Rheda-Wiedenbrück Rietberg "Schloß Holte-Stukenbrock" Steinhagen Verl \
  Versmold "Werther (Westf.)"; do
  grep -qF "$town" <<<"$page" || { echo "quickstart-check: start page lacks $town" >&2; exit 1; }
done
grep -qF "Kreis Gütersloh" <<<"$page"
echo "quickstart-check: migrate, load_demo twice (identical row counts), $proposed proposals" \
  "for the demo's requests, the crawl of every demo role and the start page with 13 towns: ok"
