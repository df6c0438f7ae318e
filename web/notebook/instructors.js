// Fills in the instructors page: each snippet with this site's address, and a live demo of each.
const site = new URL('./', location.href).href;
const embed = `${site}embed.html?nb=train&cells=loss#training-steps=100`;
const snippets = {
  resize: `<iframe src="${embed}" title="rnnbook: training loss" style="width:100%;border:0" height="420"></iframe>
<script>
addEventListener("message", (e) => { if (e.data?.type !== "rnnbook:height") return;
  for (const f of document.querySelectorAll("iframe")) if (f.contentWindow === e.source) f.style.height = e.data.height + "px"; });
</script>`,
  fixed: `<iframe src="${embed}" title="rnnbook: training loss" style="width:100%;border:1px solid #ccc" height="420"></iframe>`,
  element: `<script src="${site}rnn-notebook.js"></script>
<rnn-notebook src="${site}embed.html?nb=train#training-steps=100" cells="loss"></rnn-notebook>`,
};

document.getElementById('site').textContent = site;
for (const code of document.querySelectorAll('[data-snippet]')) code.textContent = snippets[code.dataset.snippet];

// Demos: the same markup, made live (scripts inserted as text do not run).
const resizeDemo = document.getElementById('demo-resize');
resizeDemo.innerHTML = snippets.resize.split('<script>')[0];
addEventListener('message', (e) => {
  if (e.data?.type !== 'rnnbook:height') return;
  for (const f of resizeDemo.querySelectorAll('iframe')) if (f.contentWindow === e.source) f.style.height = `${e.data.height}px`;
});
document.getElementById('demo-fixed').innerHTML = snippets.fixed;
document.getElementById('demo-element').innerHTML = snippets.element.split('\n')[1];
document.body.dataset.ready = 'true';
