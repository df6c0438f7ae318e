// The flip-flop training page: form -> config -> rnnbook.run in the worker -> live plots.
import { rnnbook } from '../lib/rnnbook.js';
import { liveLossCurve, targetOutputFigure } from './plots.js';
import { askAfterParam, lostRunsSentence, computeMs, ASK_AFTER_S } from '../notebook/kept-runs.js';

const $ = (id) => document.getElementById(id);
const defaultConfig = {
  kind: 'train',
  seed: 1,
  steps: 300,
  batch_size: 32,
  model: { hidden: 32, leak: 1.0, gain: 1.0 },
  task: { name: 'flip_flop', bits: 3, steps: 50, pulse_prob: 0.05 },
  optimizer: { name: 'adam', lr: 0.01 },
};

$('config').value = JSON.stringify(defaultConfig, null, 2);
const curve = liveLossCurve($('loss-plot'));
let controller = null;
let killer = null;  // aborted by a second press of Stop
let lastResult = null;
let resultExported = false;  // the reader saved lastResult (Export): leaving loses nothing of it
let computingSince = null;  // the run's first progress (performance.now()): it had a worker
const askAfter = askAfterParam();  // ?ask-after=S, as on the notebook page

// A number if the text is one, else the text itself, so the core names the field and what it got.
function fieldValue(text) {
  const t = text.trim();
  return t !== '' && Number.isFinite(Number(t)) ? Number(t) : t;
}

function buildConfig() {
  let config;
  try {
    config = JSON.parse($('config').value);
  } catch (e) {
    throw new Error(`config: not valid JSON (${e.message})`);
  }
  if (config === null || typeof config !== 'object' || Array.isArray(config)) {
    throw new Error('config: must be a JSON object');
  }
  config.seed = fieldValue($('seed').value);
  config.steps = fieldValue($('steps').value);
  config.model = { ...(config.model ?? {}), hidden: fieldValue($('hidden').value) };
  config.optimizer = { ...(config.optimizer ?? {}), lr: fieldValue($('lr').value) };
  config.precision = $('precision').value;
  $('config').value = JSON.stringify(config, null, 2);
  return config;
}

// First and latest loss as data attributes: what a reader sees on the curve, readable by tests.
function recordLoss(values) {
  const el = $('loss-plot');
  if (!values.length) return;
  if (!el.dataset.first) el.dataset.first = String(values[0]);
  el.dataset.last = String(values[values.length - 1]);
}

function setState(state, status) {
  document.body.dataset.state = state;
  $('status').textContent = status;
  $('train').disabled = state === 'running';
  $('stop').disabled = state !== 'running';
  if (state !== 'running') { $('stop').textContent = 'Stop'; $('stop').title = ''; }
  $('export').disabled = !lastResult;
}

function showError(message) {
  $('error').textContent = message;
  $('error').hidden = !message;
}

async function train(event) {
  event.preventDefault();
  showError('');
  let config;
  try {
    config = buildConfig();
  } catch (e) {
    showError(e.message);
    setState('error', 'Fix the config and train again.');
    return;
  }
  curve.clear();
  delete $('loss-plot').dataset.first;
  delete $('loss-plot').dataset.last;
  $('output-plot').replaceChildren();
  $('progress').value = 0;
  controller = new AbortController();
  killer = new AbortController();
  setState('running', 'Training...');
  let since = null;  // the first progress: when the run had a worker (time queued does not count)
  try {
    const result = await rnnbook.run(config, {
      signal: controller.signal,
      killSignal: killer.signal,
      onProgress: ({ position, total, series }) => {
        curve.push(series.loss);
        recordLoss(series.loss);
        $('progress').value = total ? position / total : 1;
        since ??= { time: performance.now(), position };
        computingSince = since.time;
        const seconds = (performance.now() - since.time) / 1000;
        const rate = seconds > 0 && position > since.position ? (position - since.position) / seconds : null;
        $('status').textContent = `Step ${position} of ${total}` + (rate ? `, ${rate.toFixed(rate >= 10 ? 0 : 1)} steps/s` : '');
      },
      // Inside a chunk of long steps (a large network's step): the bar moves, the text says how far.
      onPartial: ({ position, total, partial, chunk }) => {
        $('progress').value = Math.min(1, (position + partial * chunk) / total);
        $('status').textContent = `${controller?.signal.aborted ? 'Stopping: finishing step' : 'Step'} ${position} of ${total} (${Math.floor(partial * 100)} % of ` +
          `${chunk > 1 ? `the next ${chunk} steps` : 'this step'})`;
      },
    });
    lastResult = result;
    resultExported = false;
    $('output-plot').replaceChildren(targetOutputFigure(result, { width: $('output-plot').clientWidth || 640 }));
    const { steps_done: done, initial_loss: first, final_loss: last } = result.scalars;
    const rate = done / (result.timing_ms / 1000);
    const summary = `loss ${first.toPrecision(3)} -> ${last.toPrecision(3)} in ${result.timing_ms.toFixed(0)} ms ` +
      `(${result.config.precision}, ${rate.toFixed(rate >= 10 ? 0 : 1)} steps/s)`;
    if (result.stopped) setState('stopped', `Stopped at step ${done}: ${summary}.`);
    else setState('done', `Done: ${done} steps, ${summary}.`);
  } catch (e) {
    // Stop that the run could not hear (its worker was restarted) or Stop before it had a worker: the
    // reader stopped it; it did not fail.
    if (controller.signal.aborted && ['stop-timeout', 'not-started', 'killed'].includes(e.code)) {
      setState('stopped', `Stopped: ${e.message}.`);
    } else {
      showError(e.message);
      setState('error', 'The run failed; nothing else is affected.');
    }
  } finally {
    controller = null;
    computingSince = null;
  }
}

function exportResult() {
  if (!lastResult) return;
  const plain = { ...lastResult, arrays: {} };
  for (const [k, a] of Object.entries(lastResult.arrays)) plain.arrays[k] = { shape: a.shape, data: Array.from(a.data) };
  const blob = new Blob([JSON.stringify(plain)], { type: 'application/json' });
  const a = Object.assign(document.createElement('a'), { href: URL.createObjectURL(blob), download: 'rnnbook-result.json' });
  a.click();
  setTimeout(() => URL.revokeObjectURL(a.href), 1000);
  resultExported = true;
}

// The page keeps nothing: leaving it with a setting changed, the config typed in, a run going on or a
// long run not exported (kept-runs.js) would lose them.
let configTyped = false;
$('config').addEventListener('input', () => { configTyped = true; });
const changedField = (el) => (el instanceof HTMLInputElement && el.value !== el.defaultValue)
  || (el instanceof HTMLSelectElement && [...el.options].some((o) => o.selected !== o.defaultSelected));
window.addEventListener('beforeunload', (event) => {
  const runs = { running: controller ? 1 : 0, runningMs: computingSince === null ? 0 : performance.now() - computingSince,
    unsavedMs: resultExported ? 0 : computeMs(lastResult) };
  if (configTyped || [...$('controls').elements].some(changedField) || lostRunsSentence(runs, askAfter.seconds ?? ASK_AFTER_S)) {
    event.preventDefault();
    event.returnValue = '';  // older browsers ask only when this is set
  }
});

$('controls').addEventListener('submit', train);
// The first press lets the step in progress end (the run keeps what it did); a second ends it at once.
$('stop').addEventListener('click', () => {
  if (!controller) return;
  if (!controller.signal.aborted) {
    controller.abort();
    $('stop').textContent = 'Stop now';
    $('stop').title = 'end the run at once: nothing of it is kept';
    $('status').textContent = 'Stopping: finishing the current step...';
  } else killer.abort();
});
$('export').addEventListener('click', exportResult);
setState('idle', 'Ready.');
if (askAfter.problem) showError(askAfter.problem);
