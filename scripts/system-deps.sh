#!/usr/bin/env bash
# Installs the Debian packages a target needs, and only those that are missing.
#   scripts/system-deps.sh run    gettext (to compile the interface translations) and the
#                                 fonts every PDF is set in: DejaVu Sans (Latin, Cyrillic,
#                                 Greek, Arabic script) and Abyssinica SIL (Ethiopic script,
#                                 for Tigrinya and Amharic), see ankommen/core/pdf.py
#                                 and the headers python-ldap builds against (single sign-on
#                                 through LDAP / Active Directory, ankommen/signon)
#   scripts/system-deps.sh test   the above, plus Chromium (browser tests), PostgreSQL,
#                                 poppler-utils (the flyer's QR code is read from a printed page)
#                                 slapd (the LDAP sign-on tests start their own directory)
#                                 and redis-server (the job queue's broker: ankommen/jobs)
#   scripts/system-deps.sh bench  the above, plus wrk and nginx
set -euo pipefail

# package:command, or package:/path of a file it installs
want=(gettext:msgfmt fonts-dejavu-core:/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf
      fonts-sil-abyssinica:/usr/share/fonts/truetype/abyssinica/AbyssinicaSIL-Regular.ttf
      libldap2-dev:/usr/include/ldap.h libsasl2-dev:/usr/include/sasl/sasl.h)
case "${1:-run}" in
  run) ;;
  test) want+=(chromium:chromium postgresql:pg_ctlcluster poppler-utils:pdftoppm slapd:/usr/sbin/slapd redis-server:redis-server) ;;
  bench) want+=(chromium:chromium postgresql:pg_ctlcluster poppler-utils:pdftoppm slapd:/usr/sbin/slapd redis-server:redis-server wrk:wrk nginx:nginx) ;;
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
