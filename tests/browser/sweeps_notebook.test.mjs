// The Sweeps notebook (issue 20): a grid of trainings runs in the page with rnnbook.sweep, with progress
// and Stop, and plots any scalar against a grid axis with the spread over seeds; a table made by
// `rnnbook collect` (tests/browser/fixtures) opens through the file picker and by drag and drop, and a
// bad file gets a message while the page goes on.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { openSite } from './browser.mjs';

let site;
before(async () => { site = await openSite(); });
after(async () => { await site?.close(); });

const fixture = (name) => readFile(new URL(`fixtures/${name}`, import.meta.url));
const ok = (page, id, timeout = 120000) => page.waitForSelector(`[data-cell="${id}"][data-status="ok"]`, { timeout, state: 'attached' });
const text = (page, selector) => page.$eval(selector, (el) => el.textContent.replace(/\s+/g, ' ').trim());
// The cell's rows of the summary table: [[x, (colour,) rows, median, lowest, highest], ...].
const summaryRows = (page, id) => page.$$eval(`[data-cell="${id}"] tbody tr`, (rows) => rows.map((r) => [...r.cells].map((c) => c.textContent.trim())));
const pick = (page, id, key, value) => page.selectOption(`[data-cell="${id}"] select[data-pick="${key}"]`, value);
const dotsOf = (page, id) => page.$$eval(`[data-cell="${id}"] svg g[aria-label="dot"]`, (groups) => groups.map((g) => g.children.length));
// The opened table's summary: fileSummary was already 'ok' (empty) before the file, so its status does not tell.
const tableShown = (page) => page.waitForFunction(() => document.querySelectorAll('[data-cell="fileSummary"] tbody tr').length > 0 &&
  document.querySelector('[data-cell="filePick"] select[data-pick="x"]'), null, { timeout: 10000 });
const status = (page) => page.$eval('[data-cell="file"] [data-file-status]', (p) => ({ text: p.textContent, kind: p.dataset.kind, role: p.getAttribute('role') }));

/** Drops files on the notebook's drop zone with a synthetic drag-and-drop (what a browser sends). */
const drop = (page, files) => page.evaluate((files) => {
  const data = new DataTransfer();
  for (const { name, text, type } of files) data.items.add(new File([text], name, { type }));
  const zone = document.querySelector('[data-cell="file"] [data-drop]');
  const over = new DragEvent('dragover', { dataTransfer: data, bubbles: true, cancelable: true });
  zone.dispatchEvent(over);
  const dropped = new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true });
  zone.dispatchEvent(dropped);
  return over.defaultPrevented && dropped.defaultPrevented;  // else the browser would open the file instead
}, files);

test('Sweeps: the grid runs on the pool, then any scalar against any axis with the spread over seeds', async () => {
  const started = Date.now();
  const page = await site.page('notebook.html?nb=sweeps');
  await ok(page, 'pageSummary');
  console.log(`sweeps notebook: the 15-point grid and its plot in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  assert.match(await text(page, '[data-cell="sweep"] [data-sweep-progress]'), /^15 of 15 points done in \d+\.\d s$/);
  assert.ok(await page.isDisabled('[data-cell="sweep"] [data-sweep-stop]'), 'nothing left to stop');
  // The default pool: one worker per core but one (1 on this 2-core machine and on CI).
  const workers = await page.evaluate(() => Math.max(1, Math.min(navigator.hardwareConcurrency - 1, 8)));
  assert.match(await text(page, '#notebook'), new RegExp(`This page trains ${workers} runs? at a time`));
  // Eval loss against the learning rate: a dot per point, a median per learning rate, on a log scale.
  assert.deepEqual(await dotsOf(page, 'pagePlot'), [15, 5]);
  assert.equal(await page.$eval('[data-cell="pagePick"] input[data-pick="log"]', (c) => c.checked), true);
  const rows = await summaryRows(page, 'pageSummary');
  assert.deepEqual(rows.map((r) => [r[0], r[1]]), [['0.001', '3'], ['0.003', '3'], ['0.01', '3'], ['0.03', '3'], ['0.1', '3']]);
  for (const [, , median, low, high] of rows) assert.ok(Number(low) <= Number(median) && Number(median) <= Number(high));
  // What the prose says of the defaults (the same bits on every machine).
  assert.match(await text(page, '[data-cell="pageSummary"] [data-summary]'),
    /^The median eval_loss is lowest at optimizer\.lr = 0\.003, 0\.13\d, and highest at optimizer\.lr = 0\.1, 0\.9\d\d\.$/);
  const medians = rows.map((r) => Number(r[2]));
  assert.ok(medians[2] < medians[0] && medians[3] > 2 * medians[1], `0.01 below 0.001, 0.03 far above 0.003: ${medians}`);

  // Another scalar against another axis: final_loss per seed, each over the 5 learning rates.
  await pick(page, 'pagePick', 'y', 'final_loss');
  await pick(page, 'pagePick', 'x', 'seed');
  await page.uncheck('[data-cell="pagePick"] input[data-pick="log"]');
  await page.waitForFunction(() => /final_loss is lowest at seed = \d/.test(document.querySelector('[data-cell="pageSummary"] [data-summary]')?.textContent ?? ''));
  assert.deepEqual((await summaryRows(page, 'pageSummary')).map((r) => [r[0], r[1]]), [['0', '5'], ['1', '5'], ['2', '5']]);
  assert.deepEqual(await dotsOf(page, 'pagePlot'), [15, 3]);
  // Coloured by learning rate: one group per seed and rate.
  await pick(page, 'pagePick', 'colour', 'optimizer.lr');
  await page.waitForFunction(() => document.querySelectorAll('[data-cell="pageSummary"] tbody tr').length === 15);
  assert.deepEqual(site.errors, []);
  await page.close();
});

test('Sweeps: Stop ends the grid, the finished points are plotted and the others counted as left out', async () => {
  const page = await site.page('notebook.html?nb=sweeps&workers=2#training-steps=2000');
  await page.waitForFunction(() => /This page trains 2 runs at a time/.test(document.getElementById('notebook').textContent));
  await page.waitForFunction(() => /^[1-9]\d* of 15 points done/.test(document.querySelector('[data-sweep-progress]')?.textContent ?? ''),
    null, { timeout: 120000, polling: 100 });
  await page.click('[data-cell="sweep"] [data-sweep-stop]');
  await page.waitForFunction(() => /^stopped: /.test(document.querySelector('[data-sweep-progress]')?.textContent ?? ''), null, { timeout: 10000 });
  const [, finished] = (await text(page, '[data-sweep-progress]')).match(/^stopped: (\d+) of 15 points finished$/).map(Number);
  assert.ok(finished >= 1 && finished < 15, `${finished} finished`);
  await ok(page, 'pagePlot', 10000);
  assert.deepEqual(await dotsOf(page, 'pagePlot'), [finished, new Set(await page.$$eval('[data-cell="pageSummary"] tbody tr td:first-child', (t) => t.map((c) => c.textContent))).size]);
  assert.match(await text(page, '[data-cell="pagePlot"] figcaption'), new RegExp(`^${finished} rows?; ${15 - finished} left out \\(failed, stopped, not run or not above 0\\)\\.`));
  // Run starts the same grid again (it stayed disabled: the sweep is no experiment() run); a grid that a new
  // Run replaced does not re-enable it, a grid stopped by its Stop does.
  const run = page.locator('[data-cell="settings"] .rnnbook-submit-form > button');
  const pointsDone = (points) => page.waitForFunction((points) => new RegExp(`^\\d+ of ${points} points done`).test(document.querySelector('[data-sweep-progress]')?.textContent ?? ''),
    points, { timeout: 120000, polling: 100 });
  await page.waitForFunction(() => !document.querySelector('[data-cell="settings"] .rnnbook-submit-form > button').disabled, null, { timeout: 10000 });
  await run.click();
  await pointsDone(15);
  assert.ok(await run.isDisabled(), 'the grid of these settings is under way');
  await page.locator('[data-cell="settings"] input[type=number]').first().fill('2');
  await run.click();
  await pointsDone(10);
  await page.waitForTimeout(500);
  assert.ok(await run.isDisabled(), 'a replaced grid does not re-enable Run');
  await page.click('[data-cell="sweep"] [data-sweep-stop]');
  await page.waitForFunction(() => /^stopped: /.test(document.querySelector('[data-sweep-progress]')?.textContent ?? ''), null, { timeout: 10000 });
  await page.waitForFunction(() => !document.querySelector('[data-cell="settings"] .rnnbook-submit-form > button').disabled, null, { timeout: 10000 });
  assert.deepEqual(site.errors, []);
  await page.close();
});

test('Sweeps: a table from rnnbook collect opens by the file picker (CSV) and by drag and drop (JSON), the same rows', async () => {
  const page = await site.page('notebook.html?nb=sweeps&workers=1#training-steps=50&seeds=1');
  await ok(page, 'file');
  // filePlot renders after file: wait for its own status (CI saw it still empty when 'file' was ok).
  await ok(page, 'filePlot', 10000);
  assert.match(await text(page, '[data-cell="filePlot"]'), /No table opened yet/);
  await page.setInputFiles('[data-cell="file"] input[type=file]', { name: 'table.csv', mimeType: 'text/csv', buffer: await fixture('sweep-table.csv') });
  await page.waitForFunction(() => document.querySelector('[data-cell="file"] [data-file-status]')?.dataset.kind === 'ok');
  assert.deepEqual(await status(page), { text: 'table.csv: 12 rows, 14 columns.', kind: 'ok', role: 'status' });
  await tableShown(page);
  // The first grid axis that is not the seed, against eval_loss; the point that did not run is left out.
  assert.equal(await page.$eval('[data-cell="filePick"] select[data-pick="x"]', (s) => s.value), 'task.name');
  assert.equal(await page.$eval('[data-cell="filePick"] select[data-pick="y"]', (s) => s.value), 'eval_loss');
  assert.deepEqual(await dotsOf(page, 'filePlot'), [11, 2]);
  assert.match(await text(page, '[data-cell="filePlot"] figcaption'), /^11 rows; 1 left out/);
  const csvRows = await summaryRows(page, 'fileSummary');
  assert.deepEqual(csvRows.map((r) => [r[0], r[1]]), [['flip_flop', '5'], ['sine_wave', '6']]);
  assert.match(await text(page, '[data-cell="fileSummary"] [data-summary]'), /lowest at task\.name = sine_wave, 0\.25\d/);
  await pick(page, 'filePick', 'colour', 'model.rank');
  await page.waitForFunction(() => document.querySelectorAll('[data-cell="fileSummary"] tbody tr').length === 4);
  const csvByRank = await summaryRows(page, 'fileSummary');

  // The JSON of the same table, dropped on the box: the same rows, the same numbers.
  assert.equal(await drop(page, [{ name: 'table.json', text: (await fixture('sweep-table.json')).toString(), type: 'application/json' }]), true);
  await page.waitForFunction(() => document.querySelector('[data-cell="file"] [data-file-status]')?.textContent.startsWith('table.json'));
  assert.deepEqual(await status(page), { text: 'table.json: 12 rows, 14 columns.', kind: 'ok', role: 'status' });
  await page.waitForFunction(() => document.querySelector('[data-cell="filePick"] select[data-pick="colour"]')?.value === 'none' &&
    document.querySelectorAll('[data-cell="fileSummary"] tbody tr').length === 2);
  assert.deepEqual(await summaryRows(page, 'fileSummary'), csvRows);
  await pick(page, 'filePick', 'colour', 'model.rank');
  await page.waitForFunction(() => document.querySelectorAll('[data-cell="fileSummary"] tbody tr').length === 4);
  assert.deepEqual(await summaryRows(page, 'fileSummary'), csvByRank);
  assert.deepEqual(site.errors, []);
  await page.close();
});

test('Sweeps: a bad file gets a message that says why, and the table shown before stays', async () => {
  const page = await site.page('notebook.html?nb=sweeps&workers=1#training-steps=50&seeds=1');
  await ok(page, 'file');
  await page.setInputFiles('[data-cell="file"] input[type=file]', { name: 'table.csv', mimeType: 'text/csv', buffer: await fixture('sweep-table.csv') });
  await page.waitForFunction(() => document.querySelector('[data-cell="file"] [data-file-status]')?.dataset.kind === 'ok');
  await tableShown(page);
  const before = await summaryRows(page, 'fileSummary');
  const bad = [
    ['notes.txt', 'just some notes\nand more\n', /^notes\.txt is not a sweep table: its first line has 1 column; expected a header such as index,seed,\.\.\.,error\./],
    ['table.json', '{"columns": ["index", "seed"', /^table\.json is not valid JSON \(.+\)\./],
    ['other.json', '{"name": "not a table", "rows": 3}', /^other\.json is not a sweep table: expected \{"columns": \[\.\.\.\], "rows": \[\.\.\.\]\}, as rnnbook collect writes in table\.json\./],
    ['rows.json', '{"columns": ["index", "x"], "rows": [[0, 1], 7]}', /^rows\.json: row 2 is neither an object nor a list of 2 values\./],
    ['words.csv', 'name,colour\n"a","b"\n"c","d"\n', /^words\.csv has no numeric column to plot \(its columns: name, colour\)\./],
    ['ragged.csv', 'index,seed,eval_loss\n0,1,0.5\n1,2\n', /^ragged\.csv: line 3 has 2 cells, the header has 3\./],
    ['header.csv', 'index,seed,eval_loss\n', /^header\.csv has a header but no rows\./],
    ['quote.csv', 'index,error\n0,"never closed\n', /^quote\.csv: a quoted cell that starts on line 2 is never closed\./],
    ['empty.csv', '', /^empty\.csv is empty\./],
    ['weights.npy', '\x93NUMPY\x01\x00v\x00{"descr": "<f8"}\x00\x00\x00', /^weights\.npy is not a text table \(it holds binary data\); open table\.csv or table\.json\./],
  ];
  for (const [i, [name, body, message]] of bad.entries()) {
    // Half by the file picker, half dropped.
    if (i % 2) await drop(page, [{ name, text: body, type: '' }]);
    else await page.setInputFiles('[data-cell="file"] input[type=file]', { name, mimeType: 'text/plain', buffer: Buffer.from(body, 'latin1') });
    await page.waitForFunction((name) => document.querySelector('[data-cell="file"] [data-file-status]')?.textContent.startsWith(name), name);
    const s = await status(page);
    assert.match(s.text, message, name);
    assert.match(s.text, /Still showing table\.csv\.$/, `${name}: the table opened before stays`);
    assert.deepEqual([s.kind, s.role], ['error', 'alert'], name);
  }
  // A drop without a file (text dragged from elsewhere).
  await page.evaluate(() => {
    const data = new DataTransfer();
    data.setData('text/plain', 'not a file');
    document.querySelector('[data-cell="file"] [data-drop]').dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));
  });
  await page.waitForFunction(() => document.querySelector('[data-cell="file"] [data-file-status]')?.textContent.startsWith('Nothing to open'));
  assert.deepEqual(await summaryRows(page, 'fileSummary'), before, 'the plot and table still show table.csv');
  assert.equal(await page.$$eval('[data-cell="file"], [data-cell="filePick"], [data-cell="filePlot"], [data-cell="fileSummary"]',
    (cells) => cells.map((c) => c.dataset.status).join()), 'ok,ok,ok,ok');
  assert.deepEqual(site.errors, []);
  await page.close();
});

test('a file dropped outside a drop zone is refused, not opened in place of the notebook (its runs would be lost)', async () => {
  const page = await site.page('notebook.html?nb=sweeps');
  await ok(page, 'file');
  const outside = await page.evaluate(() => {
    const data = new DataTransfer();
    data.items.add(new File(['a,b\n1,2\n'], 'table.csv', { type: 'text/csv' }));
    const target = document.querySelector('h1');
    const over = new DragEvent('dragover', { dataTransfer: data, bubbles: true, cancelable: true });
    target.dispatchEvent(over);
    const dropped = new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true });
    target.dispatchEvent(dropped);
    return { over: over.defaultPrevented, dropped: dropped.defaultPrevented };
  });
  // Without the guard (drop-guard.js) neither event is prevented and the browser opens the file.
  assert.deepEqual(outside, { over: true, dropped: true });
  await page.close();
});

test('Sweeps: the page\'s table saves as table.json and table.csv, and each opens again to the same rows', async () => {
  const page = await site.page('notebook.html?nb=sweeps');
  await ok(page, 'pageSummary');
  await ok(page, 'pageSave');
  const saved = async (kind) => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.click(`[data-cell="pageSave"] [data-save="${kind}"]`)]);
    return { name: download.suggestedFilename(), text: (await readFile(await download.path())).toString() };
  };
  const json = await saved('json');
  const csv = await saved('csv');
  assert.equal(json.name, 'table.json');
  assert.equal(csv.name, 'table.csv');
  const table = JSON.parse(json.text);
  assert.equal(table.rows.length, 15);
  assert.deepEqual(table.columns.slice(0, 3), ['index', 'seed', 'optimizer.lr']);
  assert.deepEqual(table.columns.slice(-2), ['timing_ms', 'error']);
  const lines = csv.text.trimEnd().split('\n');
  assert.equal(lines.length, 16);
  assert.equal(lines[0], table.columns.join(','));
  // Every number of the CSV reads back to the JSON's double; null is an empty cell.
  const first = lines[1].split(',');
  table.columns.forEach((c, k) => {
    const v = table.rows[0][c];
    if (v === null) assert.equal(first[k], '', c);
    else if (typeof v === 'number') assert.equal(Number(first[k]), v, c);
  });
  const pageRows = await summaryRows(page, 'pageSummary');
  for (const file of [json, csv]) {
    // The status line changes before the cells below it redraw, and both files give the same rows: mark what the
    // previous file drew, so that the waits below are for this file's controls and table, not the last one's.
    await page.$$eval('[data-cell="filePick"] select, [data-cell="fileSummary"] table', (els) => els.forEach((el) => { el.dataset.previous = ''; }));
    await page.setInputFiles('[data-cell="file"] input[type=file]', { name: file.name, mimeType: 'text/plain', buffer: Buffer.from(file.text) });
    await page.waitForFunction((name) => document.querySelector('[data-cell="file"] [data-file-status]')?.textContent.startsWith(name), file.name);
    assert.match((await status(page)).text, new RegExp(`^${file.name}: 15 rows, ${table.columns.length} columns\\.$`));
    await page.waitForSelector('[data-cell="filePick"] select[data-pick="y"]:not([data-previous])', { state: 'attached', timeout: 10000 });
    await pick(page, 'filePick', 'x', 'optimizer.lr');
    await pick(page, 'filePick', 'y', 'eval_loss');
    await page.waitForFunction(() => document.querySelectorAll('[data-cell="fileSummary"] table:not([data-previous]) tbody tr').length === 5,
      null, { timeout: 10000 });
    assert.deepEqual(await summaryRows(page, 'fileSummary'), pageRows, `${file.name} opens to the page's summary`);
  }
  await page.close();
});
