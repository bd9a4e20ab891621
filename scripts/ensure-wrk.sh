#!/usr/bin/env bash
# wrk, the HTTP load generator make bench uses: present already, or Debian's package
# where apt and root are at hand.
set -euo pipefail

if command -v wrk >/dev/null; then
  exit 0
fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "Installing Debian's wrk for make bench…"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends wrk >/dev/null
  exit 0
fi
echo "make bench needs wrk: install it (Debian: apt-get install wrk)." >&2
exit 1
