// The page's two figures: a live loss curve (uPlot, canvas, cheap to update many times a second)
// and target vs output after training (Observable Plot, SVG).
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import * as Plot from '@observablehq/plot';
import { tickValues, fittedAxisSize } from '../notebook/stdlib/axis-ticks.js';

/** A live curve of loss against step; push(values) appends, redraws at most once a frame. */
export function liveLossCurve(container) {
  const steps = [];
  const losses = [];
  const plot = new uPlot({
    width: Math.max(320, container.clientWidth || 640),
    height: 260,
    scales: { x: { time: false }, y: { distr: 3 } },  // distr 3: log scale
    axes: [{ label: 'step' }, { label: 'loss (1/2 MSE)', values: tickValues, size: fittedAxisSize }],
    series: [{ label: 'step' }, { label: 'loss', stroke: '#2956c8', width: 1.5 }],
  }, [steps, losses], container);
  let queued = false;
  const redraw = () => { queued = false; plot.setData([steps, losses]); };
  return {
    push(values) {
      for (const v of values) { steps.push(steps.length); losses.push(v > 0 ? v : NaN); }
      if (!queued) { queued = true; requestAnimationFrame(redraw); }
    },
    clear() { steps.length = 0; losses.length = 0; plot.setData([steps, losses]); },
    get length() { return steps.length; },
  };
}

/** Target (dashed) and output (solid) of one evaluation trial, one panel per channel. */
export function targetOutputFigure(result, { trial = 0, width = 640 } = {}) {
  const { eval_target: target, eval_output: output } = result.arrays;
  const [, T, K] = target.shape;
  const rows = [];
  for (let t = 0; t < T; t++) {
    for (let k = 0; k < K; k++) {
      const i = (trial * T + t) * K + k;
      rows.push({ t, channel: `bit ${k + 1}`, kind: 'target', value: target.data[i] });
      rows.push({ t, channel: `bit ${k + 1}`, kind: 'output', value: output.data[i] });
    }
  }
  return Plot.plot({
    width,
    height: 90 * K + 50,
    marginLeft: 40,
    marginRight: 70,
    x: { label: 'time step' },
    y: { label: null, domain: [-1.5, 1.5], ticks: [-1, 0, 1] },
    fy: { label: null },
    color: { domain: ['target', 'output'], range: ['#777', '#c0392b'], legend: true },
    ariaLabel: 'Target and network output of one evaluation trial',
    marks: [
      Plot.ruleY([0], { stroke: '#ddd' }),
      Plot.line(rows.filter((d) => d.kind === 'target'),
        { x: 't', y: 'value', fy: 'channel', stroke: 'kind', strokeDasharray: '5,3' }),
      Plot.line(rows.filter((d) => d.kind === 'output'),
        { x: 't', y: 'value', fy: 'channel', stroke: 'kind', strokeWidth: 1.8 }),
    ],
  });
}
