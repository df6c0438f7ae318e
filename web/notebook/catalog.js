// The notebooks of the site: each web/notebooks/NAME.md is a lazily loaded chunk, and its front
// matter is available at once for the index page.
import { groupByTopic } from './catalog-order.js';

const loaders = import.meta.glob('../notebooks/*.md');
const metas = import.meta.glob('../notebooks/*.md', { query: '?meta', import: 'meta', eager: true });

const nameOf = (path) => path.replace(/^.*\/|\.md$/g, '');

/** [{topic, notebooks: [{name, title, description, author, topic, order}]}] in learning order. */
export const topics = groupByTopic(Object.values(metas));

/** Every notebook, in the order of the index: topic by topic. */
export const catalog = topics.flatMap((group) => group.notebooks);

/** The compiled notebook module NAME, or an Error that lists the notebooks there are. */
export async function loadNotebook(name) {
  const path = Object.keys(loaders).find((p) => nameOf(p) === name);
  if (!path) {
    throw new Error(`there is no notebook "${name}"; the notebooks are: ${catalog.map((m) => m.name).join(', ')}`);
  }
  return loaders[path]();
}
