// Runs every ```js node example of docs/js-api.md from the repository root.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync, rmSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { root } from './module.mjs';
import { codeBlocks } from '../docs_blocks.mjs';

const blocks = codeBlocks(readFileSync(path.join(root, 'docs/js-api.md'), 'utf8'), 'js node');

test('docs/js-api.md has node examples', () => assert.ok(blocks.length >= 1));

for (const [i, block] of blocks.entries()) {
  test(`docs/js-api.md node example ${i + 1} runs`, () => {
    const file = path.join(root, `.docs-example-${process.pid}-${i}.mjs`);
    writeFileSync(file, block.code);
    try {
      const r = spawnSync(process.execPath, [file], { cwd: root, encoding: 'utf8', timeout: 60000 });
      assert.equal(r.status, 0, `example at line ${block.line}:\n${r.stderr}`);
    } finally {
      rmSync(file, { force: true });
    }
  });
}
