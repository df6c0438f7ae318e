// Plot for notebooks: Observable Plot, where Plot.plot(...) remembers the data of its marks so the
// figure's Save menu can offer it as CSV.
import * as Plot from '@observablehq/plot';

function rows(marks) {
  const out = [];
  const flat = [marks].flat(Infinity).filter((m) => m && typeof m === 'object' && 'data' in m);
  flat.forEach((mark, i) => {
    const data = mark.data;
    if (data == null || typeof data[Symbol.iterator] !== 'function') return;
    for (const d of data) {
      const row = d !== null && typeof d === 'object' && !Array.isArray(d) ? d : { value: d };
      out.push(flat.length > 1 ? { mark: i, ...row } : { ...row });
    }
  });
  return out;
}

export const NotebookPlot = {
  ...Plot,
  plot(options = {}) {
    // A figure without a width is drawn at the notebook column's width when that is under Plot's 640 px
    // (on a phone): scaled down by CSS instead, its labels would shrink to a few pixels.
    const column = document.querySelector('.nb-notebook')?.clientWidth ?? 0;
    if (options.width == null && column > 0 && column < 640) options = { ...options, width: column };
    const figure = Plot.plot(options);
    // Plot labels its mark groups with aria-label; a <g> needs a role for that to be valid ARIA.
    for (const g of figure.querySelectorAll('g[aria-label]')) if (!g.getAttribute('role')) g.setAttribute('role', 'group');
    figure.exportData = () => rows(options.marks ?? []);
    return figure;
  },
};
