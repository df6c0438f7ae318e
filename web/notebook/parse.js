// Parses a notebook (Markdown with YAML front matter and ```js cells) into HTML blocks and cells.
// Runs at build time (the Vite plugin) and in the browser (notebooks opened from a file).
//
//   ---                      front matter: title, description, author, topic, order (YAML)
//   title: Rich and lazy
//   ---
//   Prose with $math$, $$display math$$ and ${live} values.
//   ```js id=rank            a cell; id= names it for embedding (default c1, c2, ...)
//   const rank = view(Inputs.range([1, 64], {label: "rank", step: 1}))
//   ```
import MarkdownIt from 'markdown-it';
import katexPlugin from '@vscode/markdown-it-katex';
import { load as loadYaml } from 'js-yaml';

const FENCE = /^(\s{0,3})(`{3,}|~{3,})\s*([^`]*)$/;
const CELL_ID = /^[A-Za-z][\w-]{0,63}$/;

/** Splits the YAML front matter off; a broken one becomes a warning, never a failure. */
export function splitFrontMatter(text) {
  const match = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?/.exec(text);
  if (!match) return { meta: {}, body: text, bodyLine: 0, warnings: [] };
  const bodyLine = match[0].split('\n').length - 1;
  try {
    const meta = loadYaml(match[1]) ?? {};
    if (typeof meta !== 'object' || Array.isArray(meta)) throw new Error('expected key: value lines');
    return { meta, body: text.slice(match[0].length), bodyLine, warnings: [] };
  } catch (e) {
    const reason = String(e.message).split('\n')[0];
    return { meta: {}, body: text.slice(match[0].length), bodyLine,
      warnings: [`front matter: ${reason}; the title and description fall back to defaults`] };
  }
}

/**
 * Finds the ```js cells line by line. A fence that is never closed is closed before the next
 * opening ```js fence (or at the end) with a warning, so one typo cannot swallow the notebook.
 */
export function findCells(lines, lineOffset = 0) {
  const cells = [];
  const warnings = [];
  let open = null;
  for (let i = 0; i < lines.length; i++) {
    const m = FENCE.exec(lines[i]);
    if (!m) continue;
    const [, , marker, info] = m;
    if (open) {
      const closes = marker[0] === open.marker[0] && marker.length >= open.marker.length && !info.trim();
      if (closes) {
        cells.push({ ...open, end: i });
        open = null;
      } else if (/^js\b/.test(info.trim())) {
        warnings.push(`cell at line ${open.start + 1 + lineOffset}: its ${open.marker} fence is never closed; ` +
          `it was closed before the next cell at line ${i + 1 + lineOffset}`);
        cells.push({ ...open, end: i, unclosed: true });
        open = openFence(marker, info, i);
      }
    } else if (/^js\b/.test(info.trim())) {
      open = openFence(marker, info, i);
    } else {
      // A non-js fence (e.g. ```json): skip to its end so its content is not scanned for cells.
      let j = i + 1;
      while (j < lines.length && !(lines[j].trim().startsWith(marker) && !lines[j].trim().slice(marker.length).trim())) j++;
      i = j;
    }
  }
  if (open) {
    warnings.push(`cell at line ${open.start + 1 + lineOffset}: its ${open.marker} fence is never closed; ` +
      'it was closed at the end of the file');
    cells.push({ ...open, end: lines.length, unclosed: true });
  }
  return { cells, warnings };
}

function openFence(marker, info, line) {
  const attrs = {};
  for (const part of info.trim().split(/\s+/).slice(1)) {
    const [k, v = 'true'] = part.split('=');
    attrs[k] = v.replace(/^["']|["']$/g, '');
  }
  return { marker, start: line, attrs };
}

function markdown() {
  const md = new MarkdownIt({ html: true, linkify: true, typographer: true });
  md.use(katexPlugin.default ?? katexPlugin, { throwOnError: false, output: 'htmlAndMathml' });
  // ${expr} in prose: an inline cell. Registered before the math rule so "${" is not math.
  md.inline.ruler.before('escape', 'nb_inline', (state, silent) => {
    const { src, pos } = state;
    if (src.charCodeAt(pos) !== 0x24 /* $ */ || src.charCodeAt(pos + 1) !== 0x7b /* { */) return false;
    const end = matchBrace(src, pos + 1);
    if (end < 0) return false;
    if (!silent) {
      const token = state.push('nb_inline', 'span', 0);
      token.content = src.slice(pos + 2, end);
    }
    state.pos = end + 1;
    return true;
  });
  return md;
}

/** Index of the } that closes the { at `open`, skipping strings and template literals; -1 if none. */
function matchBrace(src, open) {
  let depth = 0;
  for (let i = open; i < src.length; i++) {
    const c = src[i];
    if (c === '"' || c === "'" || c === '`') {
      for (i++; i < src.length && src[i] !== c; i++) if (src[i] === '\\') i++;
    } else if (c === '{') depth++;
    else if (c === '}' && --depth === 0) return i;
  }
  return -1;
}

/**
 * Parses a notebook. Returns {meta, html, cells, warnings}: html has one placeholder element per
 * cell (data-cell="id"); cells are {id, source, inline, echo, line, start, end} in document order.
 * Nothing here runs cell code.
 */
export function parseNotebook(text) {
  const front = splitFrontMatter(String(text).replace(/\r\n?/g, '\n'));
  const lines = front.body.split('\n');
  const { cells: fences, warnings } = findCells(lines, front.bodyLine);
  warnings.unshift(...front.warnings);
  const md = markdown();
  const cells = [];
  const used = new Set();
  let inlineCount = 0;
  const cellId = (wanted, fallback) => {
    if (wanted && CELL_ID.test(wanted) && !used.has(wanted)) { used.add(wanted); return wanted; }
    if (wanted) warnings.push(`cell "${wanted}": ids must be unique and start with a letter; using "${fallback}"`);
    let id = fallback;
    for (let k = 2; used.has(id); k++) id = `${fallback}-${k}`;
    used.add(id);
    return id;
  };
  md.renderer.rules.nb_inline = (tokens, idx) => {
    const id = cellId(null, `i${++inlineCount}`);
    cells.push({ id, source: tokens[idx].content, inline: true });
    return `<span class="nb-inline" data-cell="${id}"></span>`;
  };

  let html = '';
  let from = 0;
  fences.forEach((fence, k) => {
    html += md.render(lines.slice(from, fence.start).join('\n'));
    const id = cellId(fence.attrs.id, `c${k + 1}`);
    const source = lines.slice(fence.start + 1, fence.end).join('\n');
    cells.push({
      id, source, inline: false, echo: fence.attrs.echo === 'true',
      line: fence.start + 1 + front.bodyLine, start: fence.start + 1 + front.bodyLine, end: fence.end + front.bodyLine,
      warning: fence.unclosed ? warnings.find((w) => w.startsWith(`cell at line ${fence.start + 1 + front.bodyLine}:`)) : undefined,
    });
    html += `<div class="nb-cell" data-cell="${id}"></div>\n`;
    from = Math.min(lines.length, fence.end + 1);
  });
  html += md.render(lines.slice(from).join('\n'));

  const meta = {
    title: typeof front.meta.title === 'string' ? front.meta.title : 'Untitled notebook',
    description: typeof front.meta.description === 'string' ? front.meta.description : '',
    author: typeof front.meta.author === 'string' ? front.meta.author : '',
    // The index groups notebooks by topic, in learning order (catalog-order.js).
    topic: typeof front.meta.topic === 'string' ? front.meta.topic.trim() : '',
    order: typeof front.meta.order === 'number' && Number.isFinite(front.meta.order) ? front.meta.order : null,
  };
  if (front.meta.order !== undefined && meta.order === null) {
    const v = front.meta.order;
    const got = typeof v === 'string' ? JSON.stringify(v) : Array.isArray(v) ? 'a list' : v && typeof v === 'object' ? 'an object' : String(v);
    warnings.push(`front matter: order must be a number, got ${got}; the index lists this notebook last in its topic`);
  }
  return { meta, html, cells, warnings };
}

/** Writes cell sources back into the notebook text (for download of an edited notebook). */
export function replaceCellSources(text, parsed, sources) {
  const lines = String(text).replace(/\r\n?/g, '\n').split('\n');
  const blocks = parsed.cells.filter((c) => !c.inline).sort((a, b) => b.start - a.start);
  for (const cell of blocks) {
    if (!(cell.id in sources)) continue;
    // '' is both "no lines" and "one empty line": keep whichever the cell had.
    const replacement = sources[cell.id] === '' && cell.end === cell.start ? [] : sources[cell.id].split('\n');
    lines.splice(cell.start, cell.end - cell.start, ...replacement);
  }
  return lines.join('\n');
}
