// Vite plugin: a notebook file (web/notebooks/NAME.md) imports as a module whose cells are real code,
// compiled here at build time, so the published site runs no eval. `NAME.md?meta` imports only
// the front matter (for the index page). Fails the build if a cell imports from the network.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { transpileJavaScript } from '@observablehq/notebook-kit';
import { parseNotebook } from './parse.js';
import { compileCell } from './compile-cell.js';

const guardPath = path.join(path.dirname(fileURLToPath(import.meta.url)), 'guard.js');

export function notebookModule(text, file) {
  const parsed = parseNotebook(text);
  const name = path.basename(file, '.md');
  const cells = parsed.cells.map((cell) => {
    const compiled = compileCell(cell.source, transpileJavaScript, { inline: cell.inline });
    if (compiled.error && /network/.test(compiled.error)) {
      throw new Error(`${file}: cell ${cell.id}: ${compiled.error}`);
    }
    const { body, ...rest } = compiled;
    const fields = JSON.stringify({ ...cell, ...rest }).slice(0, -1);
    return body ? `${fields},"body":${body}}` : `${fields}}`;
  });
  return [
    `import { loopGuard as __loop } from ${JSON.stringify(guardPath)};`,
    `export const name = ${JSON.stringify(name)};`,
    `export const meta = ${JSON.stringify(parsed.meta)};`,
    `export const source = ${JSON.stringify(text)};`,
    `export const html = ${JSON.stringify(parsed.html)};`,
    `export const warnings = ${JSON.stringify(parsed.warnings)};`,
    `export const cells = [\n${cells.join(',\n')}\n];`,
  ].join('\n');
}

export function notebooks() {
  return {
    name: 'rnnbook-notebooks',
    enforce: 'pre',
    transform(text, id) {
      const [file, query = ''] = id.split('?');
      if (!file.endsWith('.md')) return null;
      if (query === 'meta') {
        const { meta } = parseNotebook(text);
        return { code: `export const meta = ${JSON.stringify({ ...meta, name: path.basename(file, '.md') })};`, map: null };
      }
      if (query !== '') return null;
      return { code: notebookModule(text, file), map: null };
    },
  };
}
