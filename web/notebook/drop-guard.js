// A file dropped where no drop zone takes it would make the browser open the file in place of the
// notebook, losing the reader's finished runs. This lets drop zones (which handle their own dragover
// and drop and call preventDefault) work as before, and refuses drops everywhere else.

/** Refuses file drops outside drop zones in `win` (the notebook page, an embed, the sandbox). */
export function guardStrayDrops(win = window) {
  win.addEventListener('dragover', (e) => {
    if (e.defaultPrevented) return;  // a drop zone (or the editor) takes it
    e.preventDefault();
    if (e.dataTransfer) e.dataTransfer.dropEffect = 'none';
  });
  win.addEventListener('drop', (e) => {
    if (!e.defaultPrevented) e.preventDefault();
  });
}
