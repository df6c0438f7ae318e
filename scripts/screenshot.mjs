// Retakes docs/screenshot.png from the built site: node scripts/screenshot.mjs (after the build).
import { openSite } from '../tests/browser/browser.mjs';
const site = await openSite();
const page = await site.page('trainer.html');
await page.setViewportSize({ width: 1000, height: 1100 });
await page.fill('#steps', '400');
await page.click('#train');
await page.waitForSelector('body[data-state="done"]', { timeout: 60000 });
await page.screenshot({ path: 'docs/screenshot.png', fullPage: true });
console.log(site.errors);
await site.close();
