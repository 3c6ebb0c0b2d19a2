#!/usr/bin/env bash
# Fails when a German interface catalogue has an untranslated or fuzzy entry: German is the
# interface's first language, so every string must have its German text.
set -euo pipefail
cd "$(dirname "$0")/.."
status=0
for po in $(find ankommen -path '*/locale/de/LC_MESSAGES/django.po' | sort); do
  missing=$(msgattrib --untranslated --no-obsolete "$po" | grep -c '^msgid ' || true)
  fuzzy=$(msgattrib --only-fuzzy --no-obsolete "$po" | grep -c '^msgid ' || true)
  # msgattrib repeats the header entry when it prints anything.
  [ "$missing" -gt 0 ] && missing=$((missing - 1))
  [ "$fuzzy" -gt 0 ] && fuzzy=$((fuzzy - 1))
  if [ "$missing" -gt 0 ] || [ "$fuzzy" -gt 0 ]; then
    echo "$po: $missing untranslated, $fuzzy fuzzy" >&2
    status=1
  fi
done
exit $status
