#!/usr/bin/env bash
# PostgreSQL's server binaries for the test run's own temporary cluster
# (portal/testdb.py starts and stops it): the ones found in PG_BINDIR, on the
# PATH or in Debian's /usr/lib/postgresql/*/bin, else Debian's package where
# apt and root are at hand. The package also creates the 'postgres' user that
# the cluster runs as when the tests run as root.
set -euo pipefail

if [ -n "${PG_BINDIR:-}" ] && [ -x "$PG_BINDIR/pg_ctl" ]; then
  exit 0
fi
if command -v pg_ctl >/dev/null || compgen -G "/usr/lib/postgresql/*/bin/pg_ctl" >/dev/null; then
  exit 0
fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "Installing Debian's PostgreSQL server for the tests…"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql >/dev/null
  exit 0
fi
echo "PostgreSQL's server binaries (initdb, pg_ctl) are missing: install PostgreSQL, or set PG_BINDIR to their folder." >&2
exit 1
