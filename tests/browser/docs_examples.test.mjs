// Runs every ```js example of docs/js-api.md in Chromium on api.html, where rnnbook and Client
// are globals, against the real worker and wasm module.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openSite } from './browser.mjs';
import { codeBlocks } from '../docs_blocks.mjs';

const docs = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../docs/js-api.md');
const blocks = codeBlocks(readFileSync(docs, 'utf8'), 'js');

let site;
let page;
before(async () => {
  site = await openSite();
  page = await site.page('api.html');
  await page.waitForSelector('body[data-ready="1"]');
});
after(async () => { await site?.close(); });

test('docs/js-api.md has browser examples', () => assert.ok(blocks.length >= 5));

for (const [i, block] of blocks.entries()) {
  test(`docs/js-api.md example ${i + 1} (line ${block.line}) runs`, async () => {
    const logged = await page.evaluate(async (code) => {
      const lines = [];
      const log = console.log;
      console.log = (...args) => { lines.push(args.map(String).join(' ')); log(...args); };
      try {
        await (new Function(`return (async () => {\n${code}\n})();`))();
      } finally {
        console.log = log;
      }
      return lines;
    }, block.code);
    assert.ok(logged.length > 0, 'the example printed something');
    assert.deepEqual(site.errors, []);
  });
}
