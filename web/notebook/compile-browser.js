// Compiles an edited cell in the browser into a runnable definition (loaded on the first Run).
import { transpileJavaScript } from 'nbkit:transpile';
import { compileCell } from './compile-cell.js';
import { loopGuard } from './guard.js';

export function compileInBrowser(source, { inline = false } = {}) {
  const compiled = compileCell(source, transpileJavaScript, { inline });
  if (compiled.error) return compiled;
  try {
    // The body is notebook-kit's transpiled arrow function; __loop is the loop guard.
    const body = new Function('__loop', `return (${compiled.body});`)(loopGuard);
    return { ...compiled, body };
  } catch (e) {
    return { error: `${e.name}: ${e.message}` };
  }
}
