// Writes the design system's Logo and the icons in src/icons.js as SVG files,
// drawn by the package's own React components, into the folder given:
//   logo.svg            the Logo (the black wordmark)
//   icons/<Name>.svg    one file per icon, which portal.css uses as a mask
// Run by scripts/vendor-assets.sh after `npm ci` in this folder.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';

import Logo from '@helsenorge/designsystem-react/components/Logo';

import { ICONS } from './src/icons.js';

const [out] = process.argv.slice(2);
if (!out) throw new Error('usage: node render-svgs.mjs <folder>');

// The Logo as the component draws it, without its <title> and ids: the page names the link.
const logo = renderToStaticMarkup(createElement(Logo, { color: 'black' }));
const viewBox = logo.match(/viewBox="([^"]+)"/)[1];
const drawing = logo.replace(/^<svg[^>]*>/, '').replace(/<\/svg>$/, '').replace(/<title[^>]*>.*?<\/title>/, '');
writeFileSync(join(out, 'logo.svg'), `<svg xmlns="http://www.w3.org/2000/svg" viewBox="${viewBox}">${drawing}</svg>\n`);

// Each icon component draws its paths for the Icon wrapper's 48×48 viewBox;
// size 48 is its normal drawing (smaller sizes have variants with thinner lines).
rmSync(join(out, 'icons'), { recursive: true, force: true });
mkdirSync(join(out, 'icons'));
for (const [name, Svg] of Object.entries(ICONS)) {
  const paths = renderToStaticMarkup(createElement(Svg, { size: 48, isHovered: false }));
  writeFileSync(join(out, 'icons', `${name}.svg`), `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 48 48">${paths}</svg>\n`);
}
console.log(`logo.svg and ${Object.keys(ICONS).length} icons written to ${out}`);
