#!/usr/bin/env bash
# Fetches the pinned front-end assets from the npm registry and copies the few
# files the portal serves into portal/static/vendor/. The results are committed,
# so running the portal needs no Node; run this only to change a version.
set -euo pipefail

HTMX_VERSION=4.0.1
DESIGNSYSTEM_VERSION=15.5.1
FONT_WEIGHTS=(400-regular 600-semibold 700-bold)

root=$(cd "$(dirname "$0")/.." && pwd)
dest="$root/portal/static/vendor"
# The design system's Logo and icons are drawn by its React components; they
# are rendered to SVG in the reference project, whose lock file pins the same version.
reference="$root/scripts/designsystem-reference"
locked=$(node -p "require('$reference/package-lock.json').packages['node_modules/@helsenorge/designsystem-react'].version")
if [ "$locked" != "$DESIGNSYSTEM_VERSION" ]; then
  echo "scripts/designsystem-reference has @helsenorge/designsystem-react $locked, not $DESIGNSYSTEM_VERSION" >&2
  exit 1
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cd "$work"
npm pack --silent "htmx.org@$HTMX_VERSION" "@helsenorge/designsystem-react@$DESIGNSYSTEM_VERSION" >/dev/null
mkdir htmx ds
tar xzf "htmx.org-$HTMX_VERSION.tgz" -C htmx
tar xzf "helsenorge-designsystem-react-$DESIGNSYSTEM_VERSION.tgz" -C ds

rm -rf "$dest"
mkdir -p "$dest/htmx" "$dest/designsystem/tokens" "$dest/designsystem/fonts"

cp htmx/package/dist/htmx.min.js "$dest/htmx/"
cp htmx/package/LICENSE "$dest/htmx/LICENSE"

for f in colors spacers typography; do
  cp "ds/package/scss/supernova/styles/$f.css" "$dest/designsystem/tokens/"
done
for w in "${FONT_WEIGHTS[@]}"; do
  cp "ds/package/fonts/source-sans-pro-$w.woff2" "$dest/designsystem/fonts/"
done

# The logo and the icons we use (scripts/designsystem-reference/src/icons.js) as SVG.
(cd "$reference" && npm ci --silent --no-audit --no-fund)
node "$reference/render-svgs.mjs" "$dest/designsystem"

# The npm package declares MIT in package.json but ships no licence file.
cat > "$dest/designsystem/LICENSE.md" <<NOTE
Files in this folder come from the npm package
@helsenorge/designsystem-react@$DESIGNSYSTEM_VERSION (Norsk helsenett SF),
declared "license": "$(node -p "require('./ds/package/package.json').license")" in its package.json.

- tokens/: the design tokens as CSS custom properties (scss/supernova/styles/).
- logo.svg: the Logo component's drawing; icons/: the icons the portal uses
  (components/Icons/), rendered to SVG by scripts/designsystem-reference/render-svgs.mjs.

The Source Sans Pro fonts (fonts/) are by Adobe, under the SIL Open Font License 1.1.

Fetched by scripts/vendor-assets.sh.
NOTE

cat > "$dest/VERSIONS" <<NOTE
htmx.org $HTMX_VERSION
@helsenorge/designsystem-react $DESIGNSYSTEM_VERSION
NOTE
echo "vendored into $dest:"
(cd "$dest" && find . -type f | sort)
