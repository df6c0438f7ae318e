// Runs a reader would lose with the page (leaving it, opening a file, Reset): runs still going and
// finished runs whose results were not saved, when they computed at least ASK_AFTER_S seconds in all.
// Everything a notebook shows comes back from its address, so what is lost is the time to compute it
// again. The site's notebooks compute 1-27 s with their defaults (rich-lazy 42 s; on a busy 2-core
// machine): 30 s lets a reader browse them without a question, and asks before a sweep of their own.
export const ASK_AFTER_S = 30;

/**
 * ?ask-after=S in a page's address: the seconds of unsaved compute from which leaving asks (0 to 3600;
 * 0 asks after any finished run). Returns {seconds}, {} when absent, or {problem} (a sentence for the page).
 */
export function askAfterParam(search = location.search) {
  const raw = new URLSearchParams(search).get('ask-after');
  if (raw === null) return {};
  const n = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(n) || n < 0 || n > 3600) {
    return { problem: `ask-after=${raw.slice(0, 40)} in the address was ignored: it must be a number of seconds from 0 to 3600; the page asks after ${ASK_AFTER_S} s.` };
  }
  return { seconds: n };
}

/**
 * The sentence for a question before `runs` ({running, runningMs: what they computed so far, unsavedMs})
 * are lost, or null when they are not worth one.
 */
export function lostRunsSentence({ running = 0, runningMs = 0, unsavedMs = 0 } = {}, askAfterS = ASK_AFTER_S) {
  const ms = runningMs + unsavedMs;
  if (!(ms > 0 && ms >= askAfterS * 1000)) return null;
  if (running > 0) return running === 1 ? 'A run is still going: it will be stopped.' : `${running} runs are still going: they will be stopped.`;
  const seconds = unsavedMs / 1000;
  return `Results of runs that took ${seconds.toFixed(seconds >= 10 ? 0 : 1)} s were not saved: they will be lost.`;
}

/** The compute a finished run (or a sweep) kept: its timing_ms, or its rows' for a sweep; 0 if unknown. */
export function computeMs(value) {
  const finite = (x) => (Number.isFinite(x) && x > 0 ? x : 0);
  if (Array.isArray(value?.table?.rows)) return value.table.rows.reduce((sum, row) => sum + finite(row?.timing_ms), 0);
  return finite(value?.timing_ms);
}
