#!/usr/bin/env bash
# PostgreSQL for the portal's tests (`make test` runs them again on it): Debian's server, installed when missing and
# started when stopped, with a role and a database of the tests' own on loopback. Idempotent; needs root or sudo.
set -euo pipefail
ROLE=spend_tests
PASSWORD=spend-tests  # loopback only, for the tests' throwaway databases
DATABASE=spend_tests_portal
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
as_postgres() { if [ "$(id -u)" = 0 ]; then su postgres -c "$*"; else sudo -u postgres sh -c "$*"; fi; }

if ! command -v pg_lsclusters >/dev/null; then
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq postgresql >/dev/null
fi
read -r version cluster port status _ < <(pg_lsclusters --no-header | sort -V | tail -1)
if [ "$status" != online ]; then
  # A server killed with its machine leaves its socket's lock file, naming a PID that may since be another process's
  pgrep -u postgres -x postgres >/dev/null || as_root rm -f "/var/run/postgresql/.s.PGSQL.$port.lock"
  as_root pg_ctlcluster "$version" "$cluster" start >&2  # it may say "Removed stale pid file." on stdout
fi
as_postgres "psql -p $port -qtAc \"SELECT 1 FROM pg_roles WHERE rolname = '$ROLE'\"" | grep -q 1 ||
  as_postgres "psql -p $port -qc \"CREATE ROLE $ROLE\""
as_postgres "psql -p $port -qc \"ALTER ROLE $ROLE LOGIN CREATEDB PASSWORD '$PASSWORD'\""
as_postgres "psql -p $port -qtAc \"SELECT 1 FROM pg_database WHERE datname = '$DATABASE'\"" | grep -q 1 ||
  as_postgres "createdb -p $port -O $ROLE $DATABASE"
echo "postgresql://$ROLE:$PASSWORD@127.0.0.1:$port/$DATABASE"  # the only line on stdout
