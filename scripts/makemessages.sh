#!/usr/bin/env bash
# Updates the interface catalogues: one per module (ankommen/<app>/locale) and one for the
# project's own templates and settings (ankommen/locale). Message ids are English, the
# source language of the code; de is the interface's first language, en the fallback.
# Modules with strings a member of the public sees (the rule: PUBLIC_SOURCES in
# scripts/public_strings.py) and the project catalogue are kept in every public language
# too; staff-only modules (cases, twofactor …) stay German and English.
# ANKOMMEN and PYTHON override the commands (default: the ones in .venv).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
ankommen=${ANKOMMEN:-$root/.venv/bin/ankommen}
python=${PYTHON:-$root/.venv/bin/python}
export DEBUG=true

staff_locales=(--locale de --locale en)
public_locales=("${staff_locales[@]}")
for language in ar uk ru ro pl bg tr fa de_X-ls; do public_locales+=(--locale "$language"); done
public_apps=" $("$python" scripts/public_strings.py apps | tr '\n' ' ') "

cd ankommen
apps=()
for config in */apps.py; do
  app=${config%/apps.py}
  apps+=("$app")
  mkdir -p "$app/locale"
  locales=("${staff_locales[@]}")
  [[ $public_apps == *" $app "* ]] && locales=("${public_locales[@]}")
  (cd "$app" && "$ankommen" makemessages "${locales[@]}" --no-obsolete --no-location \
     --ignore "tests/*" --verbosity 0)
done
ignores=()
for app in "${apps[@]}" testing; do ignores+=(--ignore "$app/*"); done
"$ankommen" makemessages "${public_locales[@]}" --no-obsolete --no-location "${ignores[@]}" \
  --verbosity 0
echo "catalogues updated: ${apps[*]} and the project; public languages for:$public_apps and the project"
