// The options of run, step and sweep, checked before anything is sent: a wrong one is an Error naming
// it and what it takes (instead of a TypeError thrown later in the worker or in a progress callback).

const show = (v) => (typeof v === 'function' ? 'a function' : typeof v === 'bigint' ? `${v}n` : JSON.stringify(v) ?? String(v));

/** Throws unless `options` (undefined, or an object with only `allowed` keys) holds valid values. */
export function checkCallOptions(call, options, allowed) {
  if (options === undefined) return;
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw new Error(`${call}: options must be an object such as {onProgress, signal}, got ${show(options)}`);
  }
  const unknown = Object.keys(options).filter((k) => !allowed.includes(k));
  if (unknown.length) throw new Error(`${call}: unknown option "${unknown[0]}" (allowed: ${allowed.join(', ')})`);
  const { onProgress, onPartial, signal, killSignal, series, keepResults } = options;
  if (onProgress !== undefined && typeof onProgress !== 'function') {
    throw new Error(`onProgress: must be a function, got ${show(onProgress)}`);
  }
  if (onPartial !== undefined && typeof onPartial !== 'function') {
    throw new Error(`onPartial: must be a function, got ${show(onPartial)}`);
  }
  if (signal !== undefined && !(typeof signal?.addEventListener === 'function' && typeof signal.aborted === 'boolean')) {
    throw new Error(`signal: must be an AbortSignal (new AbortController().signal), got ${show(signal)}`);
  }
  if (killSignal !== undefined && !(typeof killSignal?.addEventListener === 'function' && typeof killSignal.aborted === 'boolean')) {
    throw new Error(`killSignal: must be an AbortSignal (new AbortController().signal), got ${show(killSignal)}`);
  }
  if (series !== undefined && !(Array.isArray(series) && series.every((s) => typeof s === 'string'))) {
    throw new Error(`series: must be an array of series names such as ["loss"], got ${show(series)}`);
  }
  if (keepResults !== undefined && typeof keepResults !== 'boolean') {
    throw new Error(`keepResults: must be true or false, got ${show(keepResults)}`);
  }
}

/** Throws unless n is a number of steps: an integer >= 0, or Infinity (undefined: all that are left). */
export function checkStepCount(n) {
  if (n === undefined || n === Infinity || (Number.isInteger(n) && n >= 0)) return;
  throw new Error(`step: n must be a whole number of steps >= 0 (omit it to run to the end), got ${show(n)}`);
}
