// rnnbook.sweep(spec): every point of a grid (or a list of configs) run on the worker pool, and the
// table of their scalars. The points come from the core (core/experiments/sweep.hpp), so their order
// and configs are the CLI's (`rnnbook sweep`); the table has the rows `rnnbook collect` writes.
import { checkCallOptions } from './call_options.js';

/** Row error of a point that never started (Stop came first), as `rnnbook collect` says it. */
export const NOT_RUN = 'not run';
/** Row error of a point stopped while it ran (its scalars are those of the partial run). */
export const STOPPED = 'stopped before the end';

/**
 * The table of a sweep: {columns, rows}. Columns: index, the axis paths, every scalar name of any
 * result (sorted; one named like another column is shown as scalars.<name>), timing_ms, error. Every
 * row has every column; a missing or non-finite value is null; error is null for a finished point. A
 * point that diverged has its error and the scalars of its last finite state (as in the CLI).
 * @param axes      [{path, values}]
 * @param points    [{index, values: {path: value}}]
 * @param outcomes  per point {result} or {error: text}
 */
export function sweepTable(axes, points, outcomes) {
  const names = new Set();
  for (const o of outcomes) for (const name of Object.keys(o?.result?.scalars ?? {})) names.add(name);
  const scalarNames = [...names].sort();
  const paths = axes.map((a) => a.path);
  // A scalar named like another column is shown as scalars.<name> (as `rnnbook collect` does).
  const taken = new Set(['index', ...paths, 'timing_ms', 'error']);
  const scalarColumns = scalarNames.map((name) => [taken.has(name) ? `scalars.${name}` : name, name]);
  const columns = ['index', ...paths, ...scalarColumns.map(([column]) => column), 'timing_ms', 'error'];
  const finite = (v) => (typeof v === 'number' && Number.isFinite(v) ? v : null);
  const rows = points.map((point, i) => {
    const o = outcomes[i] ?? { error: NOT_RUN };
    const row = { index: point.index };
    for (const path of paths) row[path] = point.values[path] ?? null;
    for (const [column, name] of scalarColumns) row[column] = finite(o.result?.scalars?.[name]);
    row.timing_ms = finite(o.result?.timing_ms);
    row.error = o.error ?? (o.result?.stopped ? STOPPED : null);
    return row;
  });
  return { columns, rows };
}

/**
 * Runs a sweep on a client's pool. Options: onProgress({point, position, total, finished, failed,
 * points, fraction (of the work: an ended point counts whole), elapsedMs, etaMs}) after each chunk of
 * any point and when a point ends (position and total null); signal
 * (Stop: running points stop with what they have, queued ones do not start); killSignal (running points
 * end at once with nothing kept, as run's; their rows hold the error); series (as for run);
 * keepResults (default true: result(i) gives each point's whole result; false keeps only the table).
 * Resolves with {table, axes, points, stopped, result(i)}; a failed point is a row with its error.
 */
export async function runSweep(client, spec, options) {
  checkCallOptions('sweep', options, ['onProgress', 'signal', 'killSignal', 'series', 'keepResults']);
  const { onProgress, signal, killSignal, series, keepResults = true } = options ?? {};
  const { axes, points } = await client.sweepPoints(spec);
  const started = performance.now();
  const outcomes = new Array(points.length);
  const fractions = new Float64Array(points.length);
  let finished = 0;
  let failed = 0;
  const report = (point, position, total) => {
    if (!onProgress) return;
    const fraction = fractions.reduce((a, b) => a + b, 0) / Math.max(points.length, 1);
    const elapsedMs = performance.now() - started;
    onProgress({ point, position, total, finished, failed, points: points.length, fraction, elapsedMs,
      etaMs: fraction > 0 ? elapsedMs * (1 - fraction) / fraction : null });
  };
  await Promise.all(points.map((point, i) => client.run(point.config, {
    signal, ...(killSignal ? { killSignal } : {}), ...(series ? { series } : {}),
    onProgress: ({ position, total }) => {
      fractions[i] = total ? position / total : 0;
      report(point.index, position, total);
    },
  }).then((result) => {
    outcomes[i] = { result: keepResults ? result : { scalars: result.scalars, timing_ms: result.timing_ms, stopped: result.stopped } };
  }, (error) => {
    outcomes[i] = { error: error?.code === 'not-started' ? NOT_RUN : (error?.message ?? String(error)) };
    const r = error?.result;  // diverged: the result of its last finite state
    if (r) outcomes[i].result = keepResults ? r : { scalars: r.scalars, timing_ms: r.timing_ms };
    failed++;
  }).then(() => {
    fractions[i] = 1;  // a point that ended, however, leaves no work
    finished++;
    report(point.index, null, null);
  })));
  return {
    table: sweepTable(axes, points, outcomes),
    axes,
    points,
    stopped: Boolean(signal?.aborted),
    /** Point i's whole result (a diverged point: its last finite state; null if it failed otherwise, or with keepResults: false). */
    result: (i) => (keepResults ? outcomes[i]?.result ?? null : null),
  };
}
