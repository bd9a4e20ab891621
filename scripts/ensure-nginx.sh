#!/usr/bin/env bash
# nginx (and openssl, for the test certificate) for the reverse-proxy tests:
# present already, or Debian's packages where apt and root are at hand.
# The tests run their own unprivileged nginx on loopback; the package's own
# service is not wanted, so it is stopped again if the install started it.
set -euo pipefail

nginx=$(command -v nginx || echo /usr/sbin/nginx)
if [ -x "$nginx" ] && command -v openssl >/dev/null; then
  exit 0
fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "Installing Debian's nginx for the reverse-proxy tests…"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends nginx openssl >/dev/null
  if command -v systemctl >/dev/null && systemctl is-active --quiet nginx 2>/dev/null; then
    systemctl disable --now nginx >/dev/null 2>&1 || true
  elif [ -e /run/nginx.pid ]; then
    /usr/sbin/nginx -s quit 2>/dev/null || true
  fi
  exit 0
fi
echo "nginx and openssl are needed for the reverse-proxy tests: install them (Debian: apt-get install nginx openssl)." >&2
exit 1
