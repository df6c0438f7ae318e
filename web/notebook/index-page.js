// The site's index: one entry per notebook, from its front matter, grouped by topic in learning order.
import { topics } from './catalog.js';
import { enableOffline } from './offline.js';

// A few seconds on: a reader who opens a notebook at once leaves it to that page, which caches the site
// once its runs are done (offline.js).
enableOffline({ after: new Promise((resolve) => { setTimeout(resolve, 5000); }) });

// A heading and a list per topic, in learning order (catalog-order.js).
const container = document.getElementById('notebooks');
for (const { topic, notebooks } of topics) {
  const section = Object.assign(document.createElement('section'), { className: 'topic' });
  section.dataset.topic = topic;
  const list = Object.assign(document.createElement('ul'), { className: 'catalog' });
  for (const { name, title, description, author } of notebooks) {
    const li = document.createElement('li');
    const a = Object.assign(document.createElement('a'), { href: `./notebook.html?nb=${encodeURIComponent(name)}`, textContent: title });
    const p = Object.assign(document.createElement('p'), { textContent: description });
    li.append(a, p);
    if (author) li.append(Object.assign(document.createElement('p'), { className: 'author', textContent: author }));
    list.append(li);
  }
  section.append(Object.assign(document.createElement('h3'), { textContent: topic }), list);
  container.append(section);
}
document.body.dataset.ready = 'true';
