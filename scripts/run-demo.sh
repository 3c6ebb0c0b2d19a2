#!/bin/bash
# `make run`: the demo's development server, with a job worker and the scheduler beside it
# when the job queue's broker (ANKOMMEN_BROKER_URL, default Redis on 127.0.0.1:6379)
# answers. Without a broker the demo runs as before: starting a long job (translating a
# whole language) then says that the queue cannot be reached, and mail stays in the outbox
# (`ankommen send_outbox` sends it).
set -u
ankommen=${ANKOMMEN:-.venv/bin/ankommen}
host=${HOST:-127.0.0.1}
port=${PORT:-8000}
export DEBUG=true

if "$ankommen" shell -c "
import sys
from ankommen.jobs.dispatch import broker_reachable
sys.exit(0 if broker_reachable() else 1)" 2>/dev/null; then
    mkdir -p var
    "$ankommen" worker --concurrency 1 --loglevel WARNING >var/worker.log 2>&1 &
    worker=$!
    "$ankommen" scheduler --loglevel WARNING >var/scheduler.log 2>&1 &
    scheduler=$!
    trap 'kill $worker $scheduler 2>/dev/null; wait' EXIT INT TERM
    echo "job worker and scheduler started (logs: var/worker.log, var/scheduler.log)"
else
    echo "no job broker at ANKOMMEN_BROKER_URL: the demo runs without background jobs"
fi
"$ankommen" runserver "$host:$port"
