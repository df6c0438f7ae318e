// A notebook module from Markdown text (a file the user opened, or a shared link with edits):
// parsed and compiled in the browser. Same shape as the build-time modules of vite-plugin.js.
import { parseNotebook } from './parse.js';
import { compileInBrowser } from './compile-browser.js';

export function notebookFromText(text, name) {
  const parsed = parseNotebook(text);
  const cells = parsed.cells.map((cell) => ({ ...cell, ...compileInBrowser(cell.source, { inline: cell.inline }) }));
  return { name, meta: parsed.meta, source: text, html: parsed.html, warnings: parsed.warnings, cells };
}
