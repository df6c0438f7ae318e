// Compiles one cell's source into a runtime definition. Runs at build time (Vite plugin) and in the
// browser (edited cells), so the caller passes notebook-kit's transpileJavaScript in: Node imports the
// package root, the browser a deep path with TypeScript stubbed out (see vite.config.js).
import { protectLoops } from './guard-transform.js';

/**
 * Compiles one cell's source to {body, inputs, outputs, autodisplay} with notebook-kit's
 * transpileJavaScript; loops get a guard call so a runaway loop ends with a message.
 * A syntax error comes back as {error} (the caller shows it at the cell).
 */
export function compileCell(source, transpileJavaScript, { inline = false } = {}) {
  try {
    const compiled = transpileJavaScript(source);
    if (/\bimport\s*\(\s*["'`](https?:|npm:|jsr:|observable:)/.test(compiled.body)) {
      return { error: 'imports from the network are not allowed: rnnbook works offline (bundle the package instead)' };
    }
    return {
      body: protectLoops(compiled.body),
      inputs: compiled.inputs,
      outputs: compiled.outputs,
      autodisplay: inline ? true : compiled.autodisplay,
    };
  } catch (e) {
    return { error: `${e.name === 'SyntaxError' ? 'SyntaxError' : e.name}: ${e.message}` };
  }
}
