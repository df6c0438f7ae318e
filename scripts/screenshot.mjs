// Retakes docs/screenshot.png from the built site: node scripts/screenshot.mjs (after the build).
import { openSite } from '../tests/browser/browser.mjs';
const site = await openSite();
const page = await site.page('notebook.html?nb=train#training-steps=400');
await page.setViewportSize({ width: 1000, height: 1100 });
await page.waitForSelector('[data-cell="outputs"][data-status="ok"]', { timeout: 60000, state: 'attached' });
await page.screenshot({ path: 'docs/screenshot.png', fullPage: true });
console.log(site.errors);
await site.close();
