// Runs a reader would lose with the page (kept-runs.js): leaving, Open file and Reset ask when runs going on
// and finished runs not saved computed at least ?ask-after= seconds (10 by default); never otherwise.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { openSite } from './browser.mjs';

let site;
before(async () => { site = await openSite(); });
after(async () => { await site?.close(); });

/** Records every dialog of `page` and answers No (stay); `answer.yes = true` answers Yes. */
function dialogs(page) {
  const asked = [];
  const answer = { yes: false };
  page.on('dialog', (d) => { asked.push(`${d.type()}: ${d.message()}`); answer.yes ? d.accept() : d.dismiss(); });
  return { asked, answer };
}
const tryLeave = (page) => page.reload({ timeout: 3000 }).catch(() => {});  // stayed: the reload never happens
const computed = (page) => page.waitForTimeout(600);  // a run going on computes past ?ask-after=0.3

test('notebook page: leaving asks while a run goes on and after a long run not saved; a download keeps it', async () => {
  const page = await site.page('notebook.html?nb=train&ask-after=0.3#training-steps=1000&hidden-units=48');
  const { asked } = dialogs(page);
  await page.waitForSelector('[data-cell="run"][data-run="running"]', { timeout: 60000, state: 'attached' });
  await computed(page);
  await tryLeave(page);
  assert.deepEqual(asked, ['beforeunload: '], 'a run goes on');
  await page.waitForSelector('[data-cell="run"][data-run="done"]', { timeout: 60000, state: 'attached' });
  await page.waitForSelector('[data-cell="result"][data-status="ok"]', { timeout: 10000, state: 'attached' });
  await tryLeave(page);
  assert.equal(asked.length, 2, 'its results are not saved');
  await page.locator('[data-cell="loss"]').hover();
  await page.click('[data-cell="loss"] .nb-save summary');
  await Promise.all([page.waitForEvent('download', { timeout: 10000 }), page.click('[data-cell="loss"] .nb-save-menu button:text-is("PNG image")')]);
  await page.reload({ timeout: 10000 });
  assert.equal(asked.length, 2, 'saved: leaving asks nothing');
  await page.close();
});

test('notebook page: a notebook whose default runs are quick leaves without a question, during or after them', async () => {
  const page = await site.page('notebook.html?nb=train&ask-after=abc');  // a bad value: the default threshold, and a notice
  const { asked } = dialogs(page);
  assert.match(await page.textContent('#notices'), /ask-after=abc in the address was ignored: it must be a number of seconds from 0 to 3600/);
  await page.waitForSelector('[data-cell="run"][data-run="running"]', { timeout: 60000, state: 'attached' });
  await page.reload({ timeout: 10000 });
  await page.waitForSelector('[data-cell="outputs"][data-status="ok"]', { timeout: 60000, state: 'attached' });
  await page.reload({ timeout: 10000 });
  assert.deepEqual(asked, []);
  assert.deepEqual(site.errors, []);
  await page.close();
});

test('notebook page: a sweep a cell runs with rnnbook.sweep counts; the notebook\'s own save button keeps it', async () => {
  const page = await site.page('notebook.html?nb=sweeps&ask-after=0.3');
  const { asked } = dialogs(page);
  await page.waitForSelector('[data-sweep-progress]', { timeout: 60000 });
  await computed(page);
  await tryLeave(page);
  assert.deepEqual(asked, ['beforeunload: '], 'the sweep goes on');
  await page.waitForSelector('[data-cell="pageSave"][data-status="ok"]', { timeout: 60000, state: 'attached' });
  await tryLeave(page);
  assert.equal(asked.length, 2, 'its table is not saved');
  await Promise.all([page.waitForEvent('download', { timeout: 10000 }), page.click('[data-cell="pageSave"] [data-save="csv"]')]);
  await page.reload({ timeout: 10000 });
  assert.equal(asked.length, 2, 'saved: leaving asks nothing');
  await page.close();
});

test('an opened file: Open file over a run that goes on asks first; No keeps it running', async () => {
  const page = await site.page('notebook.html?file=open&ask-after=0.3');
  const { asked, answer } = dialogs(page);
  const open = (name, text) => page.setInputFiles('#nb-open', { name, mimeType: 'text/markdown', buffer: Buffer.from(text) });
  const frame = page.frameLocator('iframe.nb-sandbox');
  await open('long.md', '```js id=a\nconst r = experiment({kind: "train", steps: 100000})\n```\n');
  const cell = frame.locator('.nb-cell[data-cell="a"][data-run="running"]');
  await cell.waitFor({ timeout: 60000, state: 'attached' });
  await computed(page);
  await open('second.md', '```js id=b\n"second"\n```\n');
  await page.waitForTimeout(1000);  // a file opened anyway would have replaced the sandbox by now
  assert.deepEqual(asked, ['confirm: Open second.md? A run is still going: it will be stopped.']);
  assert.match(page.url(), /\?file=long\.md$/);
  assert.equal(await cell.count(), 1, 'the run goes on');
  await tryLeave(page);
  assert.equal(asked[1], 'beforeunload: ', 'leaving asks too');
  answer.yes = true;
  await open('second.md', '```js id=b\n"second"\n```\n');
  await frame.locator('.nb-cell[data-cell="b"] .nb-output', { hasText: 'second' }).waitFor({ timeout: 30000 });
  assert.equal(asked.length, 3);
  await page.close();
});

test('trainer page: leaving asks while training and after a run not exported; Export keeps it', async () => {
  const page = await site.page('trainer.html?ask-after=0.3');
  await page.waitForSelector('body[data-state="idle"]');
  // A long run as the page's own setting (a changed field would ask by itself).
  await page.$eval('#steps', (el) => { el.defaultValue = '100000'; el.value = '100000'; });
  const { asked } = dialogs(page);
  await page.click('#train');
  await page.waitForFunction(() => document.getElementById('progress').value > 0.002, null, { timeout: 60000 });
  await tryLeave(page);
  assert.deepEqual(asked, ['beforeunload: '], 'training goes on');
  await page.click('#stop');
  await page.waitForSelector('body[data-state="stopped"]', { timeout: 10000 });
  await tryLeave(page);
  assert.equal(asked.length, 2, 'the stopped run\'s result is not exported');
  await Promise.all([page.waitForEvent('download', { timeout: 10000 }), page.click('#export')]);
  await page.reload({ timeout: 10000 });
  assert.equal(asked.length, 2, 'exported: leaving asks nothing');
  assert.deepEqual(site.errors, []);
  await page.close();
});

test('notebook page: Reset over a run that goes on asks first; No keeps the edit and the run', async () => {
  const page = await site.page('notebook.html?nb=train&ask-after=0.3#training-steps=2000&hidden-units=48');
  const { asked, answer } = dialogs(page);
  await page.waitForSelector('[data-cell="outputs"][data-status="ok"]', { timeout: 60000, state: 'attached' });
  const cell = page.locator('.nb-cell[data-cell="lr"]');
  await cell.hover();
  await cell.locator('.nb-edit').click();
  await cell.locator('.cm-content').fill('const lr = view(Inputs.select([0.001, 0.003, 0.01, 0.03], {label: "learning rate", value: 0.003}))');
  await cell.locator('.nb-run').click();  // the run cell uses lr: it trains again
  await page.waitForSelector('[data-cell="run"][data-run="running"]', { timeout: 30000, state: 'attached' });
  await computed(page);
  await page.click('#nb-reset');
  assert.deepEqual(asked, ['confirm: Reset to the author\'s version? A run is still going: it will be stopped.']);
  assert.ok(await page.isVisible('#nb-reset'), 'No: the edit stays');
  assert.equal(await page.getAttribute('[data-cell="run"]', 'data-run'), 'running', 'No: the run goes on');
  answer.yes = true;
  await page.click('#nb-reset');
  await page.waitForSelector('#nb-reset', { state: 'hidden', timeout: 10000 });
  assert.equal(asked.length, 2);
  await page.waitForSelector('[data-cell="outputs"][data-status="ok"]', { timeout: 60000, state: 'attached' });
  assert.deepEqual(site.errors, []);
  await page.close();
});
