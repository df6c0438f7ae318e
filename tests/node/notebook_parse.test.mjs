// Property tests (fast-check) of the notebook parser and cell compiler, which read whatever a
// notebook author or a reader's file contains: they never throw, and what they return is coherent.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { transpileJavaScript } from '@observablehq/notebook-kit';
import { parseNotebook, replaceCellSources } from '../../web/notebook/parse.js';
import { compileCell } from '../../web/notebook/compile-cell.js';

// Lines that look like notebook parts, mixed with arbitrary text.
const line = fc.oneof(
  fc.constantFrom('---', '```js', '```js id=a', '```js id=a', '```js id=1bad', '```', '````', '~~~', '```json',
    'title: x', 'title: [', '# Heading', '$x^2$', '$$', '${1 + 1}', '${', 'const a = 1', 'a + 1', '}', ''),
  fc.string({ maxLength: 30 }),
);
const notebookText = fc.array(line, { maxLength: 40 }).map((lines) => lines.join('\n'));

test('parseNotebook never throws and gives one placeholder per cell, with unique ids', () => {
  fc.assert(fc.property(notebookText, (text) => {
    const { meta, html, cells, warnings } = parseNotebook(text);
    assert.equal(typeof meta.title, 'string');
    assert.ok(Array.isArray(warnings));
    const ids = cells.map((c) => c.id);
    assert.equal(new Set(ids).size, ids.length, `duplicate ids ${ids}`);
    for (const id of ids) assert.equal(html.split(`data-cell="${id}"`).length - 1, 1, `placeholder of ${id}`);
  }), { numRuns: 500 });
});

test('writing back the same sources gives the same text', () => {
  fc.assert(fc.property(notebookText, (text) => {
    const parsed = parseNotebook(text);
    const sources = Object.fromEntries(parsed.cells.filter((c) => !c.inline).map((c) => [c.id, c.source]));
    assert.equal(replaceCellSources(text, parsed, sources), text.replace(/\r\n?/g, '\n'));
  }), { numRuns: 500 });
});

test('compileCell never throws: a body, or an error message', () => {
  fc.assert(fc.property(fc.oneof(fc.string({ maxLength: 60 }), line), (source) => {
    const out = compileCell(source, transpileJavaScript);
    assert.ok((typeof out.body === 'string') !== (typeof out.error === 'string'), JSON.stringify(out));
  }), { numRuns: 500 });
});

test('a broken front matter and an unclosed cell are reported, and the rest still parses', () => {
  const { meta, cells, warnings } = parseNotebook('---\ntitle: [oops\n---\n# T\n\n```js id=a\nconst a = 1\n\n```js id=b\na + 1\n```\ntext ${a}\n');
  assert.equal(meta.title, 'Untitled notebook');
  assert.match(warnings[0], /^front matter: /);
  assert.match(warnings[1], /cell at line 6: its ``` fence is never closed; it was closed before the next cell at line 9/);
  assert.deepEqual(cells.map((c) => [c.id, c.source]), [['a', 'const a = 1\n'], ['b', 'a + 1'], ['i1', 'a']]);
});
