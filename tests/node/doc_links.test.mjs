// Every reference a reader of README.md, docs/*.md or a notebook (web/notebooks/*.md) can follow leads
// somewhere: a relative link's file (and its #anchor's heading) exists, a quoted section
// (README.md, "The `train` experiment") is a heading of that file, a notebook address (?nb=NAME) is a
// notebook. The project's design notes (SCIENCE.md) are not published, so notebooks and docs never cite them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { root } from './module.mjs';

const inDir = (dir) => readdirSync(path.join(root, dir)).filter((f) => f.endsWith('.md')).map((f) => `${dir}/${f}`);
const DOCS = ['README.md', ...inDir('docs'), ...inDir('web/notebooks')];
const read = (file) => readFileSync(path.join(root, file), 'utf8');

/** The text outside fenced code blocks (a link in an example is code, not a reference). */
function prose(text) {
  let fence = null;
  return text.split('\n').filter((line) => {
    const open = line.match(/^\s*(`{3,}|~{3,})/);
    if (fence) {
      if (open && open[1][0] === fence[0] && open[1].length >= fence.length) fence = null;
      return false;
    }
    if (open) { fence = open[1]; return false; }
    return true;
  }).join('\n');
}

/** GitHub's anchor of a heading: lower case, punctuation dropped, spaces to hyphens, repeats numbered. */
function anchorsOf(text) {
  const seen = new Map();
  const anchors = new Set();
  for (const [, title] of prose(text).matchAll(/^#{1,6}\s+(.+?)\s*#*\s*$/gm)) {
    const slug = title.toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, '').trim().replace(/\s/g, '-');
    const n = seen.get(slug) ?? 0;
    seen.set(slug, n + 1);
    anchors.add(n === 0 ? slug : `${slug}-${n}`);
  }
  return anchors;
}

/** Heading titles as a reader quotes them: without backticks, case or extra spaces. */
const plainTitle = (s) => s.replace(/`/g, '').replace(/\s+/g, ' ').trim().toLowerCase();
const titlesOf = (text) => new Set([...prose(text).matchAll(/^#{1,6}\s+(.+?)\s*#*\s*$/gm)].map((m) => plainTitle(m[1])));

/** Where each reference of one file leads, and why it does not. Returns the broken ones. */
export function brokenReferences(file, text) {
  const body = prose(text);
  const broken = [];
  const targets = [
    ...[...body.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)].map((m) => m[1]),
    ...[...body.matchAll(/^\s*\[[^\]]+\]:\s*(\S+)/gm)].map((m) => m[1]),
    ...[...body.matchAll(/\b(?:href|src)=["']([^"'$]+)["']/g)].map((m) => m[1]),
  ];
  for (const target of targets) {
    if (/^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith('//')) continue; // http:, mailto:, ...
    const [pathPart, anchor] = target.split('#');
    const resolved = pathPart ? path.join(path.dirname(file), decodeURIComponent(pathPart.split('?')[0])) : file;
    if (!existsSync(path.join(root, resolved))) { broken.push(`${target}: no file ${resolved}`); continue; }
    if (anchor && resolved.endsWith('.md') && !anchorsOf(read(resolved)).has(anchor.toLowerCase())) {
      broken.push(`${target}: no heading with anchor #${anchor} in ${resolved}`);
    }
  }
  const flat = body.replace(/\s+/g, ' ');
  for (const [, target, title] of flat.matchAll(/\b(README\.md|docs\/[\w.-]+\.md|CHANGELOG\.md), "([^"]+)"/g)) {
    if (!existsSync(path.join(root, target))) { broken.push(`${target}: no such file`); continue; }
    // A quote may be a heading's beginning: "rnnbook.sweep" for "`rnnbook.sweep(spec, ...)`: many runs at once".
    const quoted = plainTitle(title);
    if (![...titlesOf(read(target))].some((t) => t.startsWith(quoted))) broken.push(`${target}, "${title}": no such heading`);
  }
  for (const [, name] of flat.matchAll(/[?&]nb=([a-z0-9][\w-]*)/g)) { // not a placeholder such as nb=NAME
    if (!existsSync(path.join(root, 'web/notebooks', `${name}.md`))) broken.push(`nb=${name}: no web/notebooks/${name}.md`);
  }
  // docs/*.md named in the text (notebook files named there may be ones the reader is told to write).
  for (const [, name] of flat.matchAll(/\b(docs\/[\w-]+\.md)\b/g)) {
    if (!existsSync(path.join(root, name))) broken.push(`${name}: no such file`);
  }
  return broken;
}

test('every link, quoted section and notebook address in README.md, docs and notebooks exists', () => {
  const broken = DOCS.flatMap((file) => brokenReferences(file, read(file)).map((b) => `${file}: ${b}`));
  assert.deepEqual(broken, []);
});

test('notebooks and docs do not cite the unpublished design notes (SCIENCE.md)', () => {
  const citing = [...inDir('docs'), ...inDir('web/notebooks')].flatMap((file) =>
    read(file).split('\n').flatMap((line, i) => (line.includes('SCIENCE.md') ? [`${file}:${i + 1}: ${line.trim()}`] : [])));
  assert.deepEqual(citing, []);
});

test('README.md says what its SCIENCE.md pointers are, once, if it has any', () => {
  const readme = read('README.md');
  const pointers = readme.split('SCIENCE.md').length - 1;
  if (pointers === 0) return;
  assert.match(readme, /"SCIENCE\.md x\.y"[^.]*design notes[^.]*not published/);
});

test('the checker finds a missing file, a missing anchor, a missing section and a missing notebook', () => {
  const planted = [
    'See [the guide](docs/no-such-guide.md) and [fields](README.md#no-such-heading).',
    'Also [sweeps](docs/sweeps.md#sweeps-from-one-run-to-a-thousand) and README.md, "The `nosuch` experiment".',
    'Open `notebook.html?nb=nosuch`, or docs/missing.md.',
    '```sh',
    'cat [skipped](in/a/code/block.md)',
    '```',
  ].join('\n');
  const broken = brokenReferences('README.md', planted);
  const found = (pattern) => assert.ok(broken.some((b) => pattern.test(b)), `${pattern} in\n${broken.join('\n')}`);
  found(/^docs\/no-such-guide\.md: no file docs\/no-such-guide\.md$/);
  found(/no heading with anchor #no-such-heading in README\.md/);
  found(/"The `nosuch` experiment": no such heading/);
  found(/^nb=nosuch: no web\/notebooks\/nosuch\.md$/);
  found(/^docs\/missing\.md: no such file$/);
  assert.ok(!broken.some((b) => /sweeps|code\/block/.test(b)), broken.join('\n'));
  // A heading that exists is found with and without its backticks.
  assert.deepEqual(brokenReferences('README.md', 'README.md, "The train experiment"; [t](README.md#the-train-experiment)'), []);
  assert.deepEqual(brokenReferences('docs/sweeps.md', '[API](js-api.md#rnnbookversion), docs/js-api.md, "rnnbook.sweep"'), []);
});
