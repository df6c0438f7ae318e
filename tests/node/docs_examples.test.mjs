// Runs every ```js node example of docs/js-api.md from the repository root and checks the values its
// comments promise (tests/docs_blocks.mjs).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync, rmSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { root } from './module.mjs';
import { brokenPromises, codeBlocks, formatLogged, instrument } from '../docs_blocks.mjs';

const blocks = codeBlocks(readFileSync(path.join(root, 'docs/js-api.md'), 'utf8'), 'js node');

test('docs/js-api.md has node examples', () => assert.ok(blocks.length >= 1));

for (const [i, block] of blocks.entries()) {
  test(`docs/js-api.md node example ${i + 1} runs`, () => {
    const file = path.join(root, `.docs-example-${process.pid}-${i}.mjs`);
    const { code, expected } = instrument(block.code);
    // Each checked line's first output goes to stderr as a tagged JSON line.
    const prelude = `const __format = ${formatLogged.toString()};\nconst __printed = new Set();\n` +
      'globalThis.__docLog = (k, ...args) => { if (!__printed.has(k)) { __printed.add(k); ' +
      'process.stderr.write(`@doc ${JSON.stringify([k, __format(args)])}\\n`); } console.log(...args); };\n';
    writeFileSync(file, prelude + code);  // a module's imports are hoisted above the prelude
    try {
      const r = spawnSync(process.execPath, [file], { cwd: root, encoding: 'utf8', timeout: 60000 });
      assert.equal(r.status, 0, `example at line ${block.line}:\n${r.stderr}`);
      const printed = Object.fromEntries(r.stderr.split('\n').filter((l) => l.startsWith('@doc '))
        .map((l) => JSON.parse(l.slice(5))));
      assert.deepEqual(brokenPromises(expected, printed), [], `example at line ${block.line}`);
    } finally {
      rmSync(file, { force: true });
    }
  });
}
