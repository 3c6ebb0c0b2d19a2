#!/usr/bin/env bash
# Installs the Debian packages a target needs, and only those that are missing.
#   scripts/system-deps.sh run    gettext (to compile the interface translations) and the
#                                 fonts every PDF is set in: DejaVu Sans (Latin, Cyrillic,
#                                 Greek, Arabic script) and Abyssinica SIL (Ethiopic script,
#                                 for Tigrinya and Amharic), see ankommen/core/pdf.py
#   scripts/system-deps.sh test   the above, plus Chromium (browser tests), PostgreSQL and
#                                 poppler-utils (the flyer's QR code is read from a printed page)
#   scripts/system-deps.sh bench  the above, plus wrk and nginx
set -euo pipefail

# package:command, or package:/path of a file it installs
want=(gettext:msgfmt fonts-dejavu-core:/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf
      fonts-sil-abyssinica:/usr/share/fonts/truetype/abyssinica/AbyssinicaSIL-Regular.ttf)
case "${1:-run}" in
  run) ;;
  test) want+=(chromium:chromium postgresql:pg_ctlcluster poppler-utils:pdftoppm) ;;
  bench) want+=(chromium:chromium postgresql:pg_ctlcluster poppler-utils:pdftoppm wrk:wrk nginx:nginx) ;;
  *) echo "usage: $0 run|test|bench" >&2; exit 2 ;;
esac

missing=()
for item in "${want[@]}"; do
  package=${item%%:*}
  command=${item#*:}
  command -v "$command" >/dev/null 2>&1 || [ -e "$command" ] || missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0

sudo=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null 2>&1 || {
    echo "system-deps: need root or sudo to install: ${missing[*]}" >&2
    exit 1
  }
  sudo="sudo"
fi
echo "system-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
