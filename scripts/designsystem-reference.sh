#!/usr/bin/env bash
# Reference renders: the design system's own React components (pinned in
# scripts/designsystem-reference/package-lock.json), built with Vite and
# photographed at 375 and 1280 px into docs/designsystem/. Our pages are
# compared with these. Needs npm and the test extra (Playwright, a Chromium).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
python=${PYTHON:-$root/.venv/bin/python}
cd "$root/scripts/designsystem-reference"
npm ci --silent --no-audit --no-fund
npx vite build
"$python" screenshots.py "$root/docs/designsystem"
