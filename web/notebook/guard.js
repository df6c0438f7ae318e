// The loop guard called by compiled cells (guard-transform.js): if one synchronous stretch of work
// runs longer than the limit, the cell throws instead of hanging the page. A timer resets the
// clock whenever the page gets back to its event loop.
export const LOOP_LIMIT_MS = 5000;

let started = 0;
let armed = false;
let count = 0;

export function loopGuard() {
  if ((++count & 1023) !== 0 && armed) return;  // read the clock every 1024 iterations only
  const now = performance.now();
  if (!armed) {
    armed = true;
    started = now;
    setTimeout(() => { armed = false; }, 0);
    return;
  }
  if (now - started > LOOP_LIMIT_MS) {
    armed = false;
    throw new Error(`cell stopped: a loop ran for more than ${LOOP_LIMIT_MS / 1000} s without letting the page ` +
      'update. Use fewer iterations, or run long work with experiment(...), which runs in a worker.');
  }
}
