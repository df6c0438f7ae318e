// Runs a notebook whose code came from outside the site (a share link with edits, a file the reader
// opened) in <iframe sandbox="allow-scripts allow-downloads">: an opaque origin that cannot read
// this site's storage or cookies, nor touch this page. The iframe gets the notebook text and one
// MessagePort, bridged here to a worker of its own: it can run experiments and nothing else.
export function openInSandbox(container, { text, name, hash = '', onHash = () => {} }) {
  const iframe = document.createElement('iframe');
  iframe.setAttribute('sandbox', 'allow-scripts allow-downloads');
  iframe.src = './sandbox.html';
  iframe.title = `notebook ${name} (isolated)`;
  iframe.className = 'nb-sandbox';
  iframe.style.cssText = 'width:100%;border:0;height:600px;display:block';

  const worker = new Worker(new URL('../../lib/worker.js', import.meta.url), { type: 'module' });
  const channel = new MessageChannel();
  channel.port1.onmessage = ({ data }) => worker.postMessage(data);
  worker.onmessage = ({ data }) => channel.port1.postMessage(data);
  worker.onerror = (event) => {
    event.preventDefault?.();
    channel.port1.postMessage({ type: 'error', id: -1, message: `worker: ${event.message || 'failed'}` });
  };

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
    }
  };
  window.addEventListener('message', onMessage);
  container.replaceChildren(iframe);
  return {
    iframe,
    showCode(on) { iframe.contentWindow?.postMessage({ type: 'rnnbook:show-code', on }, '*'); },
    destroy() {
      window.removeEventListener('message', onMessage);
      worker.terminate();
      iframe.remove();
    },
  };
}
