// Property tests (fast-check) of the notebook parser and cell compiler, which read whatever a
// notebook author or a reader's file contains: they never throw, and what they return is coherent.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { transpileJavaScript } from '@observablehq/notebook-kit';
import { parseNotebook, replaceCellSources } from '../../web/notebook/parse.js';
import { compileCell } from '../../web/notebook/compile-cell.js';
import { groupByTopic, inLearningOrder, OTHER_TOPIC } from '../../web/notebook/catalog-order.js';
import { readdir, readFile } from 'node:fs/promises';

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

test('front matter topic and order: read, and an order that is not a number is a warning, never a failure', () => {
  const ok = parseNotebook('---\ntitle: T\ntopic: " Neural time series "\norder: 10\n---\n# T\n');
  assert.deepEqual([ok.meta.topic, ok.meta.order, ok.warnings], ['Neural time series', 10, []]);
  const none = parseNotebook('---\ntitle: T\n---\n');
  assert.deepEqual([none.meta.topic, none.meta.order, none.warnings], ['', null, []]);
  for (const bad of ['abc', '[1, 2]', '.nan', '"3"']) {
    const { meta, warnings } = parseNotebook(`---\ntitle: T\ntopic: X\norder: ${bad}\n---\n`);
    assert.equal(meta.order, null, bad);
    assert.match(warnings[0], /^front matter: order must be a number, got .+; the index lists this notebook last in its topic$/, bad);
  }
});

test('groupByTopic: topics by their smallest order, notebooks by order, no order after the rest, no topic last', () => {
  const metas = [
    { name: 'z-late', topic: 'B', order: 9 }, { name: 'loose', topic: '', order: 1 }, { name: 'b-first', topic: 'B', order: 2 },
    { name: 'a-two', topic: 'A', order: 5 }, { name: 'a-one', topic: 'A', order: 3 }, { name: 'a-none', topic: 'A', order: null },
    { name: 'a-nan', topic: 'A', order: NaN }, { name: 'c-unordered', topic: 'C' }, { name: 'bare' },
  ];
  const groups = groupByTopic(metas);
  assert.deepEqual(groups.map((g) => [g.topic, g.notebooks.map((m) => m.name)]), [
    ['B', ['b-first', 'z-late']],
    ['A', ['a-one', 'a-two', 'a-nan', 'a-none']],
    ['C', ['c-unordered']],
    [OTHER_TOPIC, ['loose', 'bare']],
  ]);
  assert.deepEqual(inLearningOrder(metas).map((m) => m.name).slice(0, 3), ['b-first', 'z-late', 'a-one']);
  assert.deepEqual(groupByTopic([]), []);
});

test("the site's notebooks: each has a topic and its own order, and the index starts where a newcomer should", async () => {
  const dir = new URL('../../web/notebooks/', import.meta.url);
  const metas = await Promise.all((await readdir(dir)).filter((f) => f.endsWith('.md')).map(async (f) =>
    ({ ...parseNotebook(await readFile(new URL(f, dir), 'utf8')).meta, name: f.replace(/\.md$/, '') })));
  for (const m of metas) {
    assert.ok(m.topic, `${m.name}: front matter topic`);
    assert.ok(Number.isFinite(m.order), `${m.name}: front matter order`);
  }
  const orders = metas.map((m) => m.order);
  assert.equal(new Set(orders).size, orders.length, `orders are unique: ${orders}`);
  // The learning order of issue 23 (notebooks added later slot in by their order).
  const planned = ['train', 'rich-lazy', 'credit-assignment', 'flatness', 'sntk', 'pitchfork', 'dimensionality', 'sampling',
    'forecasting', 'switching', 'attention', 'lowrank', 'sweeps'];
  const names = inLearningOrder(metas).map((m) => m.name);
  assert.deepEqual(names.filter((n) => planned.includes(n)), planned.filter((n) => names.includes(n)));
  assert.deepEqual(groupByTopic(metas).map((g) => g.topic).filter((t) => t !== 'Connectivity'),
    ['Learning in recurrent networks', 'Representations and sampling', 'Neural time series', 'Working at scale']);
});

test("the site's notebooks: every Inputs.number has a range of its own, so that its box's notice (not the core) answers a bad value", async () => {
  const dir = new URL('../../web/notebooks/', import.meta.url);
  const unbounded = [];
  for (const f of (await readdir(dir)).filter((name) => name.endsWith('.md'))) {
    for (const cell of parseNotebook(await readFile(new URL(f, dir), 'utf8')).cells) {
      for (const m of cell.source.matchAll(/Inputs\.number\(\s*(\S)[^)]*?label: *"([^"]*)"/g)) {
        if (m[1] !== '[') unbounded.push(`${f}: ${m[2]}`);
      }
    }
  }
  assert.deepEqual(unbounded, []);
});
