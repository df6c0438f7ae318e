// Every public JS function and method and every CLI command and option has an example in the docs
// that a test runs: the blocks of tests/docs_blocks.mjs's RUN_BLOCKS (the runners are checked to read
// them) must use each named export of web/lib/rnnbook.js and web/lib/node.js, each method of Client and
// ExperimentHandle, and each command and option of `rnnbook --help`. Missing ones are named. Every block
// of README.md and docs/*.md is run, a ```text listing, or says on the line above it why no test runs it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { nativeDir, root } from './module.mjs';
import { RUN_BLOCKS, fencedBlocks, runBlocksOf } from '../docs_blocks.mjs';
import * as pageApi from '../../web/lib/rnnbook.js';
import * as nodeApi from '../../web/lib/node.js';

const read = (file) => readFileSync(path.join(root, file), 'utf8');
const blocks = RUN_BLOCKS.flatMap((source) => runBlocksOf(source, read).map((b) => ({ ...b, ...source })));
const isShell = (b) => b.info.startsWith('sh');
// Code without its comments: a name in a comment is not a use.
const jsCode = blocks.filter((b) => !isShell(b)).map((b) => b.code.replace(/(^|\s)\/\/.*$/gm, '$1')).join('\n');
const escape = (s) => s.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&');

test('each runner of RUN_BLOCKS reads its file and info string, and each source has blocks', () => {
  for (const source of RUN_BLOCKS) {
    const runner = read(source.runner);
    assert.ok(runner.includes(path.basename(source.file)), `${source.runner} reads ${source.file}`);
    assert.ok(runner.includes(`'${source.info}'`), `${source.runner} runs '${source.info}' blocks`);
    assert.ok(runBlocksOf(source, read).length > 0, `${source.file} has ${source.info} blocks${source.section ? ` in ${source.section}` : ''}`);
  }
});

/** The public method names of a class and its ancestors (not the constructor, not _private ones). */
function methodNames(cls) {
  const names = new Set();
  for (let p = cls.prototype; p && p !== Object.prototype; p = Object.getPrototypeOf(p)) {
    for (const name of Object.getOwnPropertyNames(p)) {
      if (name !== 'constructor' && !name.startsWith('_') && typeof p[name] === 'function') names.add(name);
    }
  }
  return [...names].sort();
}

test('every named export of the JS API (page and node entries) is used in a block that a test runs', () => {
  const exports = [...new Set([...Object.keys(pageApi), ...Object.keys(nodeApi)])].filter((n) => n !== 'default').sort();
  assert.ok(exports.length > 20 && exports.includes('run') && exports.includes('loadModule'), exports.join(' '));
  const missing = exports.filter((name) => !new RegExp(`\\b${escape(name)}\\b`).test(jsCode));
  assert.deepEqual(missing, [], `exports without a run example: ${missing.join(', ')}`);
});

test('every method of Client and of an open() handle (ExperimentHandle) is called in a block that a test runs', () => {
  const methods = [
    ...methodNames(nodeApi.Client).map((m) => ['Client', m]),
    ...methodNames(pageApi.Client).map((m) => ['Client', m]),
    ...methodNames(nodeApi.ExperimentHandle).map((m) => ['ExperimentHandle', m]),
  ];
  assert.ok(methods.some(([, m]) => m === 'terminate') && methods.some(([, m]) => m === 'snapshot'));
  const missing = [...new Set(methods.filter(([, m]) => !new RegExp(`\\.${escape(m)}\\(`).test(jsCode))
    .map(([cls, m]) => `${cls}.${m}()`))];
  assert.deepEqual(missing, [], `methods without a run example: ${missing.join(', ')}`);
});

/**
 * The CLI's commands and their options from its usage text: [{command, options}], a `--run MODE`
 * counting as the option "--run MODE" with the options that follow it.
 */
function cliUsage(text) {
  const usage = text.slice(text.indexOf('usage:'), text.indexOf('\nSPEC.json'));
  const commands = [];
  for (const line of usage.split('\n')) {
    const start = line.match(/^(?:usage:)?\s+rnnbook (\S+)(.*)$/);
    if (start) commands.push({ command: start[1], options: [] });
    const rest = start ? start[2] : line;
    for (const m of rest.matchAll(/(?<![\w-])(--run \w+|--?[a-z][a-z-]*)/g)) commands.at(-1).options.push(m[1]);
  }
  return commands;
}

/** Each rnnbook command line of the shell blocks (continuations joined, comments dropped) after "rnnbook". */
function cliCalls() {
  const calls = [];
  for (const b of blocks.filter(isShell)) {
    for (const line of b.code.replace(/\\\n/g, ' ').split('\n')) {
      const code = line.replace(/(^|\s)#.*$/, '');
      for (const m of code.matchAll(/(?:^|[\s/;|&(])rnnbook\s+([^;|&]*)/g)) calls.push(m[1].trim());
    }
  }
  return calls;
}

test('every CLI command and option of `rnnbook --help` is used in a shell block that a test runs', () => {
  const r = spawnSync(path.join(nativeDir, 'cli/rnnbook'), ['--help'], { encoding: 'utf8' });
  assert.equal(r.error, undefined, `build-native/cli/rnnbook: ${r.error?.message}`);
  const usage = cliUsage(r.stdout + r.stderr);
  assert.deepEqual(usage.map((u) => u.command), ['run', 'sweep', 'collect', '--version'], r.stderr);
  const calls = cliCalls();
  const missing = [];
  for (const { command, options } of usage) {
    const mine = calls.filter((c) => c === command || c.startsWith(`${command} `));
    if (!mine.length) { missing.push(`rnnbook ${command}`); continue; }
    for (const option of options) {
      if (!mine.some((c) => new RegExp(`(?<![\\w-])${escape(option)}(?![\\w-])`).test(c))) missing.push(`rnnbook ${command} ${option}`);
    }
  }
  assert.deepEqual(missing, [], `CLI commands and options without a run example: ${missing.join(', ')}`);
});

/** The blocks of a Markdown text that no test runs and that are neither a ```text listing nor marked with a reason. */
function unaccountedBlocks(markdown, runCodes) {
  const reason = /^<!-- not run by a docs test: (.{20,}) -->$/;
  return fencedBlocks(markdown).flatMap((b) => {
    const run = runCodes.has(b.code);
    if (run && reason.test(b.above)) return [`line ${b.line} (\`\`\`${b.info}) is run but marked not run`];
    if (run || b.info === 'text' || reason.test(b.above)) return [];
    return [`line ${b.line} (\`\`\`${b.info})`];
  });
}

const documents = ['README.md', ...readdirSync(path.join(root, 'docs')).filter((f) => f.endsWith('.md')).sort().map((f) => `docs/${f}`)];

test('every block of README.md and docs/*.md is run by a test, a ```text listing, or marked "not run by a docs test: why"', () => {
  assert.ok(documents.includes('docs/js-api.md') && documents.includes('docs/notebooks.md') && documents.length >= 5, documents.join(' '));
  const unaccounted = documents.flatMap((file) => {
    const runCodes = new Set(blocks.filter((b) => b.file === file).map((b) => b.code));
    return unaccountedBlocks(read(file), runCodes).map((where) => `${file} ${where}`);
  });
  assert.deepEqual(unaccounted, [], 'blocks that no test runs, without a reason');
  const readmeRun = new Set(blocks.filter((b) => b.file === 'README.md').map((b) => b.code));
  assert.ok(readmeRun.size >= 10, `README.md blocks that tests run: ${readmeRun.size}`);
  // The check itself: an unmarked block and a run block marked not run are both named, and a ````md
  // block is one block (its inner ```js fence is not a block of its own).
  const extra = `${read('README.md')}\n\`\`\`sh\nrnnbook run x.json\n\`\`\`\n<!-- not run by a docs test: it is run after all, a contradiction -->\n` +
    `\`\`\`sh cli\n${[...readmeRun][0]}\n\`\`\`\n\`\`\`\`md\n\`\`\`js\n1\n\`\`\`\n\`\`\`\`\n`;
  assert.equal(unaccountedBlocks(extra, readmeRun).length, 3);
  assert.deepEqual(fencedBlocks('````md\n```js\n1\n```\n````\n').map((b) => b.info), ['md']);
});
