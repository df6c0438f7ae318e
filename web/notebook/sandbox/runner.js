// Runs inside <iframe sandbox="allow-scripts allow-downloads" src="sandbox.html">: an opaque origin
// with no access to the site's storage, cookies or pages. It receives the notebook text and a port
// to the host's worker, runs the notebook, and reports its height and control values to the host.
// Messages: host -> here {type: 'rnnbook:open', text, name, hash} + port; {type: 'rnnbook:show-code', on}
//           here -> host {type: 'rnnbook:sandbox-ready'}, {type: 'rnnbook:height', height}, {type: 'rnnbook:hash', hash},
//                   {type: 'rnnbook:sources', sources: {cellId: source}} (after a cell is run or reverted),
//                   {type: 'rnnbook:edited', edited} (whether a cell's code, typed or run, differs from the text opened),
//                   {type: 'rnnbook:runs', running, computing, runningMs, unsavedMs} (its runs at risk, after a start or
//                   an end: Notebook.runsAtRisk, kept-runs.js)
import 'katex/dist/katex.min.css';
import '@observablehq/inputs/dist/index.css';
import 'nbkit:styles/inspector.css';
import 'nbkit:styles/plot.css';
import '../site.css';
import '../notebook.css';
import { Notebook } from '../notebook.js';
import { HashState } from '../hash-state.js';
import { Drafts } from '../drafts.js';
import { attachCellTools } from '../cell-tools.js';
import { notebookFromText } from '../from-text.js';
import { Client } from '../../lib/client.js';
import { PortTransport } from '../../lib/port_transport.js';
import { guardStrayDrops } from '../drop-guard.js';

guardStrayDrops();

const post = (message) => window.parent.postMessage(message, '*');
const root = document.getElementById('notebook');
const notices = document.getElementById('notices');
let opened = false;

function notice(text) {
  notices.append(Object.assign(document.createElement('p'), { className: 'nb-notice', textContent: text }));
}

/** A location/history pair for HashState: control values go to the host, which owns the address. */
function hashEndpoints(hash) {
  const location = { pathname: '', search: '', hash };
  const history = {
    state: null,
    replaceState(_state, _title, url) {
      location.hash = url.slice(url.indexOf('#') >= 0 ? url.indexOf('#') : url.length);
      post({ type: 'rnnbook:hash', hash: location.hash });
    },
  };
  return [location, history];
}

window.addEventListener('message', (e) => {
  if (e.source !== window.parent) return;
  const { type } = e.data ?? {};
  if (type === 'rnnbook:show-code') document.body.classList.toggle('nb-show-code', !!e.data.on);
  if (type !== 'rnnbook:open' || opened) return;
  opened = true;
  const { text, name, hash } = e.data;
  try {
    const module = notebookFromText(String(text), String(name));
    const state = new HashState(...hashEndpoints(String(hash ?? '')));
    const notebook = new Notebook(root, module, { api: new Client({ transport: new PortTransport(e.ports[0]) }), hash: state });
    notebook.render();
    // The host asks before the reader leaves with runs going on or unsaved results (nothing here keeps them).
    notebook.addEventListener('runs', () => post({ type: 'rnnbook:runs', ...notebook.runsAtRisk() }));
    // The host keeps the cells' sources, so that its "Download .md" saves the reader's edits made here.
    // Nothing here keeps edits (no drafts in the sandbox): the host asks before the reader leaves with any.
    let edited = false;
    const reportEdited = () => {
      const now = [...notebook.cells].some(([id, { cell, frame }]) =>
        tools.sources.get(id) !== cell.source || (frame.editor && frame.editor.text !== cell.source));
      if (now !== edited) post({ type: 'rnnbook:edited', edited: (edited = now) });
    };
    const tools = attachCellTools(notebook, { drafts: new Drafts(module.name, null), onType: reportEdited,
      onChange: () => { post({ type: 'rnnbook:sources', sources: Object.fromEntries(tools.sources) }); reportEdited(); } });
    for (const w of module.warnings) notice(w);
    state.onProblem(notice);
  } catch (err) {
    notice(`this notebook could not be shown: ${err.message}`);
  }
  document.body.dataset.ready = 'true';
});

new ResizeObserver(() => post({ type: 'rnnbook:height', height: Math.ceil(document.documentElement.getBoundingClientRect().height) }))
  .observe(document.body);
post({ type: 'rnnbook:sandbox-ready' });
