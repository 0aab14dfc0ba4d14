/**
 * Renders the app icons (static/icons/*.png) from static/favicon.svg with Debian's Chromium, so
 * the PNGs can be made again after the SVG changes: npx tsx scripts/make-icons.ts
 */
import { readFile } from 'node:fs/promises';
import { chromium } from '@playwright/test';
import { chromiumArgs } from '../playwright.config.ts';

const svg = await readFile('static/favicon.svg', 'utf8');
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: chromiumArgs });
const page = await browser.newPage();
// A maskable icon keeps its drawing inside the central 80% safe zone, on a full-bleed background.
const targets = [
	{ file: 'static/icons/icon-192.png', size: 192, padding: 0, background: 'transparent' },
	{ file: 'static/icons/icon-512.png', size: 512, padding: 0, background: 'transparent' },
	{ file: 'static/icons/maskable-512.png', size: 512, padding: 0.12, background: '#0b5cad' }
];
for (const { file, size, padding, background } of targets) {
	await page.setViewportSize({ width: size, height: size });
	const inset = Math.round(size * padding);
	await page.setContent(
		`<body style="margin:0;background:${background}"><div style="padding:${inset}px;width:${size - 2 * inset}px;height:${size - 2 * inset}px">${svg.replace('<svg ', '<svg width="100%" height="100%" ')}</div></body>`
	);
	await page.screenshot({ path: file, omitBackground: background === 'transparent' });
}
await browser.close();
