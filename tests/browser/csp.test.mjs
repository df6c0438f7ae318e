// Every page ships a Content-Security-Policy (meta tag) that allows exactly what the site needs:
// its own origin, 'wasm-unsafe-eval' for the core, 'unsafe-eval' on the notebook page only (edited
// cells are compiled there), inline event attributes (htl, used by Observable Inputs, creates them
// while it parses a template), and no other origin. Inline <script> is refused.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { openSite } from './browser.mjs';

let site;
before(async () => { site = await openSite(); });
after(async () => { await site?.close(); });

for (const file of ['index.html', 'notebook.html?nb=train#training-steps=50', 'embed.html?nb=train&cell=loss', 'instructors.html', 'trainer.html', 'api.html']) {
  test(`${file.split('?')[0]}: a strict policy, and an injected inline script does not run`, async () => {
    const page = await site.page(file);
    const policy = await page.$eval('meta[http-equiv="Content-Security-Policy"]', (m) => m.content);
    const script = /script-src ([^;]*)/.exec(policy)[1].trim().split(/\s+/).sort();
    const expected = ["'self'", "'wasm-unsafe-eval'", ...(file.startsWith('notebook') ? ["'unsafe-eval'"] : [])].sort();
    assert.deepEqual(script, expected);
    assert.doesNotMatch(policy, /https?:|\*/, 'no other origin is allowed');
    assert.match(policy, /default-src 'self'/);
    const ran = await page.evaluate(() => new Promise((resolve) => {
      window.__injected = false;
      document.addEventListener('securitypolicyviolation', () => resolve(window.__injected), { once: true });
      const s = document.createElement('script');
      s.textContent = 'window.__injected = true';
      document.body.append(s);
      setTimeout(() => resolve(window.__injected), 2000);
    }));
    assert.equal(ran, false);
    await page.close();
  });
}
