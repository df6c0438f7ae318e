// The learning order of the site's notebooks: the index groups them by their front matter's `topic`,
// topics in the order of their smallest `order`, notebooks by `order` within a topic; a notebook
// without a topic goes last, under "More notebooks". A missing or invalid order sorts after the valid
// ones (then by name), never fails.

export const OTHER_TOPIC = 'More notebooks';

const orderOf = (meta) => (typeof meta.order === 'number' && Number.isFinite(meta.order) ? meta.order : Infinity);
const topicOf = (meta) => (typeof meta.topic === 'string' && meta.topic.trim() ? meta.topic.trim() : '');

function byOrderThenName(a, b) {
  const oa = orderOf(a), ob = orderOf(b);
  if (oa !== ob) return oa < ob ? -1 : 1;
  return String(a.name).localeCompare(String(b.name));
}

/** [{topic, notebooks}]: notebooks ({name, title, order, topic, ...}) grouped, in learning order. */
export function groupByTopic(metas) {
  const groups = new Map();
  for (const meta of [...metas].sort(byOrderThenName)) {
    const topic = topicOf(meta) || OTHER_TOPIC;
    if (!groups.has(topic)) groups.set(topic, []);
    groups.get(topic).push(meta);
  }
  // Each topic's first notebook has its smallest order (the lists are sorted); ties go by topic name.
  const first = (topic) => orderOf(groups.get(topic)[0]);
  const topics = [...groups.keys()].filter((t) => t !== OTHER_TOPIC)
    .sort((a, b) => (first(a) === first(b) ? a.localeCompare(b) : first(a) < first(b) ? -1 : 1));
  if (groups.has(OTHER_TOPIC)) topics.push(OTHER_TOPIC);
  return topics.map((topic) => ({ topic, notebooks: groups.get(topic) }));
}

/** The notebooks in learning order: topic by topic, as the index lists them. */
export const inLearningOrder = (metas) => groupByTopic(metas).flatMap((g) => g.notebooks);
