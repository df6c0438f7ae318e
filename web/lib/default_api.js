// The default API object of an entry (rnnbook.js in pages, node.js in node): one client, created on
// first use, shared by every call, so that a page or a script has one pool of workers.
import { functionNames } from './functions.js';

/** The object behind `import rnnbook from 'rnnbook'` for a client made by makeClient(). */
export function defaultApi(makeClient) {
  let client = null;
  const get = () => (client ??= makeClient());
  return {
    run: (config, options) => get().run(config, options),
    open: (config) => get().open(config),
    sweep: (spec, options) => get().sweep(spec, options),
    sweepPoints: (spec) => get().sweepPoints(spec),
    configure: (options) => get().configure(options),
    version: () => get().version(),
    stats: () => get().stats(),
    restart: () => get().restart(),
    ...Object.fromEntries(functionNames.map((name) => [name, (...args) => get()[name](...args)])),
  };
}
