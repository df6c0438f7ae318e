// What a notebook cell sees without imports: rnnbook (the JS API), Plot, Inputs, html/svg,
// experiment(config), everyResult(runs), liveCurve(runs) and runEnded(), plus the Observable generators (width, now).
import { html, svg } from 'htl';
import * as Generators from 'nbkit:generators';
import { columnWidth } from './column-width.js';
import { everyResult } from './every-result.js';
import { createInputs } from './inputs.js';
import { Run } from './run.js';

/**
 * @param api       the rnnbook JS API object ({run, version, ...})
 * @param cellApi   the same API as cells see it as `rnnbook` (the notebook tracks its runs), default api
 * @param hash      a HashState for controls (or null)
 * @param onRun     called with each new Run (the notebook ties it to the running cell)
 * @param root      the element whose width `width` follows
 * @param runsEnded an EventTarget firing 'ended' when a run the reader could run again stopped or failed (or null)
 */
export function builtins({ api, cellApi = api, hash, onRun, root, runsEnded = null }) {
  const Inputs = createInputs(hash, runsEnded);
  const experiment = (config, options) => {
    const run = new Run(api, config, options);
    onRun?.(run);
    return run;
  };
  return {
    rnnbook: () => cellApi,
    // Plot and uPlot load when a cell first uses them, so controls appear before the figures' code arrives.
    Plot: () => import('./plot.js').then((m) => m.NotebookPlot),
    Inputs: () => Inputs,
    html: () => html,
    svg: () => svg,
    Generators: () => Generators,
    width: () => columnWidth(root),
    now: () => Generators.now(),
    experiment: () => experiment,
    everyResult: () => everyResult,
    liveCurve: () => import('./live-curve.js').then((m) => m.liveCurve),
    // Work a cell runs itself (rnnbook.sweep) stopped or failed: the forms' Run may send the same settings again.
    runEnded: () => () => runsEnded?.dispatchEvent(new Event('ended')),
  };
}
