// Writes the design system's Logo and the icons in src/icons.js as plain SVG
// files, rendered by the package's own React components, into the folder given:
//   logo.svg   the Logo (black wordmark) as <symbol id="logo">
//   icons.svg  one <symbol id="<IconName>"> per icon, filled with currentColor
// Run by scripts/vendor-assets.sh after `npm ci` in this folder.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';

import Logo from '@helsenorge/designsystem-react/components/Logo';

import { ICONS } from './src/icons.js';

const [out] = process.argv.slice(2);
if (!out) throw new Error('usage: node render-svgs.mjs <folder>');

const viewBox = (svg) => svg.match(/viewBox="([^"]+)"/)[1];
// The drawing inside the outer <svg>, without its <title>: the page names the link or button.
const body = (svg) => svg.replace(/^<svg[^>]*>/, '').replace(/<\/svg>$/, '').replace(/<title[^>]*>.*?<\/title>/, '');

const logo = renderToStaticMarkup(createElement(Logo, { color: 'black' }));
writeFileSync(
  join(out, 'logo.svg'),
  `<svg xmlns="http://www.w3.org/2000/svg"><symbol id="logo" viewBox="${viewBox(logo)}">${body(logo)}</symbol></svg>\n`
);

// Each icon component draws its paths for a 48×48 viewBox (the Icon wrapper's);
// size 48 is its normal drawing (smaller sizes use thinner variants).
const symbols = Object.entries(ICONS).map(([name, Svg]) => {
  const paths = renderToStaticMarkup(createElement(Svg, { size: 48, isHovered: false }));
  return `<symbol id="${name}" viewBox="0 0 48 48">${paths}</symbol>`;
});
writeFileSync(join(out, 'icons.svg'), `<svg xmlns="http://www.w3.org/2000/svg">\n${symbols.join('\n')}\n</svg>\n`);
console.log(`logo.svg and ${symbols.length} icons written to ${out}`);
