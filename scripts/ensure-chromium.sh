#!/usr/bin/env bash
# A Chromium for the browser tests: the system one if present, else Debian's
# package where apt and root are at hand, else Playwright's own download.
# Fonts come along so pages render with real glyphs.
set -euo pipefail
bin=${1:-.venv/bin}

if [ -n "${PORTAL_CHROMIUM:-}" ] && [ -x "$PORTAL_CHROMIUM" ]; then
  exit 0
fi
if command -v chromium >/dev/null || command -v chromium-browser >/dev/null; then
  # Chromium's Norwegian for its own controls (the file picker), where we may add it.
  if [ ! -e /usr/lib/chromium/locales/nb.pak ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium-l10n >/dev/null || true
  fi
  exit 0
fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "Installing Debian's chromium for the browser tests…"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium chromium-l10n fonts-liberation fonts-dejavu-core >/dev/null
  exit 0
fi
echo "No system Chromium: fetching Playwright's."
"$bin/playwright" install chromium
