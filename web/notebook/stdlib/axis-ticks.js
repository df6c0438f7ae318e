// Tick labels and y-axis width for the uPlot charts (live curves here, the trainer page's loss curve).
// uPlot's default labels keep at most 3 decimals, so a log axis that reaches 1e-5 reads "0"; and its
// y axis is 50 px wide whatever the labels, so "-100,000" runs under the axis title.

const plain = new Intl.NumberFormat('en-US', { maximumFractionDigits: 3 });

/** A tick's text: plain between 1e-3 and 1e6 (at most 3 decimals), else like 1e-5 or 2.5e6. */
export function tickText(v) {
  if (v == null || !Number.isFinite(v)) return '';
  const a = Math.abs(v);
  if (a === 0) return '0';
  if (a >= 1e-3 && a < 1e6) return plain.format(v);
  return Number(v.toPrecision(3)).toExponential().replace('e+', 'e');
}

/** A uPlot `values` callback that labels every split with tickText. */
export function tickValues(self, splits) {
  return splits.map(tickText);
}

/**
 * A uPlot axis `size` callback: the tick length, the gap and the widest label drawn with the axis
 * font, so that labels never run under the axis title (uPlot calls it again once the labels exist).
 */
export function fittedAxisSize(self, values, axisIdx, cycleNum) {
  const axis = self.axes[axisIdx];
  if (cycleNum > 1) return axis._size;  // uPlot converges in a few cycles: keep the size it found
  let size = (axis.ticks?.size ?? 10) + (axis.gap ?? 5) + 4;
  const widest = (values ?? []).reduce((w, v) => (String(v).length > w.length ? String(v) : w), '');
  if (widest) {
    self.ctx.font = axis.font[0];
    size += self.ctx.measureText(widest).width / (globalThis.devicePixelRatio || 1);
  }
  return Math.max(50, Math.ceil(size));
}
