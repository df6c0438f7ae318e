// Observable's `width` for notebook cells, without the 0: a column that is hidden for a moment (display:none,
// an embed in a hidden frame) measures 0 px, and figures drawn at width 0 have negative widths inside.
import { observe } from 'nbkit:generators';

/** Yields the width of `target` each time it changes to another width above 0. */
export function columnWidth(target) {
  return observe((notify) => {
    let width;
    const observer = new ResizeObserver(([entry]) => {
      const w = entry.contentRect.width;
      if (w > 0 && w !== width) notify((width = w));
    });
    observer.observe(target);
    return () => observer.disconnect();
  });
}
