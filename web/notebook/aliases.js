// Module aliases shared by the site build and the sandbox build (Node side). notebook-kit's runtime
// pieces are reached by file path (its exports map does not list them); the version is pinned and
// the build fails if a path moves.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const web = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const kit = path.join(web, '../node_modules/@observablehq/notebook-kit/dist/src');
const kitFile = (p) => {
  const file = path.join(kit, p);
  if (!fs.existsSync(file)) throw new Error(`notebook-kit file moved: ${file} (is the pinned version installed?)`);
  return file;
};

export function aliases(wasmDir) {
  return [
    { find: '@rnnbook/wasm', replacement: path.join(wasmDir, 'rnnbook.mjs') },
    { find: 'nbkit:define', replacement: kitFile('runtime/define.js') },
    { find: 'nbkit:display', replacement: kitFile('runtime/display.js') },
    { find: 'nbkit:generators', replacement: kitFile('runtime/stdlib/generators/index.js') },
    { find: 'nbkit:transpile', replacement: kitFile('javascript/transpile.js') },
    { find: /^nbkit:styles\/(.*)$/, replacement: `${kitFile('styles')}/$1` },
    { find: /^typescript$/, replacement: path.join(web, 'notebook/typescript-stub.js') },
  ];
}

/**
 * Keeps only the woff2 fonts in KaTeX's CSS (every browser we support reads woff2): the site ships
 * a third of the font bytes, and the sandbox, which must inline its fonts, stays small.
 */
export function katexWoff2Only() {
  return {
    name: 'rnnbook-katex-woff2',
    enforce: 'pre',
    transform(code, id) {
      if (!/katex(\.min)?\.css$/.test(id.split('?')[0])) return null;
      return { code: code.replace(/,\s*url\([^)]*\.(woff|ttf)\)\s*format\("(woff|truetype)"\)/g, ''), map: null };
    },
  };
}
