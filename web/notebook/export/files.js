// What a cell's Save menu can produce: PNG and SVG of a figure, CSV of its data, JSON of a result,
// .npy of each result array. Each function returns a Blob; save() hands it to the browser.
import * as Plot from '@observablehq/plot';
import { encodeNpy } from './npy.js';

export function save(blob, filename) {
  const url = URL.createObjectURL(blob);
  const a = Object.assign(document.createElement('a'), { href: url, download: filename });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** The figure in a cell's output: an SVG (Observable Plot) or a live curve (canvas). */
export function findFigure(output) {
  const live = output.querySelector('.nb-live-curve');
  if (live) return { kind: 'live', el: live };
  const svg = output.querySelector('svg.plot, figure svg, svg[class^="plot"]') ?? output.querySelector('svg');
  if (svg && svg.getBBox) return { kind: 'svg', el: svg, host: svg.closest('figure') ?? svg };
  return null;
}

export function figureData(figure) {
  const host = figure.kind === 'live' ? figure.el : figure.host;
  return host.exportData?.() ?? figure.el.exportData?.() ?? null;
}

function svgText(svg) {
  const copy = svg.cloneNode(true);
  copy.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  const box = svg.getBoundingClientRect();
  if (!copy.getAttribute('width')) copy.setAttribute('width', Math.round(box.width));
  if (!copy.getAttribute('height')) copy.setAttribute('height', Math.round(box.height));
  const style = document.createElementNS('http://www.w3.org/2000/svg', 'style');
  style.textContent = 'text{font-family:system-ui,sans-serif;font-size:10px}';
  copy.prepend(style);
  return new XMLSerializer().serializeToString(copy);
}

/** An SVG of a figure; a live curve is redrawn as a vector line chart of its data. */
export function figureSvg(figure) {
  if (figure.kind === 'svg') return new Blob([svgText(figure.el)], { type: 'image/svg+xml' });
  const rows = figure.el.exportData();
  const names = rows.length ? Object.keys(rows[0]).filter((k) => k !== 'step') : [];
  const long = rows.flatMap((r) => names.map((n) => ({ step: r.step, series: n, value: r[n] })))
    .filter((d) => d.value != null);
  const chart = Plot.plot({
    ...figure.el.exportPlotOptions, width: 640, height: 300, color: { legend: true },
    marks: [Plot.line(long, { x: 'step', y: 'value', stroke: 'series' })],
  });
  const holder = document.createElement('div');
  holder.style.cssText = 'position:absolute;left:-10000px';
  holder.append(chart);
  document.body.append(holder);
  const svg = chart.tagName.toLowerCase() === 'svg' ? chart : chart.querySelector('svg');
  const text = svgText(svg);
  holder.remove();
  return new Blob([text], { type: 'image/svg+xml' });
}

/** A PNG of a figure (2x for sharp text); canvases are copied, SVGs rasterised. */
export async function figurePng(figure) {
  if (figure.kind === 'live') {
    const canvas = await figure.el.exportCanvas();
    return new Promise((resolve) => canvas.toBlob(resolve, 'image/png'));
  }
  const blob = figureSvg(figure);
  const url = URL.createObjectURL(blob);
  try {
    const img = new Image();
    await new Promise((resolve, reject) => { img.onload = resolve; img.onerror = () => reject(new Error('could not draw the SVG')); img.src = url; });
    const scale = 2;
    const canvas = document.createElement('canvas');
    canvas.width = img.width * scale;
    canvas.height = img.height * scale;
    const ctx = canvas.getContext('2d');
    ctx.fillStyle = 'white';
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    ctx.drawImage(img, 0, 0, canvas.width, canvas.height);
    return await new Promise((resolve) => canvas.toBlob(resolve, 'image/png'));
  } finally {
    URL.revokeObjectURL(url);
  }
}

export function csv(rows) {
  if (!rows?.length) return new Blob([''], { type: 'text/csv' });
  const columns = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  const cell = (v) => {
    if (v == null) return '';
    const s = v instanceof Date ? v.toISOString() : String(v);
    return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  const lines = [columns.join(','), ...rows.map((r) => columns.map((c) => cell(r[c])).join(','))];
  return new Blob([`${lines.join('\n')}\n`], { type: 'text/csv' });
}

const isResult = (v) => v && typeof v === 'object' && typeof v.kind === 'string' && v.arrays && v.scalars;

/** Results reachable from a cell's value: the value itself or the named outputs of a cell. */
export function findResults(value) {
  if (isResult(value)) return [['result', value]];
  if (value && typeof value === 'object' && !(value instanceof Node)) {
    return Object.entries(value).filter(([, v]) => isResult(v));
  }
  return [];
}

export function resultJson(result) {
  const plain = { ...result, arrays: Object.fromEntries(Object.entries(result.arrays)
    .map(([k, a]) => [k, { shape: a.shape, data: Array.from(a.data) }])) };
  return new Blob([JSON.stringify(plain, (k, v) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v))],
    { type: 'application/json' });
}

export function arrayNpy(array) {
  return new Blob([encodeNpy(array.shape, array.data)], { type: 'application/octet-stream' });
}
