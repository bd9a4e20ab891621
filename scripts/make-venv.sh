#!/usr/bin/env bash
# Creates the virtual environment. Debian's python3 ships without the venv
# module (package python3-venv); install it when we may, else use virtualenv.
set -euo pipefail
python=${1:-python3}
venv=${2:-.venv}

"$python" -c 'import sys; sys.exit(sys.version_info < (3, 11))' || {
  echo "Python 3.11 or newer is needed; $python is $("$python" --version 2>&1)." >&2
  exit 1
}
if "$python" -m venv "$venv" 2>/dev/null; then
  exit 0
fi
rm -rf "$venv"
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  version=$("$python" -c 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1]}")')
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "python$version-venv" || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv
  "$python" -m venv "$venv"
else
  "$python" -m pip install --user --quiet virtualenv
  "$python" -m virtualenv --quiet "$venv"
fi
