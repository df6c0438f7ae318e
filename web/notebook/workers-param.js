// ?workers=N in a notebook page's address sets the size of the page's worker pool
// (rnnbook.configure({workers: N})): how many runs of the notebook train at once. Without it the
// pool has its default size (one worker per core but one, at most 8, at least 1).

/**
 * Reads `workers` from the query string. Returns {workers} (an integer in [1, 64]), {} when the
 * parameter is absent, or {problem} (a sentence for the page) when it is not a valid size.
 */
export function workersParam(search = location.search) {
  const raw = new URLSearchParams(search).get('workers');
  if (raw === null) return {};
  const n = Number(raw);
  if (raw.trim() === '' || !Number.isInteger(n) || n < 1 || n > 64) {
    return { problem: `workers=${raw.slice(0, 40)} in the address was ignored: it must be an integer from 1 to 64; the page uses its default number of workers.` };
  }
  return { workers: n };
}

/** Applies ?workers= to a client (rnnbook or a Client); reports a bad value with notice(text). Returns the size set, if any. */
export function applyWorkersParam(client, notice, search = location.search) {
  const { workers, problem } = workersParam(search);
  if (problem) notice(problem);
  if (workers !== undefined) client.configure({ workers });
  return workers;
}
