// Finds the fenced code blocks of one info string (e.g. "js" or "js node") in a Markdown text.
export function codeBlocks(markdown, info) {
  const blocks = [];
  const lines = markdown.split('\n');
  for (let i = 0; i < lines.length; i++) {
    if (lines[i].trim() !== '```' + info) continue;
    const start = i + 1;
    let j = start;
    while (j < lines.length && lines[j].trim() !== '```') j++;
    blocks.push({ line: start + 1, code: lines.slice(start, j).join('\n') });
    i = j;
  }
  return blocks;
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
