// The cell editor: CodeMirror 6 with JavaScript highlighting. Loaded only when a cell is edited.
import { EditorView, basicSetup } from 'codemirror';
import { keymap } from '@codemirror/view';
import { javascript } from '@codemirror/lang-javascript';

/** Creates an editor in `parent`; Shift-Enter or Ctrl/Cmd-Enter calls onRun; onChange on every edit. */
export function createEditor(parent, doc, { onRun, onChange, label }) {
  const run = () => { onRun(); return true; };
  const view = new EditorView({
    doc,
    parent,
    extensions: [
      keymap.of([{ key: 'Shift-Enter', run }, { key: 'Mod-Enter', run }]),
      basicSetup,
      javascript(),
      EditorView.contentAttributes.of({ 'aria-label': label }),
      EditorView.updateListener.of((u) => { if (u.docChanged) onChange?.(); }),
    ],
  });
  return {
    get text() { return view.state.doc.toString(); },
    set text(value) { view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: value } }); },
    focus() { view.focus(); },
    destroy() { view.destroy(); },
  };
}
