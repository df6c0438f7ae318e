// The site's index: one entry per notebook, from its front matter.
import { catalog } from './catalog.js';
import { enableOffline } from './offline.js';

enableOffline();

const list = document.getElementById('notebooks');
for (const { name, title, description, author } of catalog) {
  const li = document.createElement('li');
  const a = Object.assign(document.createElement('a'), { href: `./notebook.html?nb=${encodeURIComponent(name)}`, textContent: title });
  const p = Object.assign(document.createElement('p'), { textContent: description });
  li.append(a, p);
  if (author) li.append(Object.assign(document.createElement('p'), { className: 'author', textContent: author }));
  list.append(li);
}
document.body.dataset.ready = 'true';
