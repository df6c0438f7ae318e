// Inputs for notebooks: @observablehq/inputs, where each control named by `key` (default: its label)
// reads its starting value from the URL hash and writes changes back (see hash-state.js).
import * as Inputs from '@observablehq/inputs';
import { watchNumberBox } from './number-notice.js';

const slug = (s) => String(s).toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');

function keyOf(options) {
  if (options?.key) return String(options.key);
  if (typeof options?.label === 'string' && options.label) return slug(options.label);
  return null;
}

/** Parses a hash value for a control; returns {value} or {reason}. */
function parse(kind, raw, args, options) {
  if (kind === 'range' || kind === 'number') {
    const x = Number(raw);
    if (raw.trim() === '' || !Number.isFinite(x)) return { reason: 'not a number' };
    const [lo, hi] = Array.isArray(args[0]) ? args[0]
      : kind === 'range' ? [0, 1] : [options?.min ?? -Infinity, options?.max ?? Infinity];
    if (x < Math.min(lo, hi) || x > Math.max(lo, hi)) return { reason: `outside [${lo}, ${hi}]` };
    // Off the control's steps (12.5 for a whole number): the control would round it, silently.
    const step = options?.step, from = Number.isFinite(Math.min(lo, hi)) ? Math.min(lo, hi) : 0;
    const k = typeof step === 'number' && step > 0 ? (x - from) / step : 0;
    if (Math.abs(k - Math.round(k)) > 1e-9 * Math.max(1, Math.abs(k))) return { reason: `not in steps of ${step} from ${from}` };
    return { value: x };
  }
  if (kind === 'toggle') {
    if (raw === 'true' || raw === 'false') return { value: raw === 'true' };
    return { reason: 'expected true or false' };
  }
  if (kind === 'select' || kind === 'radio') {
    const data = Array.from(args[0] ?? []);
    const format = options?.format ?? String;
    const keyed = options?.keyof ? [...data].map((d) => options.keyof(d)) : data;
    const i = keyed.findIndex((d) => String(format(d)) === raw || String(d) === raw);
    if (i < 0) return { reason: `not one of ${keyed.map((d) => String(format(d))).join(', ')}` };
    return { value: options?.valueof ? options.valueof(data[i]) : data[i] };
  }
  return { value: raw };  // text and others
}

/** A range control has a number box (labelled) and a slider (not): name every field for screen readers. */
function labelAll(form, label) {
  if (typeof label !== 'string' || !label) return;
  for (const field of form.querySelectorAll('input, select, textarea')) {
    if (!field.labels?.length && !field.getAttribute('aria-label')) field.setAttribute('aria-label', label);
  }
}

const serialise = (kind, value, args, options) => {
  if ((kind === 'select' || kind === 'radio') && options?.format) return String(options.format(value));
  return String(value);
};

/** Whether two form values hold the same entries (Object.is on each key of an object or array form). */
function sameEntries(a, b) {
  if (Object.is(a, b)) return true;
  if (!a || !b || typeof a !== 'object' || typeof b !== 'object') return false;
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => Object.is(a[k], b[k]));
}

/**
 * Inputs.form, with {submit: "Run"} honoured: changes to the controls are held until the button is
 * pressed, so that a notebook's experiment starts once, not on every step of a slider.
 * (@observablehq/inputs 0.12 ignores the option and reports each change at once.) The button is
 * enabled while the controls differ from what the notebook last received, and after a run of the
 * notebook was stopped or failed (`runsEnded`), so that Run sends the same values again.
 */
function submitForm(inputs, options = {}, runsEnded = null) {
  const { submit, ...rest } = options;
  const form = Inputs.form(inputs, rest);
  if (!submit) return form;
  const wrapper = document.createElement('div');
  wrapper.className = 'rnnbook-submit-form';
  const button = document.createElement('button');
  button.type = 'button';
  button.textContent = submit === true ? 'Submit' : String(submit);
  button.disabled = true;
  let committed = form.value;
  let again = false;  // a run was stopped or failed since the last send: the same values may be sent again
  // The controls' own listeners (and the link's hash) see each change; the notebook does not.
  form.addEventListener('input', (event) => {
    event.stopPropagation();
    button.disabled = !again && sameEntries(form.value, committed);
  });
  button.addEventListener('click', () => {
    committed = form.value;
    again = false;
    button.disabled = true;
    wrapper.dispatchEvent(new Event('input', { bubbles: true }));
  });
  wrapper.append(form, button);
  // Held weakly: a form that a re-run of its cell replaced drops its listener instead of leaking.
  const ref = new WeakRef(button);
  const onEnded = () => {
    const b = ref.deref();
    if (!b) runsEnded.removeEventListener('ended', onEnded);
    else if (b.isConnected) { again = true; b.disabled = false; }
  };
  runsEnded?.addEventListener('ended', onEnded);
  return Object.defineProperty(wrapper, 'value', {
    get: () => committed,
    set(v) {
      form.value = v;
      committed = form.value;
      again = false;
      button.disabled = true;
    },
  });
}

/** hash: the HashState of the controls (or null); runsEnded: an EventTarget that fires 'ended' when a run
 *  of the notebook stopped or failed (or null). */
export function createInputs(hash, runsEnded = null) {
  const stateful = (kind) => (...args) => {
    const lastArg = args[args.length - 1];
    const isOptions = args.length > (kind === 'range' || kind === 'select' || kind === 'radio' ? 1 : 0) &&
      lastArg && typeof lastArg === 'object' && !Array.isArray(lastArg) && !(lastArg instanceof Map);
    const options = isOptions ? lastArg : undefined;
    const key = hash ? keyOf(options) : null;
    let a = args;
    if (key && hash.get(key) !== undefined) {
      const raw = hash.get(key);
      const parsed = parse(kind, raw, args, options);
      if ('value' in parsed) {
        const last = a.length - (options === undefined ? 0 : 1);
        a = [...a.slice(0, last), { ...(options ?? {}), value: parsed.value }];
      } else hash.reject(key, raw, parsed.reason);
    }
    const input = Inputs[kind](...a);
    labelAll(input, options?.label);
    if (kind === 'range' || kind === 'number') watchNumberBox(input, options?.label);
    if (key) input.addEventListener('input', () => hash.set(key, serialise(kind, input.value, args, options)));
    return input;
  };
  return {
    ...Inputs,
    form: (inputs, options) => submitForm(inputs, options, runsEnded),
    range: stateful('range'),
    number: stateful('number'),
    text: stateful('text'),
    toggle: stateful('toggle'),
    select: stateful('select'),
    radio: stateful('radio'),
  };
}
