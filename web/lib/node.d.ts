// Types of web/lib/node.js, the package's entry in node: the page's API (rnnbook.d.ts) on worker
// threads, plus loadModule() for the functions that take the module (rnnbook/engine, rnnbook/functions).
export * from './rnnbook.js';
export { default } from './rnnbook.js';

/** The wasm module in this thread (no worker): the first argument of rnnbook/engine's and rnnbook/functions' calls. */
export declare function loadModule(): Promise<unknown>;
