// A number box that refuses what was typed says so: @observablehq/inputs keeps the last valid value
// silently (the box shows 5000, the notebook still uses 500). This names the control, the allowed
// values and the value in use, below the control, until the box holds a valid value again.

/** Why the box's text is refused, or '' when it is valid. */
export function refusal(box) {
  if (box.checkValidity()) return '';
  const v = box.validity, min = box.min, max = box.max, step = box.step;
  const bounds = min !== '' && max !== '' ? `from ${min} to ${max}`
    : min !== '' ? `at least ${min}` : max !== '' ? `at most ${max}` : '';
  if (v.valueMissing || v.badInput) return `must be a number${bounds ? ` ${bounds}` : ''}`;
  if (v.rangeUnderflow || v.rangeOverflow) return `must be ${bounds}`;
  if (v.stepMismatch) {
    return `must be in steps of ${step}${min !== '' ? ` from ${min}` : ''}${max !== '' ? ` ${min !== '' ? 'to' : 'up to'} ${max}` : ''}`;
  }
  return box.validationMessage || 'is not valid';
}

/** Watches the number box of a range or number control (a form from @observablehq/inputs). */
export function watchNumberBox(form, label) {
  const box = form.querySelector('input[type=number]');
  if (!box) return;
  const name = typeof label === 'string' && label ? label : 'this value';
  const notice = document.createElement('div');
  notice.className = 'rnnbook-input-notice';
  notice.setAttribute('role', 'alert');
  notice.hidden = true;
  form.append(notice);
  const check = () => {
    const why = refusal(box);
    notice.hidden = !why;
    notice.textContent = why ? `${name}: ${why}; the notebook keeps ${form.value}.` : '';
    if (why) box.setAttribute('aria-invalid', 'true');
    else box.removeAttribute('aria-invalid');
  };
  box.addEventListener('input', check);  // the control's own listener stops the event here: listen on the box
  box.addEventListener('change', check);
  form.addEventListener('input', () => { if (!notice.hidden) check(); });  // the slider fixed the box
}
