#!/usr/bin/env bash
# Updates the interface catalogues: one per module (ankommen/<app>/locale) and one for the
# project's own templates and settings (ankommen/locale). Message ids are English, the
# source language of the code; de is the interface's first language, en the fallback.
set -euo pipefail
cd "$(dirname "$0")/../ankommen"
export DEBUG=true
ankommen=../.venv/bin/ankommen

apps=()
for config in */apps.py; do
  app=${config%/apps.py}
  apps+=("$app")
  mkdir -p "$app/locale"
  (cd "$app" && "../$ankommen" makemessages --locale de --locale en --no-obsolete --no-location \
     --ignore "tests/*" --verbosity 0)
done
ignores=()
for app in "${apps[@]}" testing; do ignores+=(--ignore "$app/*"); done
"$ankommen" makemessages --locale de --locale en --no-obsolete --no-location "${ignores[@]}" --verbosity 0
echo "catalogues updated: ${apps[*]} and the project"
