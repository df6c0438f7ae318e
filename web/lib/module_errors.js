// The wasm module does not throw: a call the core refuses returns a placeholder and keeps its
// message for M.takeError() (a JS exception thrown through the Embind frames would skip their C++
// destructors and leak the argument strings; wasm/guarded.hpp). These helpers throw it as an Error.

/** Returns value, or throws the Error of the module call that produced it. */
export function orThrow(M, value) {
  const message = M.takeError();
  if (message) throw new Error(message);
  return value;
}

/** Calls method `name` of an Embind object of module M; throws the core's message as an Error. */
export function callChecked(M, object, name, ...args) {
  return orThrow(M, object[name](...args));
}

/** A new Embind Experiment for a config JSON string (throws an Error naming the field). */
export function createExperiment(M, configJson) {
  return orThrow(M, M.createExperiment(configJson));
}
