// <rnn-notebook src="https://SITE/embed.html?nb=train" cells="loss,outputs" height="480">
// A custom element for course pages that allow scripts (Jupyter Book, MkDocs, Quarto): it shows
// the given cells of an rnnbook notebook in an iframe and sizes the iframe to its content.
// Load it with <script src="https://SITE/rnn-notebook.js"></script>: a classic script with no imports,
// so it also loads from another origin without CORS headers (module scripts would need them).
(() => {
const HEIGHT = 'rnnbook:height';

class RnnNotebook extends HTMLElement {
  static observedAttributes = ['src', 'cells', 'height'];

  connectedCallback() {
    if (!this.frame) {
      this.frame = document.createElement('iframe');
      this.frame.setAttribute('loading', 'lazy');
      this.frame.style.cssText = 'width:100%;border:0;display:block';
      this.frame.title = this.getAttribute('title') ?? 'rnnbook notebook';
      this.append(this.frame);
      this.onMessage = (e) => {
        if (e.source !== this.frame.contentWindow || e.data?.type !== HEIGHT) return;
        const h = Number(e.data.height);
        if (Number.isFinite(h) && h > 0 && h < 20000) this.frame.style.height = `${Math.ceil(h)}px`;
      };
      window.addEventListener('message', this.onMessage);
    }
    this.update();
  }

  disconnectedCallback() {
    window.removeEventListener('message', this.onMessage);
  }

  attributeChangedCallback() {
    if (this.frame) this.update();
  }

  update() {
    const src = this.getAttribute('src');
    if (!src) return;
    const url = new URL(src, document.baseURI);
    if (!/\/embed\.html$/.test(url.pathname)) url.pathname = url.pathname.replace(/[^/]*$/, 'embed.html');
    const cells = this.getAttribute('cells');
    if (cells) url.searchParams.set('cells', cells);
    if (url.href !== this.frame.src) this.frame.src = url.href;
    this.frame.style.height = `${Number(this.getAttribute('height')) || 400}px`;
  }
}

if (!customElements.get('rnn-notebook')) customElements.define('rnn-notebook', RnnNotebook);
})();
