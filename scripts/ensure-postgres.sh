#!/usr/bin/env bash
# Makes sure a PostgreSQL server answers on 127.0.0.1:5432 and that the database named in
# DATABASE_URL exists. Starts the local Debian cluster if it is down. Used by `make test`
# and CI; a production database is never touched by this script.
set -euo pipefail

url=${DATABASE_URL:?DATABASE_URL must be set}
host=127.0.0.1
port=5432

if ! pg_isready -q -h "$host" -p "$port"; then
  version=$(ls /etc/postgresql 2>/dev/null | sort -V | tail -n 1)
  if [ -z "$version" ]; then
    echo "ensure-postgres: no PostgreSQL cluster found" >&2
    exit 1
  fi
  if [ ! -d "/etc/postgresql/$version/main" ]; then
    pg_createcluster "$version" main
  fi
  # A freshly installed cluster asks for passwords on TCP; this test server trusts loopback.
  hba="/etc/postgresql/$version/main/pg_hba.conf"
  if ! grep -q '^host all all 127.0.0.1/32 trust' "$hba"; then
    sed -i '1i host all all 127.0.0.1/32 trust\nhost all all ::1/128 trust' "$hba"
  fi
  pg_ctlcluster --skip-systemctl-redirect "$version" main start
  for _ in $(seq 1 30); do
    pg_isready -q -h "$host" -p "$port" && break
    sleep 1
  done
fi

# The database name is the URL's path; the user is the URL's user (postgres by default).
dbname=${url##*/}
dbname=${dbname%%\?*}
user=$(sed -E 's#^[a-z]+://([^:@/]*).*#\1#' <<<"$url")
user=${user:-postgres}
exists=$(psql -h "$host" -p "$port" -U "$user" -d postgres -Atc \
  "SELECT 1 FROM pg_database WHERE datname = '$dbname'")
if [ "$exists" != "1" ]; then
  createdb -h "$host" -p "$port" -U "$user" "$dbname"
  echo "ensure-postgres: created database $dbname"
fi
