/**
 * Every fenced block of a Markdown text: its first code line, info string, code and the line above the fence.
 * A fence of n backticks ends at a line of the same n, so a ````md block holds ```js fences of its own.
 */
export function fencedBlocks(markdown) {
  const blocks = [];
  const lines = markdown.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const open = lines[i].trim().match(/^(`{3,})([^`]*)$/);
    if (!open) continue;
    let j = i + 1;
    while (j < lines.length && lines[j].trim() !== open[1]) j++;
    blocks.push({ line: i + 2, info: open[2].trim(), code: lines.slice(i + 1, j).join('\n'), above: i > 0 ? lines[i - 1].trim() : '' });
    i = j;
  }
  return blocks;
}

// Finds the fenced code blocks of one info string (e.g. "js" or "js node") in a Markdown text.
export function codeBlocks(markdown, info) {
  return fencedBlocks(markdown).filter((b) => b.info === info).map(({ line, code }) => ({ line, code }));
}

// Checking the documented values: a line `console.log(args);  // text` promises that its first call
// prints `text`, or `text` begins with what it prints and goes on with ":", ",", " =" or " (" and a
// comment. Comments that say "about", "a little", "e.g." or "..." are approximate and not checked.

/** Rewrites each checked console.log line to call `__docLog(k, args)`; returns the code and the promises. */
export function instrument(code) {
  const expected = [];
  const lines = code.split('\n').map((line) => {
    const m = line.match(/^(\s*)console\.log\((.*)\);\s*\/\/ ?(.*)$/);
    if (!m || /about|a little|e\.g\.|\.\.\./.test(m[3])) return line;
    expected.push(m[3].trim());
    return `${m[1]}__docLog(${expected.length - 1}, ${m[2]});`;
  });
  return { code: lines.join('\n'), expected };
}

/** console.log's arguments as the docs write them: [1, 2], Float64Array [1, 2], { shape: [2] }. Self-contained (it runs in the page too). */
export function formatLogged(args) {
  const fmt = (v, top) => {
    if (typeof v === 'string') return top ? v : JSON.stringify(v);
    if (ArrayBuffer.isView(v)) return `${v.constructor.name} [${Array.from(v, (x) => fmt(x)).join(', ')}]`;
    if (Array.isArray(v)) return `[${v.map((x) => fmt(x)).join(', ')}]`;
    if (v && typeof v === 'object') return `{ ${Object.entries(v).map(([k, x]) => `${k}: ${fmt(x)}`).join(', ')} }`;
    return String(v);
  };
  return args.map((a) => fmt(a, true)).join(' ');
}

/** The promises that were not kept, as messages; printed[k] is what call site k printed first. */
export function brokenPromises(expected, printed) {
  return expected.flatMap((text, k) => {
    const out = printed[k];
    if (out === undefined) return [`"// ${text}": that line never ran`];
    const kept = text === out || (text.startsWith(out) && /^(:|,| =| \()/.test(text.slice(out.length)));
    return kept ? [] : [`"// ${text}": printed "${out}"`];
  });
}

/** The text under a "## " heading of a Markdown text, up to the next one. */
export function sectionOf(markdown, heading) {
  const start = markdown.indexOf(`${heading}\n`);
  if (start < 0) return '';
  const end = markdown.indexOf('\n## ', start + heading.length);
  return markdown.slice(start, end < 0 ? undefined : end);
}

/**
 * The code blocks that tests run: file, info string, the test that runs them, and optionally the
 * section they are taken from and whether only its first such block runs. tests/node/docs_coverage.test.mjs
 * checks that each runner names its file and info string, and that these blocks use every public
 * JS function and CLI option.
 */
export const RUN_BLOCKS = [
  { file: 'docs/js-api.md', info: 'js', runner: 'tests/browser/docs_examples.test.mjs' },
  { file: 'docs/js-api.md', info: 'js node', runner: 'tests/node/docs_examples.test.mjs' },
  { file: 'docs/js-api.md', info: 'js package', runner: 'tests/node/package.test.mjs' },
  { file: 'docs/sweeps.md', info: 'js', runner: 'tests/browser/docs_examples.test.mjs' },
  { file: 'docs/sweeps.md', info: 'sh cli', runner: 'tests/node/docs_sweeps.test.mjs' },
  { file: 'docs/sweeps.md', info: 'sh cli slurm', runner: 'tests/node/slurm_sweep.test.mjs' },
  { file: 'docs/sweeps.md', info: 'json', runner: 'tests/node/docs_sweeps.test.mjs' },
  { file: 'docs/notebooks.md', info: 'md example-notebook', runner: 'tests/browser/docs_notebook.test.mjs' },
  { file: 'docs/notebooks.md', section: '## What cells can use without imports', info: 'js', runner: 'tests/browser/docs_notebook.test.mjs' },
  { file: 'docs/notebooks.md', section: '## Many runs at once', info: 'js', runner: 'tests/browser/docs_notebook.test.mjs' },
  { file: 'docs/deploy.md', info: 'html', runner: 'tests/browser/embed.test.mjs' },
  { file: 'README.md', info: 'sh cli', runner: 'tests/node/docs_readme_cli.test.mjs' },
  { file: 'README.md', section: '## The `measure` experiment', info: 'json', runner: 'tests/node/docs_readme_cli.test.mjs' },
  { file: 'README.md', section: '## JS API', info: 'js', runner: 'tests/browser/docs_examples.test.mjs' },
  { file: 'README.md', section: '## Use rnnbook in your own page or notebook', info: 'js node', runner: 'tests/node/package.test.mjs' },
  { file: 'README.md', section: '## Use rnnbook in your own page or notebook', info: 'js', first: true, runner: 'tests/browser/package_hosts.test.mjs' },
  { file: 'README.md', section: '## Use rnnbook in your own page or notebook', info: 'html', first: true, runner: 'tests/browser/package_hosts.test.mjs' },
];

/** The blocks of one RUN_BLOCKS entry, given a reader of the repository's files. */
export function runBlocksOf(source, read) {
  const text = read(source.file);
  const blocks = codeBlocks(source.section ? sectionOf(text, source.section) : text, source.info);
  return source.first ? blocks.slice(0, 1) : blocks;
}
