// liveCurve(runs, options): a uPlot canvas that follows one or more Runs while they train and redraws
// at most once per frame and 10 times a second, and only while it is on screen, so it keeps up with
// many runs at once without freezing the page or taking the cores their workers need.
// The element carries its data for the Save menu (PNG of the canvas, SVG and CSV of the curves).
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { tickValues, fittedAxisSize } from './axis-ticks.js';

const REDRAW_MS = 100;  // at most 10 redraws a second
const COLORS = ['#2956c8', '#c0392b', '#2a9d55', '#8e44ad', '#d68910', '#17a2b8'];

// options.x names a series that gives each point's x (e.g. 'measure_step' for per-measurement series);
// by default a point's x is its index, the training step for per-step series.
export function liveCurve(runs, { series = 'loss', x: xSeries, xLabel = 'step', labels, log = true, height = 240, width, title } = {}) {
  const list = Array.isArray(runs) ? runs : [runs];
  const names = labels ?? list.map((r, i) => r.label || (list.length > 1 ? `run ${i + 1}` : series));
  const el = document.createElement('figure');
  el.className = 'nb-live-curve';
  if (title) el.append(Object.assign(document.createElement('figcaption'), { textContent: title }));
  const keep = (v) => (v != null && Number.isFinite(v) && (!log || v > 0) ? v : null);
  const data = () => {
    if (!xSeries) {
      const n = Math.max(0, ...list.map((r) => r.series[series]?.length ?? 0));
      const x = Array.from({ length: n }, (_, i) => i);
      return [x, ...list.map((r) => {
        const s = r.series[series] ?? [];
        return x.map((i) => (i < s.length ? keep(s[i]) : null));
      })];
    }
    // Union of the runs' x values (uPlot wants one sorted x array); a run without a point there gets null.
    const x = [...new Set(list.flatMap((r) => r.series[xSeries] ?? []))].sort((a, b) => a - b);
    return [x, ...list.map((r) => {
      const xs = r.series[xSeries] ?? [], s = r.series[series] ?? [];
      const at = new Map(xs.map((v, i) => [v, s[i]]));
      return x.map((v) => keep(at.get(v)));
    })];
  };
  // Axis and grid colours from the page's theme (dark mode follows the system setting).
  const ink = getComputedStyle(document.documentElement).getPropertyValue('--theme-foreground').trim() || '#1d2330';
  const grid = getComputedStyle(document.documentElement).getPropertyValue('--theme-foreground-faint').trim() || '#dde';
  const axis = (label) => ({ label, stroke: ink, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid, width: 1 } });
  let yLabels = [];  // the y axis's labels as last drawn
  const yAxis = { ...axis(series), size: fittedAxisSize, values: (self, splits) => (yLabels = tickValues(self, splits)) };
  const plot = new uPlot({
    width: width ?? 640,
    height,
    scales: { x: { time: false }, y: log ? { distr: 3 } : {} },
    axes: [axis(xLabel), yAxis],
    series: [{ label: xLabel }, ...names.map((label, i) => ({ label, stroke: COLORS[i % COLORS.length], width: 1.5, spanGaps: Boolean(xSeries) }))],
  }, data(), el);
  // Redraw only when a plotted series grew: a run that streams other series (or only changes its
  // progress) must not cost a full redraw per event. And at most every REDRAW_MS: several runs
  // training at once (the worker pool) send progress many times a frame, and a notebook with a few
  // charts would otherwise spend a core repainting them, the core a second worker needs.
  const lengths = () => list.map((r) => `${r.series[series]?.length ?? 0},${xSeries ? r.series[xSeries]?.length ?? 0 : ''}`).join(';');
  let queued = false, drawn = lengths(), last = -Infinity;
  const redraw = () => { queued = false; last = performance.now(); drawn = lengths(); plot.setData(data()); };
  // Off screen a chart only notes that it is stale: it redraws when it scrolls into view, or once its
  // runs have ended (a notebook of several charts then spends the page's thread on the one in view).
  let visible = true, stale = false;
  const onChange = () => {
    if (queued || lengths() === drawn) return;
    if (!visible && list.some((r) => r.state === 'running')) { stale = true; return; }
    stale = false;
    queued = true;
    const wait = last + REDRAW_MS - performance.now();
    if (wait > 0) setTimeout(() => requestAnimationFrame(redraw), wait);
    else requestAnimationFrame(redraw);
  };
  for (const r of list) r.addEventListener('change', onChange);
  if (typeof IntersectionObserver === 'function') {
    new IntersectionObserver(([entry]) => {
      visible = entry.isIntersecting;
      if (visible && stale) onChange();
    }).observe(el);
  }
  if (!width) {
    const resize = new ResizeObserver(() => {
      const w = Math.max(280, Math.floor(el.clientWidth));
      if (w && Math.abs(w - plot.width) > 2) plot.setSize({ width: w, height });
    });
    resize.observe(el);
  }
  el.exportData = () => {
    const [x, ...ys] = data();
    return x.map((step, i) => Object.fromEntries([[xLabel, step], ...names.map((n, k) => [n, ys[k][i]])]));
  };
  // A chart kept off screen while its runs train is stale: draw it before it is exported (uPlot draws in a
  // microtask, hence the wait).
  el.exportCanvas = async () => {
    if (lengths() !== drawn) {
      redraw();
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
    return el.querySelector('canvas');
  };
  el.yTickLabels = () => [...yLabels];
  el.exportPlotOptions = { y: { type: log ? 'log' : 'linear', label: series }, x: { label: xLabel } };
  return el;
}
