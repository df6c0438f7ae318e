// The notebook front end in real Chromium against the real wasm module: index, a notebook running
// with its defaults, link state, edits (drafts, reset, errors, runaway loops), Stop, downloads.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { openSite } from './browser.mjs';

let site;
before(async () => { site = await openSite(); });
after(async () => { await site?.close(); });

const QUICK = '#training-steps=50';
const cellOk = (page, id, timeout = 60000) =>
  page.waitForSelector(`[data-cell="${id}"][data-status="ok"]`, { timeout, state: 'attached' });
const prose = (page) => page.evaluate(() => document.getElementById('notebook').innerText.replace(/\s+/g, ' '));
const cellText = (page, id) => page.textContent(`[data-cell="${id}"] .nb-output`);

async function editCell(page, id, source) {
  const cell = page.locator(`.nb-cell[data-cell="${id}"]`);
  if (await cell.locator('.nb-editor').isHidden()) {
    await cell.hover();
    await cell.locator('.nb-edit').click();
  }
  const content = cell.locator('.cm-content');
  await content.waitFor();
  await content.fill(source);
  await cell.locator('.nb-run').click();
}

test('the index lists the notebooks from their front matter', async () => {
  const page = await site.page('index.html');
  await page.waitForSelector('body[data-ready=true]');
  const link = page.locator('#notebooks a', { hasText: 'Train a recurrent network' });
  assert.equal(await link.getAttribute('href'), './notebook.html?nb=train');
  assert.match(await page.textContent('#notebooks'), /3-bit flip-flop/);
  await link.click();
  await cellOk(page, 'outputs');
  await page.close();
});

test('the index groups the notebooks by topic, in learning order, starting with Train', async () => {
  const page = await site.page('index.html');
  await page.waitForSelector('body[data-ready=true]');
  const sections = await page.$$eval('#notebooks section', (all) => all.map((s) => ({
    topic: s.dataset.topic, heading: s.querySelector('h3')?.textContent,
    names: [...s.querySelectorAll('a')].map((a) => new URL(a.href).searchParams.get('nb')),
  })));
  for (const s of sections) assert.equal(s.heading, s.topic);
  // The topics of issue 23 in their order (a topic whose notebooks are not here yet is absent).
  const topics = ['Learning in recurrent networks', 'Representations and sampling', 'Neural time series', 'Connectivity', 'Working at scale'];
  assert.deepEqual(sections.map((s) => s.topic), topics.filter((t) => sections.some((s) => s.topic === t)));
  assert.deepEqual(sections[0].names.slice(0, 3), ['train', 'rich-lazy', 'credit-assignment']);
  assert.deepEqual(sections.find((s) => s.topic === 'Representations and sampling').names, ['dimensionality', 'sampling']);
  assert.ok(sections.find((s) => s.topic === 'Neural time series').names.includes('switching'));
  assert.deepEqual(sections.at(-1).names, ['sweeps']);
  // The page reads top to bottom: the first notebook link a newcomer meets is Train.
  assert.equal(await page.locator('#notebooks a').first().textContent(), 'Train a recurrent network');
  // An unknown notebook's message lists the notebooks in the same order.
  const missing = await site.page('notebook.html?nb=nope');
  await missing.waitForSelector('#notices .nb-notice');
  const listed = (await missing.textContent('#notices')).match(/the notebooks are: (.*)$/)[1].split(', ');
  assert.deepEqual(listed, sections.flatMap((s) => s.names));
  await missing.close();
  assert.deepEqual(site.errors, []);
  await page.close();
});

test('the train notebook trains in float32 when asked, and says so with its rate', async () => {
  const page = await site.page(`notebook.html?nb=train${QUICK}&precision=float32`);
  await cellOk(page, 'outputs');
  assert.match(await prose(page), /After 50 steps the loss went from \d\.\d{3} to \d\.\d{4}/);
  assert.match(await prose(page), /Training ran in float32 at \d+ steps per second/);
  assert.deepEqual(site.errors, []);
  await page.close();
});

test('the train notebook\'s default run ends where its prose says, in float64 and in float32', async () => {
  const finals = [];
  for (const precision of ['float64', 'float32']) {
    const page = await site.page(`notebook.html?nb=train#precision=${precision}`);
    await cellOk(page, 'outputs');
    const text = await prose(page);
    finals.push(Number(text.match(/After 300 steps the loss went from \d\.\d{3} to (\d\.\d{4})/)[1]).toFixed(3));
    if (precision === 'float32') {
      assert.deepEqual(finals, text.match(/two runs end at similar losses, not equal ones \((\d\.\d{3}) and (\d\.\d{3}) with the defaults\)/).slice(1));
    }
    await page.close();
  }
  assert.deepEqual(site.errors, []);
});

test('the train notebook runs with its defaults: live curve, inline values, figure, math', async () => {
  const page = await site.page(`notebook.html?nb=train${QUICK}`);
  await cellOk(page, 'outputs');
  assert.ok(await page.$('[data-cell="loss"] canvas'), 'the live curve is drawn');
  assert.ok(await page.$('[data-cell="outputs"] svg'), 'the target/output figure is drawn');
  assert.match(await prose(page), /After 50 steps the loss went from \d\.\d{3} to \d\.\d{4}/);
  assert.ok(await page.$('.katex'), 'TeX is rendered by KaTeX');
  assert.equal(await page.isHidden('[data-cell="run"] .nb-progress'), true, 'progress hides when done');
  assert.deepEqual(site.errors, []);
  await page.close();
});

test('controls live in the link: a link reproduces the run, a bad link falls back and says so', async () => {
  const page = await site.page(`notebook.html?nb=train${QUICK}&seed=7`);
  await cellOk(page, 'outputs');
  const first = await prose(page);
  // Moving a control writes it to the hash.
  await page.locator('[data-cell="seed"] input[type=number]').fill('8');
  await page.locator('[data-cell="seed"] input[type=number]').dispatchEvent('input');
  await page.waitForFunction(() => location.hash.includes('seed=8'));
  const link = await page.evaluate(() => location.href);
  await page.close();

  const again = await site.page(`notebook.html?nb=train${QUICK}&seed=7`);
  await cellOk(again, 'outputs');
  const sentence = (t) => t.match(/After 50 steps[^.]*\.\d+[^.]*\.\d+/)[0];
  assert.equal(sentence(await prose(again)), sentence(first), 'same link, same numbers');
  await again.goto(link);
  await cellOk(again, 'outputs');
  assert.notEqual(sentence(await prose(again)), sentence(first), 'another seed, another run');
  await again.close();

  const bad = await site.page('notebook.html?nb=train#training-steps=abc&hidden-units=9999&learning-rate=7&seed=2.5');
  await cellOk(bad, 'run');
  const notices = await bad.textContent('#notices');
  assert.match(notices, /training-steps=abc ignored: not a number/);
  assert.match(notices, /hidden-units=9999 ignored: outside \[4, 128\]/);
  assert.match(notices, /learning-rate=7 ignored: not one of 0.001, 0.003, 0.01, 0.03/);
  assert.match(notices, /seed=2\.5 ignored: not in steps of 1 from 1/);  // the control would round it silently
  assert.equal(await bad.inputValue('[data-cell="hidden"] input[type=number]'), '32');
  assert.equal(await bad.inputValue('[data-cell="seed"] input[type=number]'), '1');
  await bad.close();
});

test('edits run, survive a reload as drafts, and Reset restores the author\'s version', async () => {
  const page = await site.page(`notebook.html?nb=train${QUICK}`);
  await cellOk(page, 'outputs');
  await editCell(page, 'loss', 'html`<p id="edited">edited ${run.total}</p>`');
  await page.waitForSelector('#edited');
  assert.match(await cellText(page, 'loss'), /edited 50/);
  assert.equal(await page.isVisible('#nb-reset'), true);

  await page.reload();
  await page.waitForSelector('#edited', { timeout: 60000 });
  assert.match(await page.textContent('#notices'), /your edits from an earlier visit/);

  await page.dblclick('#nb-reset');  // a double click resets once, with one notice
  await page.waitForSelector('[data-cell="loss"] canvas');
  await page.waitForTimeout(300);
  assert.equal((await page.textContent('#notices')).match(/Back to the author's version/g)?.length, 1);
  assert.equal(await page.$('#edited'), null);
  assert.equal(await page.isHidden('#nb-reset'), true);
  await page.reload();
  await page.waitForSelector('[data-cell="loss"] canvas', { timeout: 60000 });
  assert.equal(await page.$('#edited'), null, 'the draft is gone after Reset');
  await page.close();
});

test('leaving the page with code typed but not run asks first; run code (a draft) does not', async () => {
  const page = await site.page(`notebook.html?nb=train${QUICK}`);
  await cellOk(page, 'outputs');
  const cell = page.locator('.nb-cell[data-cell="loss"]');
  await cell.hover();
  await cell.locator('.nb-edit').click();
  await cell.locator('.cm-content').fill('"typed, not run"');
  const asked = [];
  page.on('dialog', (dialog) => { asked.push(dialog.type()); dialog.dismiss(); });  // dismiss: stay on the page
  await page.reload({ timeout: 3000 }).catch(() => {});  // the reader stays: the reload never happens
  assert.deepEqual(asked, ['beforeunload']);
  assert.equal(await cell.locator('.cm-content').textContent(), '"typed, not run"');
  await cell.locator('.nb-run').click();  // now a draft: nothing to lose, and a reload brings it back
  await page.waitForFunction(() => document.querySelector('[data-cell="loss"] .nb-output').textContent.includes('typed, not run'));
  await page.reload();
  assert.deepEqual(asked, ['beforeunload'], 'no question once the code ran');
  await page.waitForFunction(() => document.querySelector('[data-cell="loss"] .nb-output')?.textContent.includes('typed, not run'), null, { timeout: 60000 });
  await page.click('#nb-reset');
  await page.close();
});

test('leaving an opened file with code typed, or run, in it asks first (nothing keeps edits made there); unedited, it does not', async () => {
  const page = await site.page('notebook.html?file=open');
  await page.setInputFiles('#nb-open', { name: 'leave.md', mimeType: 'text/markdown', buffer: Buffer.from('```js id=a\n"as opened"\n```\n') });
  const frame = page.frameLocator('iframe.nb-sandbox');
  const cell = frame.locator('.nb-cell[data-cell="a"]');
  await cell.locator('.nb-output', { hasText: 'as opened' }).waitFor({ timeout: 30000 });
  const asked = [];
  page.on('dialog', (dialog) => { asked.push(dialog.type()); dialog.dismiss(); });  // dismiss: stay on the page
  const leave = () => page.reload({ timeout: 3000 }).catch(() => {});  // the reader stays: the reload never happens
  await cell.hover();
  await cell.locator('.nb-edit').click();
  await cell.locator('.cm-content').fill('"typed, not run"');
  await page.waitForTimeout(300);  // the sandbox's message reaches the page
  await leave();
  assert.deepEqual(asked, ['beforeunload'], 'typed, not run');
  await cell.locator('.nb-run').click();
  await cell.locator('.nb-output', { hasText: 'typed, not run' }).waitFor();
  await page.waitForTimeout(300);
  await leave();
  assert.deepEqual(asked, ['beforeunload', 'beforeunload'], 'run: still only in this page');
  await cell.locator('.nb-revert').click();
  await cell.locator('.nb-output', { hasText: 'as opened' }).waitFor();
  await page.waitForTimeout(300);
  await page.reload();
  assert.deepEqual(asked, ['beforeunload', 'beforeunload'], 'back to the file as opened: nothing to lose');
  await page.close();
});

test('opening another file over an opened notebook with edits asks first: No keeps the notebook and its edits', async () => {
  const page = await site.page('notebook.html?file=open');
  const open = (name, text) => page.setInputFiles('#nb-open', { name, mimeType: 'text/markdown', buffer: Buffer.from(text) });
  const frame = page.frameLocator('iframe.nb-sandbox');
  await open('first.md', '```js id=a\n"as opened"\n```\n');
  const cell = frame.locator('.nb-cell[data-cell="a"]');
  await cell.locator('.nb-output', { hasText: 'as opened' }).waitFor({ timeout: 30000 });
  await cell.hover();
  await cell.locator('.nb-edit').click();
  await cell.locator('.cm-content').fill('"my edit"');
  await cell.locator('.nb-run').click();
  await cell.locator('.nb-output', { hasText: 'my edit' }).waitFor({ timeout: 10000 });
  await page.waitForTimeout(300);  // the sandbox's message reaches the page
  const asked = [];
  let answer = false;
  page.on('dialog', (dialog) => { asked.push(`${dialog.type()}: ${dialog.message()}`); answer ? dialog.accept() : dialog.dismiss(); });
  await open('second.md', '```js id=b\n"second"\n```\n');
  await page.waitForTimeout(1000);  // a file opened anyway would have replaced the sandbox by now
  assert.deepEqual(asked, ['confirm: Open second.md? Changes that you made to this notebook may not be saved.']);
  assert.match(page.url(), /\?file=first\.md$/);
  assert.equal(await cell.locator('.nb-output').textContent(), '"my edit"');
  assert.equal(await cell.locator('.cm-content').textContent(), '"my edit"', 'the editor keeps the edit');

  answer = true;  // the same file again (the box was cleared, so choosing it fires again): Yes opens it
  await open('second.md', '```js id=b\n"second"\n```\n');
  await frame.locator('.nb-cell[data-cell="b"] .nb-output', { hasText: 'second' }).waitFor({ timeout: 30000 });
  assert.equal(asked.length, 2);
  await open('third.md', '```js id=c\n"third"\n```\n');  // nothing edited: no question
  await frame.locator('.nb-cell[data-cell="c"] .nb-output', { hasText: 'third' }).waitFor({ timeout: 30000 });
  assert.equal(asked.length, 2);
  await page.close();
});

test('a throwing cell, a syntax error and a runaway loop each stay in their cell', async () => {
  const page = await site.page(`notebook.html?nb=train${QUICK}`);
  await cellOk(page, 'outputs');

  await editCell(page, 'outputs', 'throw new Error("kaboom")');
  await page.waitForSelector('[data-cell="outputs"][data-status="error"]');
  assert.match(await cellText(page, 'outputs'), /kaboom/);

  await editCell(page, 'loss', 'const = 3');
  await page.waitForSelector('[data-cell="loss"][data-status="error"]');
  assert.match(await page.textContent('[data-cell="loss"]'), /SyntaxError/);
  assert.match(await cellText(page, 'loss'), /^SyntaxError: Unexpected token/, 'the error\'s name once');
  assert.equal(await page.locator('[data-cell="loss"] .cm-content').textContent(), 'const = 3', 'the editor keeps the text');

  await editCell(page, 'outputs', 'let i = 0; while (true) { i++ }');
  // The cell is already in error (kaboom): wait for the loop's own message, not for the status.
  await page.waitForFunction(() => /a loop ran for more than 5 s/.test(
    document.querySelector('[data-cell="outputs"] .nb-output').textContent), null, { timeout: 30000 });
  assert.equal(await page.getAttribute('[data-cell="outputs"]', 'data-status'), 'error');

  // The rest of the notebook still works: a control change re-runs the training.
  await page.locator('[data-cell="seed"] input[type=number]').fill('3');
  await page.locator('[data-cell="seed"] input[type=number]').dispatchEvent('input');
  await page.waitForFunction(() => /seed=3/.test(location.hash));
  await cellOk(page, 'result');
  assert.match(await prose(page), /After 50 steps/);
  await page.click('#nb-reset');
  await page.close();
});

test('a failing cell logs one console error; the cells that use its names, also through other cells, say they wait on it', async () => {
  const page = await site.page(`notebook.html?nb=train${QUICK}`);
  await cellOk(page, 'outputs');
  await page.check('#nb-show-code');  // the run cell has no output: its tools show with the code
  site.errors.length = 0;
  await editCell(page, 'run', 'const run = (() => { throw new Error("kaboom") })()');
  // outputs uses result, which uses run.
  for (const id of ['loss', 'result', 'outputs']) {
    await page.waitForSelector(`[data-cell="${id}"][data-status="error"]`, { state: 'attached' });
    assert.equal(await cellText(page, id), 'waits on cell run: kaboom', id);
  }
  assert.match(await cellText(page, 'run'), /^Error: kaboom/);
  await page.waitForTimeout(300);  // a late error would be logged by now
  assert.deepEqual(site.errors.map((e) => e.split('\n')[0]), ['console: Error: kaboom']);
  // A name defined twice is no cell's own error: the cell that uses it shows and logs it.
  await page.click('[data-cell="run"] .nb-revert');
  await cellOk(page, 'outputs');
  await editCell(page, 'loss', 'const seed = 1');
  await page.waitForFunction(() => /seed is defined more than once/.test(document.querySelector('[data-cell="run"] .nb-output').textContent));
  assert.ok(site.errors.some((e) => /RuntimeError: seed is defined more than once/.test(e)), site.errors.join('\n'));
  site.errors.length = 0;
  await page.close();  // (its own browser context: the drafts go with it)
});

test('a name defined twice, then reverted or Reset: the cells that use it run again and its control still works', async () => {
  const page = await site.page(`notebook.html?nb=train${QUICK}&seed=7`);
  await cellOk(page, 'outputs');
  const sentence = async () => (await prose(page)).match(/After 50 steps[^.]*\.\d+[^.]*\.\d+/)?.[0];
  const first = await sentence();
  const duplicate = async () => {
    await editCell(page, 'loss', 'const seed = 1');
    await page.waitForFunction(() => /seed is defined more than once/.test(document.querySelector('[data-cell="run"] .nb-output').textContent),
      null, { timeout: 10000 });
  };
  // The seed cell's view was ended by the duplicate: without running it again, run, result and outputs stay 'running'.
  await duplicate();
  await page.click('[data-cell="loss"] .nb-revert');
  for (const id of ['run', 'loss', 'result', 'outputs']) await cellOk(page, id, 30000);
  assert.equal(await sentence(), first, 'the same seed (7, from the link) trains again');
  const seedBox = page.locator('[data-cell="seed"] input[type=number]');
  assert.equal(await seedBox.inputValue(), '7');
  await seedBox.fill('8');  // the control drives the notebook again
  await page.waitForFunction(() => location.hash.includes('seed=8'), null, { timeout: 10000 });
  await page.waitForFunction((s) => document.querySelector('[data-cell="outputs"]').dataset.status === 'ok' &&
    !document.getElementById('notebook').innerText.replace(/\s+/g, ' ').includes(s), first, { timeout: 30000 });

  await duplicate();
  await page.click('#nb-reset');
  for (const id of ['run', 'loss', 'result', 'outputs']) await cellOk(page, id, 30000);
  assert.equal(await seedBox.inputValue(), '8');
  assert.deepEqual(site.errors.filter((e) => !/seed is defined more than once/.test(e)), []);
  site.errors.length = 0;
  await page.close();
});

test('a long run shows progress in its cell, and Stop keeps what was learned', async () => {
  const page = await site.page('notebook.html?nb=train#training-steps=2000&hidden-units=128');
  await page.waitForSelector('[data-cell="run"] .nb-progress:not([hidden])');
  await page.waitForFunction(() => document.querySelector('[data-cell="run"] progress').value > 0.01);
  await page.click('[data-cell="run"] .nb-stop');
  await cellOk(page, 'outputs');
  assert.match(await page.textContent('[data-cell="run"] .nb-message'), /stopped at step \d+/);
  const steps = Number((await prose(page)).match(/After (\d+) steps/)[1]);
  assert.ok(steps > 0 && steps < 2000, `stopped after ${steps} steps`);
  await page.close();
});

test('figures save as PNG, SVG and CSV; results as JSON and .npy', async () => {
  const page = await site.page(`notebook.html?nb=train${QUICK}`);
  await cellOk(page, 'outputs');
  const download = async (cell, label) => {
    await page.locator(`[data-cell="${cell}"]`).hover();
    await page.click(`[data-cell="${cell}"] .nb-save summary`);
    const [file] = await Promise.all([
      page.waitForEvent('download'),
      page.click(`[data-cell="${cell}"] .nb-save-menu button:text-is("${label}")`),
    ]);
    return { name: file.suggestedFilename(), bytes: await readFile(await file.path()) };
  };
  const png = await download('loss', 'PNG image');
  assert.equal(png.name, 'train-loss.png');
  assert.deepEqual([...png.bytes.subarray(1, 4)], [0x50, 0x4e, 0x47]);
  const svg = await download('outputs', 'SVG image');
  assert.match(svg.bytes.toString(), /^<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
  const outPng = await download('outputs', 'PNG image');
  assert.deepEqual([...outPng.bytes.subarray(1, 4)], [0x50, 0x4e, 0x47]);
  const curveCsv = (await download('loss', 'Data (CSV)')).bytes.toString().trim().split('\n');
  assert.equal(curveCsv[0], 'step,loss');
  assert.equal(curveCsv.length, 51);
  const figCsv = (await download('outputs', 'Data (CSV)')).bytes.toString();
  assert.deepEqual(figCsv.split('\n')[0].split(',').sort(), ['channel', 'kind', 'mark', 't', 'value']);
  await page.check('#nb-show-code');  // the result cell has no output: its tools show with the code
  const json = JSON.parse((await download('result', 'result (JSON)')).bytes.toString());
  assert.equal(json.kind, 'train');
  assert.equal(json.scalars.steps_done, 50);
  assert.equal(json.arrays.loss.data.length, 50);
  const npy = (await download('result', 'result.loss (.npy)')).bytes;
  assert.equal(npy.subarray(1, 6).toString(), 'NUMPY');
  const headerLength = npy.readUInt16LE(8);
  assert.match(npy.subarray(10, 10 + headerLength).toString(), /'shape': \(50,\)/);
  assert.equal((npy.length - 10 - headerLength) / 8, 50);
  assert.equal(new Float64Array(npy.buffer.slice(npy.byteOffset + 10 + headerLength, npy.byteOffset + npy.length))[0],
    json.arrays.loss.data[0]);
  await page.close();
});

test('a notebook downloads as Markdown with its edits and opens again from a file', async () => {
  const page = await site.page(`notebook.html?nb=train${QUICK}`);
  await cellOk(page, 'outputs');
  await editCell(page, 'loss', '"edited loss cell"');
  await page.waitForFunction(() => /edited loss cell/.test(document.querySelector('[data-cell="loss"]').textContent));
  const [file] = await Promise.all([page.waitForEvent('download'), page.click('#nb-download')]);
  assert.equal(file.suggestedFilename(), 'train.md');
  const text = (await readFile(await file.path())).toString();
  assert.match(text, /^---\ntitle: Train a recurrent network/);
  assert.match(text, /```js id=loss\n"edited loss cell"\n```/);
  await page.click('#nb-reset');

  const opened = text.replace('title: Train a recurrent network', 'title: My copy')
    .replace('"edited loss cell"', '"from my file"');
  await page.setInputFiles('#nb-open', { name: 'mine.md', mimeType: 'text/markdown', buffer: Buffer.from(opened) });
  const frame = page.frameLocator('iframe.nb-sandbox');  // an opened file runs isolated
  await frame.locator('[data-cell="loss"]', { hasText: 'from my file' }).waitFor({ timeout: 60000 });
  assert.equal(await page.title(), 'My copy · rnnbook');
  await frame.locator('[data-cell="outputs"][data-status="ok"]').waitFor({ timeout: 60000, state: 'attached' });
  assert.match(await page.textContent('#notices'), /mine.md, opened from your computer/);
  // An edit made in the opened notebook is in the .md it downloads.
  const openedCell = frame.locator('.nb-cell[data-cell="loss"]');
  await openedCell.hover();
  await openedCell.locator('.nb-edit').click();
  await openedCell.locator('.cm-content').fill('"edited in my file"');
  await openedCell.locator('.nb-run').click();
  await openedCell.locator('.nb-output', { hasText: 'edited in my file' }).waitFor();
  await page.waitForTimeout(300);  // the sandbox's message with the sources reaches the page
  // (A mouse click could miss: the editor's focus in the frame scrolls the page back while Playwright aims.)
  const [mine] = await Promise.all([page.waitForEvent('download'), page.locator('#nb-download').dispatchEvent('click')]);
  assert.equal(mine.suggestedFilename(), 'mine.md');
  const mineText = (await readFile(await mine.path())).toString();
  assert.match(mineText, /^---\ntitle: My copy/);
  assert.match(mineText, /```js id=loss\n"edited in my file"\n```/);
  assert.equal(mineText.replace('"edited in my file"', '"from my file"'), opened, 'nothing else changed');

  // A file far larger than any notebook is refused with its size; the notebook shown stays.
  await page.setInputFiles('#nb-open', { name: 'huge.md', mimeType: 'text/markdown', buffer: Buffer.alloc(5 * 2 ** 20, 'x') });
  await page.waitForFunction(() => /huge\.md/.test(document.getElementById('notices').textContent));
  assert.match(await page.textContent('#notices'), /could not open huge\.md: it is 5 MB; notebook files up to 4 MB open here/);
  assert.equal(await page.title(), 'My copy · rnnbook');
  await frame.locator('[data-cell="loss"]', { hasText: 'edited in my file' }).waitFor();

  const broken = '---\ntitle: [unclosed\n---\n# Broken\n\n```js id=a\nconst a = 1\n\n```js id=b\na + 1\n```\n';
  const asked = [];
  page.once('dialog', (dialog) => { asked.push(dialog.type()); dialog.accept(); });  // over the edit made in mine.md: open it
  await page.setInputFiles('#nb-open', { name: 'broken.md', mimeType: 'text/markdown', buffer: Buffer.from(broken) });
  const brokenFrame = page.frameLocator('iframe.nb-sandbox');
  await brokenFrame.locator('[data-cell="b"]', { hasText: '2' }).waitFor({ timeout: 30000 });
  const notices = await brokenFrame.locator('#notices').textContent();
  assert.match(notices, /front matter:/);
  assert.match(notices, /cell at line 6: its ``` fence is never closed/);
  assert.deepEqual(asked, ['confirm']);
  await page.close();
});

test('an opened notebook that starts with a cell shows that cell\'s tools whole, and Edit opens its editor', async () => {
  const page = await site.page('notebook.html?file=open');
  await page.setInputFiles('#nb-open', { name: 'first.md', mimeType: 'text/markdown', buffer: Buffer.from('```js id=a\n"first cell"\n```\n') });
  const frame = page.frameLocator('iframe.nb-sandbox');
  const cell = frame.locator('.nb-cell[data-cell="a"]');
  await cell.locator('.nb-output', { hasText: 'first cell' }).waitFor({ timeout: 30000 });
  await cell.hover();
  const top = await cell.locator('.nb-edit').evaluate((b) => b.getBoundingClientRect().top);
  assert.ok(top >= 0, `the Edit button starts ${top}px from the frame's top`);
  await cell.locator('.nb-edit').click({ timeout: 5000 });
  await cell.locator('.cm-content').waitFor();
  await page.close();
});

test('a share link with edited code runs it sandboxed: it cannot read the site\'s storage or cookies', async () => {
  const page = await site.page(`notebook.html?nb=train${QUICK}`);
  await cellOk(page, 'outputs');
  await page.evaluate(() => { localStorage.setItem('rnnbook-secret', 'host-secret'); document.cookie = 'session=host-cookie'; });
  const probe = [
    'html`<p id="probe">storage: ${(() => { try { return globalThis["local" + "Storage"].getItem("rnnbook-secret") ?? "none"; } catch (e) { return e.name; } })()};',
    'cookie: ${(() => { try { return document.cookie || "empty"; } catch (e) { return e.name; } })()};',
    'parent: ${(() => { try { return String(window.parent.document.cookie); } catch (e) { return e.name; } })()};',
    'steps: ${run.config.steps}</p>`',
  ].join(' ');
  await editCell(page, 'loss', probe);
  await page.waitForSelector('#probe');
  assert.match(await page.textContent('#probe'), /storage: host-secret/, 'on the site itself an edit is the reader\'s own code');
  await page.click('#nb-share');
  // The link is written when the edits are compressed (async): wait for it.
  await page.waitForFunction(() => document.getElementById('nb-share-link').value.includes('edits='));
  const link = await page.inputValue('#nb-share-link');
  assert.match(link, /#training-steps=50&edits=[\w-]+$/);
  await page.click('#nb-reset');

  const shared = await site.page('index.html');  // a new browser context: the site's data set again
  await shared.evaluate(() => { localStorage.setItem('rnnbook-secret', 'host-secret'); document.cookie = 'session=host-cookie'; });
  await shared.goto(link);
  const frame = shared.frameLocator('iframe.nb-sandbox');
  await frame.locator('#probe').waitFor({ timeout: 60000 });
  const text = await frame.locator('#probe').textContent();
  assert.match(text, /storage: SecurityError;/);
  assert.match(text, /cookie: SecurityError;/);
  assert.match(text, /parent: SecurityError;/);
  assert.match(text, /steps: 50/, 'the link\'s control values reach the sandbox');
  await frame.locator('[data-cell="outputs"] svg').first().waitFor({ timeout: 60000 });
  assert.match(await shared.textContent('#notices'), /This link carries edited code\. It runs isolated/);
  assert.equal(await shared.evaluate(() => localStorage.getItem('rnnbook-secret')), 'host-secret');
  const height = await shared.$eval('iframe.nb-sandbox', (f) => parseFloat(f.style.height));
  assert.ok(height > 800, `the sandbox iframe grows to its content (${height}px)`);

  // A control moved inside the sandbox updates the page's address, and the edits stay in it.
  await frame.locator('[data-cell="seed"] input[type=number]').fill('9');
  await frame.locator('[data-cell="seed"] input[type=number]').dispatchEvent('input');
  await shared.waitForFunction(() => /seed=9/.test(location.hash) && /edits=/.test(location.hash));

  // A damaged edits= (not base64, or a link cut short in an e-mail) falls back to the author's version and says so.
  const edits = new URLSearchParams(new URL(link).hash.slice(1)).get('edits');
  for (const damaged of ['@@@', edits.slice(0, edits.length >> 1)]) {
    await shared.goto(`${site.url}notebook.html?nb=train#training-steps=50&edits=${damaged}`);
    await cellOk(shared, 'outputs');
    assert.equal(await shared.textContent('#notices'),
      'the edited code in this link could not be read (it is damaged or cut short); showing the author\'s version');
  }
  await shared.close();
  await page.close();
});

test('Reset of a link with edits, after edits made in it, asks first: No keeps the link\'s edits in the address', async () => {
  const page = await site.page(`notebook.html?nb=train${QUICK}`);
  await cellOk(page, 'outputs');
  await editCell(page, 'loss', '"shared edit"');
  await page.locator('[data-cell="loss"] .nb-output', { hasText: 'shared edit' }).waitFor({ timeout: 10000 });  // Share reads the edit once it ran
  await page.click('#nb-share');
  await page.waitForFunction(() => document.getElementById('nb-share-link').value.includes('edits='), null, { timeout: 10000 });
  const link = await page.inputValue('#nb-share-link');
  await page.click('#nb-reset');
  await page.close();

  const shared = await site.page(null);
  await shared.goto(link);
  const cell = shared.frameLocator('iframe.nb-sandbox').locator('.nb-cell[data-cell="loss"]');
  await cell.locator('.nb-output', { hasText: 'shared edit' }).waitFor({ timeout: 60000 });
  await cell.hover();
  await cell.locator('.nb-edit').click();
  await cell.locator('.cm-content').fill('"my further edit"');
  await cell.locator('.nb-run').click();
  await cell.locator('.nb-output', { hasText: 'my further edit' }).waitFor({ timeout: 10000 });
  await shared.waitForTimeout(300);  // the sandbox's message reaches the page
  // The toolbar is scrolled out of view by the sandbox's editor; Playwright's own scrolling misses it.
  const reset = async () => { await shared.evaluate(() => window.scrollTo(0, 0)); await shared.click('#nb-reset'); };
  const asked = [];
  let answer = false;
  shared.on('dialog', (dialog) => { asked.push(`${dialog.type()}: ${dialog.message()}`); answer ? dialog.accept() : dialog.dismiss(); });
  await reset();
  await shared.waitForTimeout(1000);  // a reset that went ahead would have changed the address by now
  assert.deepEqual(asked, ['confirm: Reset to the author\'s version? Changes that you made to this notebook may not be saved.']);
  assert.equal(shared.url(), link, 'the link keeps its edits: Share and a reload still carry them');
  assert.equal(await cell.locator('.nb-output').textContent(), '"my further edit"');

  answer = true;  // Yes: the author's version, asked once (no second question as the page reloads)
  await reset();
  await cellOk(shared, 'outputs');
  assert.doesNotMatch(shared.url(), /edits=/);
  assert.equal(asked.length, 2);
  assert.match(asked[1], /^confirm: /);
  await shared.goto(link);  // nothing edited in the sandbox: Reset asks nothing
  await cell.locator('.nb-output', { hasText: 'shared edit' }).waitFor({ timeout: 60000 });
  await reset();
  await cellOk(shared, 'outputs');
  assert.equal(asked.length, 2);
  await shared.close();
});

test('the notebook pages load nothing from another origin', () => {
  const foreign = site.requests.filter((u) => !u.startsWith(site.url) && !/^(data|blob):/.test(u));
  assert.deepEqual(foreign, []);
  assert.deepEqual(site.errors.filter((e) => !/kaboom|SyntaxError|loop ran/.test(e)), []);
});
