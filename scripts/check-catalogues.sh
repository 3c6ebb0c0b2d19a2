#!/usr/bin/env bash
# Fails when an interface catalogue is incomplete or broken:
# 1. a German catalogue has an untranslated or fuzzy entry (German is the interface's first
#    language, so every string must have its German text);
# 2. msgfmt --check-format finds a translation whose python-format placeholders differ from
#    the message id (every catalogue, every language);
# 3. a public string (the rule: PUBLIC_SOURCES in scripts/public_strings.py) lacks its
#    translation in one of the public languages, or a translation's placeholders
#    (%(name)s, %s, {name}) differ from the source; reported per language.
# Usage: scripts/check-catalogues.sh [PACKAGE_DIR]  (default: ankommen; a copy of it for
# the self-test, ankommen/core/tests/test_catalogue_check.py). PYTHON overrides the
# interpreter (default: .venv/bin/python, else python3).
set -euo pipefail
cd "$(dirname "$0")/.."
package=${1:-ankommen}
python=${PYTHON:-.venv/bin/python}
[ -x "$python" ] || python=python3
status=0
for po in $(find "$package" -path '*/locale/de/LC_MESSAGES/django.po' | sort); do
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
for po in $(find "$package" -path '*/locale/*/LC_MESSAGES/django.po' | sort); do
  if ! msgfmt --check-format --output-file=/dev/null "$po"; then
    echo "$po: msgfmt --check-format failed" >&2
    status=1
  fi
done
"$python" scripts/public_strings.py check --package "$package" || status=1
exit $status
