// Runs a notebook whose code came from outside the site (a share link with edits, a file the reader
// opened) in <iframe sandbox="allow-scripts allow-downloads">: an opaque origin that cannot read
// this site's storage or cookies, nor touch this page. The iframe gets the notebook text and one
// MessagePort, served here by a JS API client with a worker pool of its own (lib/port_transport.js):
// it can run experiments and nothing else.
import { Client } from '../../lib/rnnbook.js';
import { servePort } from '../../lib/port_transport.js';

/** Text of at most this many characters in all: the sources of a notebook file (up to 4 MB), edited. */
const MAX_SOURCES_CHARS = 8 * 2 ** 20;

/** The {cellId: source} a sandbox reports, or null if it is not that (the sandbox's code is not trusted). */
function sourcesOf(value) {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return null;
  const entries = Object.entries(value);
  if (!entries.every(([, v]) => typeof v === 'string')) return null;
  return entries.reduce((n, [k, v]) => n + k.length + v.length, 0) <= MAX_SOURCES_CHARS ? Object.fromEntries(entries) : null;
}

export function openInSandbox(container, { text, name, hash = '', workers, onHash = () => {}, onSources = () => {}, onEdited = () => {}, onRuns = () => {} }) {
  const iframe = document.createElement('iframe');
  iframe.setAttribute('sandbox', 'allow-scripts allow-downloads');
  iframe.src = './sandbox.html';
  iframe.title = `notebook ${name} (isolated)`;
  iframe.className = 'nb-sandbox';
  iframe.style.cssText = 'width:100%;border:0;height:600px;display:block';

  // A pool of its own, ended with the sandbox; its workers load their wasm modules while the iframe loads.
  const client = new Client({ ...(workers !== undefined ? { workers } : {}), prewarm: true });
  const channel = new MessageChannel();
  servePort(channel.port1, client);

  let sent = false;
  const onMessage = (e) => {
    if (e.source !== iframe.contentWindow) return;
    const data = e.data ?? {};
    if (data.type === 'rnnbook:sandbox-ready' && !sent) {
      sent = true;
      iframe.contentWindow.postMessage({ type: 'rnnbook:open', text, name, hash }, '*', [channel.port2]);
    } else if (data.type === 'rnnbook:height') {
      const h = Number(data.height);
      if (Number.isFinite(h) && h > 0 && h < 100000) iframe.style.height = `${Math.ceil(h) + 4}px`;
    } else if (data.type === 'rnnbook:hash' && typeof data.hash === 'string' && data.hash.length < 4096) {
      onHash(data.hash);
    } else if (data.type === 'rnnbook:sources') {
      const sources = sourcesOf(data.sources);
      if (sources) onSources(sources);  // used only to write the downloaded .md: never run here
    } else if (data.type === 'rnnbook:edited') {
      onEdited(data.edited === true);
    } else if (data.type === 'rnnbook:runs') {
      const { running, computing, runningMs, unsavedMs } = data;
      const count = (n) => Number.isSafeInteger(n) && n >= 0;
      const ms = (n) => Number.isFinite(n) && n >= 0;
      if (count(running) && count(computing) && computing <= running && ms(runningMs) && ms(unsavedMs)) {
        onRuns({ running, computing, runningMs, unsavedMs, at: performance.now() });
      }
    }
  };
  window.addEventListener('message', onMessage);
  container.replaceChildren(iframe);
  return {
    iframe,
    showCode(on) { iframe.contentWindow?.postMessage({ type: 'rnnbook:show-code', on }, '*'); },
    destroy() {
      window.removeEventListener('message', onMessage);
      client.terminate();
      channel.port1.close();
      iframe.remove();
    },
  };
}
