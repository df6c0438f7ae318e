// Runs one experiment on a loaded rnnbook wasm module, in chunks: between chunks it reports
// progress and yields to the event loop so that a cancel request can arrive. Used by the Web
// Worker (worker.js) and directly by the node tests; it touches no DOM and no worker API.

/** Turns a config object or JSON string into the JSON string the core parses. */
export function configText(config) {
  if (typeof config === 'string') return config;
  if (config === null || typeof config !== 'object' || Array.isArray(config)) {
    throw new Error('config: must be an object or a JSON string');
  }
  return JSON.stringify(config);
}

const yieldToEvents = () => new Promise((resolve) => setTimeout(resolve, 0));

/**
 * @param M        the module returned by createRnnbook()
 * @param config   experiment config (object or JSON string)
 * @param options  { onProgress({position, total, series: {loss: Float64Array}}), isCancelled(),
 *                   chunkMs: target duration of one chunk (default 50) }
 * @returns the result: { kind, version, seed, config, scalars, arrays: {name: {shape, data}},
 *          timing_ms, stopped }
 */
export async function runExperiment(M, config, options = {}) {
  const { onProgress, isCancelled = () => false, chunkMs = 50 } = options;
  const experiment = new M.Experiment(configText(config));  // throws Error naming the field
  try {
    let chunk = 1;
    let stopped = false;
    while (!experiment.done()) {
      if (isCancelled()) {
        stopped = true;
        break;
      }
      const from = experiment.position();
      const start = performance.now();
      experiment.step(chunk);
      const ms = performance.now() - start;
      // Grow or shrink the chunk so one takes about chunkMs: responsive Stop, little overhead.
      chunk = Math.max(1, Math.min(chunk * 4, Math.round(chunk * chunkMs / Math.max(ms, 1e-3))));
      if (onProgress) {
        onProgress({
          position: experiment.position(),
          total: experiment.total(),
          series: { loss: experiment.series('loss', from) },
        });
      }
      await yieldToEvents();
    }
    const summary = JSON.parse(experiment.finish());
    for (const [name, array] of Object.entries(summary.arrays)) {
      array.data = experiment.array(name);
    }
    summary.stopped = stopped;
    for (const [k, v] of Object.entries(summary.scalars)) if (v === null) summary.scalars[k] = NaN;
    return summary;
  } finally {
    experiment.delete();
  }
}
