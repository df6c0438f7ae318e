// Runs every ```js example of docs/js-api.md and docs/sweeps.md, and the one of README.md's "JS API", in Chromium on
// api.html, where rnnbook and Client are globals, against the real worker and wasm module, and checks the values
// its comments promise (tests/docs_blocks.mjs).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openSite } from './browser.mjs';
import { brokenPromises, codeBlocks, formatLogged, instrument, sectionOf } from '../docs_blocks.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const files = ['docs/js-api.md', 'docs/sweeps.md'];
const blocks = files.flatMap((file) => codeBlocks(readFileSync(path.join(root, file), 'utf8'), 'js').map((b) => ({ ...b, file })));
// README.md's example imports the page's entry, whose default export api.html makes the global `rnnbook`.
const readmeImport = "import rnnbook from './web/lib/rnnbook.js';\n";
const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
const readmeBlocks = codeBlocks(sectionOf(readme, '## JS API'), 'js');
const sectionLine = readme.slice(0, readme.indexOf('## JS API\n')).split('\n').length - 1;
blocks.push(...readmeBlocks.map((b) => ({ ...b, file: 'README.md', line: b.line + sectionLine, code: b.code.replace(readmeImport, '') })));

let site;
let page;
before(async () => {
  site = await openSite();
  page = await site.page('api.html');
  await page.waitForSelector('body[data-ready="1"]');
});
after(async () => { await site?.close(); });

test('docs/js-api.md, docs/sweeps.md and README.md have browser examples', () => {
  assert.ok(blocks.filter((b) => b.file === 'docs/js-api.md').length >= 5);
  assert.ok(blocks.some((b) => b.file === 'docs/sweeps.md'));
  assert.equal(readmeBlocks.length, 1);
  assert.ok(readmeBlocks[0].code.startsWith(readmeImport), `README.md's JS API example begins with ${readmeImport}`);
  assert.ok(!/^\s*import /m.test(blocks.at(-1).code), 'the rest has no import that api.html does not provide');
});

for (const [i, block] of blocks.entries()) {
  test(`${block.file} example ${i + 1} (line ${block.line}) runs`, async () => {
    const { code, expected } = instrument(block.code);
    const { logged, printed } = await page.evaluate(async ({ code, formatSource }) => {
      const lines = [];
      const printed = {};
      const format = new Function(`return ${formatSource}`)();
      const log = console.log;
      console.log = (...args) => { lines.push(args.map(String).join(' ')); log(...args); };
      globalThis.__docLog = (k, ...args) => {
        if (!(k in printed)) printed[k] = format(args);
        console.log(...args);
      };
      try {
        await (new Function(`return (async () => {\n${code}\n})();`))();
      } finally {
        console.log = log;
        delete globalThis.__docLog;
      }
      return { logged: lines, printed };
    }, { code, formatSource: formatLogged.toString() });
    assert.deepEqual(brokenPromises(expected, printed), [], `${block.file}, example at line ${block.line}`);
    assert.ok(logged.length > 0, 'the example printed something');
    assert.deepEqual(site.errors, []);
  });
}
