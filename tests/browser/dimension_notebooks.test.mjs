// The two notebooks of issue 6 (items 6 and 7) run with their defaults in Chromium and draw their
// figures, each printing its run time; the paste cell of "How many dimensions?" gives the documented
// TwoNN and participation ratio of points typed in by the user (docs/js-api.md, low-level functions).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { checkStopOfRuns, openSite, overlappingLabels } from './browser.mjs';

let site;
before(async () => { site = await openSite(); });
after(async () => { await site?.close(); });

const done = (page, id) => page.waitForSelector(`[data-cell="${id}"][data-status="ok"]`, { timeout: 600000, state: 'attached' });
const prose = (page) => page.evaluate(() => document.getElementById('notebook').innerText.replace(/\s+/g, ' '));
const cellText = (page, id) => page.$eval(`[data-cell="${id}"]`, (el) => el.innerText.replace(/\s+/g, ' '));

test('How many dimensions?: explorer, MLP layers, RNN hidden states and pasted points', async () => {
  const started = Date.now();
  const page = await site.page('notebook.html?nb=dimensionality');
  await done(page, 'estimates');
  await done(page, 'spectrum');
  const explorer = (Date.now() - started) / 1000;
  await page.waitForSelector('[data-cell="layer_loss"] canvas', { timeout: 60000 });
  await page.waitForSelector('[data-cell="rnn_track"] svg', { timeout: 600000 });  // the live figure, before the end
  await done(page, 'layer_profile');
  await done(page, 'layer_table');
  await done(page, 'rnn_table');
  await done(page, 'own');
  console.log(`dimensionality notebook: explorer ${explorer.toFixed(1)} s, everything ${((Date.now() - started) / 1000).toFixed(1)} s`);

  assert.equal(await page.$$eval('[data-cell="estimates"] svg rect', (r) => r.length) >= 6, true, 'six estimator bars');
  assert.ok(await page.$('[data-cell="spectrum"] svg'), 'spectrum drawn');
  assert.ok(await page.$$eval('[data-cell="layer_profile"] svg', (s) => s.length) >= 1, 'layer profiles drawn');
  assert.equal(await page.$$eval('[data-cell="layer_table"] tbody tr', (rows) => rows.length), 4, 'two inputs x two measures');
  assert.equal(await page.$$eval('[data-cell="rnn_table"] tbody tr', (rows) => rows.length), 11, 'steps 0, 100, ..., 1000');
  const text = await prose(page);
  assert.match(text, /The true dimension is 2\. TwoNN says \d\.\d\d/);
  assert.match(text, /In \d of 4 cases the trained network.s last hidden layer uses fewer dimensions/);
  assert.match(text, /the participation ratio of the hidden states went from \d+\.\d\d to \d+\.\d\d/);
  // the states come from the core (measures.eval_hidden): 64 trials x T states of the 3-bit flip-flop
  assert.match(text, /went from \d+\.\d\d to \d+\.\d\d .*for a task of\s+3 bits\./s);

  // The clusters' four ratios for the default seed fall in the spreads the prose quotes over seeds 0-4
  // (TwoNN and PR trained / initial, then TwoNN and PR last / first hidden layer).
  const quoted = text.match(/the notebook.s own runs measure (\d\.\d\d)–(\d\.\d\d), (\d\.\d\d)–(\d\.\d\d), (\d\.\d\d)–(\d\.\d\d) and (\d\.\d\d)–(\d\.\d\d) over seeds 0–4/).slice(1).map(Number);
  const layerRatios = await page.$$eval('[data-cell="layer_table"] tbody tr', (rows) => Object.fromEntries(rows
    .filter((r) => /clusters/.test(r.cells[0].textContent)).map((r) => [r.cells[1].textContent, [6, 5].map((i) => Number(r.cells[i].textContent))])));
  [layerRatios.TwoNN[0], layerRatios['participation ratio'][0], layerRatios.TwoNN[1], layerRatios['participation ratio'][1]].forEach((v, i) =>
    assert.ok(v >= quoted[2 * i] && v <= quoted[2 * i + 1], `clusters ratio ${i}: ${v}, the prose says ${quoted[2 * i]}–${quoted[2 * i + 1]}`));
  // The RNN's hidden states with the default seed, as the prose says: after step 200 TwoNN stays between
  // about 3 and 4.5 and the participation ratio ends at about 5-7.
  assert.match(text, /Afterwards TwoNN stays between about 3 and 4\.5, near the number of bits, while the participation ratio climbs back to about 5–7/);
  const track = await page.$$eval('[data-cell="rnn_table"] tbody tr', (rows) => rows.map((r) => [...r.cells].map((c) => Number(c.textContent))));
  const later = track.filter(([step]) => step >= 200).map((row) => row[3]);
  assert.ok(Math.min(...later) >= 2.9 && Math.max(...later) <= 4.6, `TwoNN from step 200 on: ${later}`);
  assert.ok(track.at(-1)[2] >= 5 && track.at(-1)[2] <= 7, `final participation ratio ${track.at(-1)[2]}`);

  // The paste cell's example, a closed curve through three coordinates: one-dimensional, PR about 2.2.
  const curve = (await cellText(page, 'own')).match(/200 points in 3 dimensions: TwoNN (\d+\.\d+) \(200 distinct points\), participation ratio (\d+\.\d+)/);
  assert.ok(curve && Math.abs(curve[1] - 1) < 0.15 && Math.abs(curve[2] - 2.2) < 0.1, `curve: ${curve?.[0]}`);
  // Paste cell: the documented values of docs/js-api.md. First a cross in the plane (PR 1.4706) ...
  await page.fill('[data-cell="pasted"] textarea', '1 0\n-1 0\n0 2\n0 -2');
  await page.waitForFunction(() => /4 points in 2 dimensions/.test(document.querySelector('[data-cell="own"]')?.innerText ?? ''));
  assert.match(await cellText(page, 'own'), /participation ratio 1\.4706/);
  // ... then four points on a line and a repeat: TwoNN = 3 / (ln 3 + ln 2 + 2 ln 1.5) = 1.152654.
  await page.fill('[data-cell="pasted"] textarea', '0\n1\n3\n7\n1');
  await page.waitForFunction(() => /5 points in 1 dimension/.test(document.querySelector('[data-cell="own"]')?.innerText ?? ''));
  assert.match(await cellText(page, 'own'), /TwoNN 1\.1527 \(4 distinct points\), participation ratio 1\.0000/);
  // A malformed line is an error at the cell that names the row, and the notebook goes on.
  await page.fill('[data-cell="pasted"] textarea', '0 1\n2 x');
  await page.waitForSelector('[data-cell="own"][data-status="error"]', { state: 'attached' });
  assert.match(await cellText(page, 'own'), /row 1/);
  await page.fill('[data-cell="pasted"] textarea', '0\n1\n3\n7\n1');
  await done(page, 'own');
  assert.deepEqual(site.errors.filter((e) => !/row 1/.test(e)), []);
  // On a phone the layer profiles label only the ends: "input h1 h2 ... output" ran together.
  await page.setViewportSize({ width: 375, height: 740 });
  assert.deepEqual(await overlappingLabels(page, { redrawn: ['layer_profile'] }), []);
  site.errors.length = 0;
  await page.close();
});

test('Flatness and compression: live measures, the comparison and the bounds below 1', async () => {
  const started = Date.now();
  const page = await site.page('notebook.html?nb=flatness');
  await page.waitForSelector('[data-cell="sharpness"] canvas', { timeout: 60000 });
  await done(page, 'table');
  await done(page, 'verdict');
  await done(page, 'within');
  await done(page, 'bounds');
  console.log(`flatness notebook: ${((Date.now() - started) / 1000).toFixed(1)} s`);
  for (const id of ['loss', 'sharpness', 'mls', 'ld', 'logvol']) assert.ok(await page.$(`[data-cell="${id}"] canvas`), `${id} curve`);
  assert.equal(await page.$$eval('[data-cell="table"] tbody tr', (rows) => rows.length), 3, 'three default settings');
  assert.equal(await page.$$eval('[data-cell="spread"] svg g[aria-label="dot"] circle', (dots) => dots.length), 3 * 5 + 3,
    'a dot per setting and seed, and a ring per setting');
  assert.ok(await page.$('[data-cell="bounds"] svg'), 'bounds figure drawn');
  const text = await prose(page);
  assert.match(text, /From flattest to sharpest \(medians over the 5 seeds\): .+ < .+ < .+\./);
  assert.match(text, /ends flatter than .+ in [0-5] of 5 seeds and less sensitive in [0-5] of 5\./);
  assert.match(text, /Rank correlation over the 3 settings: sharpness with MLS -?\d\.\d\d, with LD -?\d\.\d\d; over all 15 runs, sharpness with MLS -?\d\.\d\d/);
  // The default seeds' medians of eta = 0.2 against eta = 0.05 fall in the per-seed spreads the prose quotes.
  const medians = Object.fromEntries(await page.$$eval('[data-cell="table"] tbody tr', (rows) =>
    rows.map((r) => [r.cells[0].textContent, [...r.cells].slice(1, 4).map((c) => Number(c.textContent))])));
  const [, ...spreads] = text.match(/0\.2 ends (\d+)–(\d+) % flatter than .{1,20}0\.05, with an MLS lower by (\d+)–(\d+) % .*? and an LD lower by (\d+)–(\d+) %/).map(Number);
  ['sharpness', 'MLS', 'LD'].forEach((measure, i) => {
    const lower = 100 * (1 - medians['η = 0.2, B = 8'][i] / medians['η = 0.05, B = 8'][i]);
    assert.ok(lower >= spreads[2 * i] && lower <= spreads[2 * i + 1], `${measure} lower by ${lower.toFixed(1)} %, the prose says ${spreads[2 * i]}–${spreads[2 * i + 1]} %`);
  });
  const worst = Number(text.match(/Largest ratio over all bounds, checkpoints and runs: (\d+\.\d+)/)[1]);
  assert.ok(worst <= 1, `every bound holds (largest ratio ${worst})`);
  assert.match(text, /every bound holds/);
  assert.deepEqual(site.errors, []);
  await page.close();
});

test('Flatness and compression: Stop of its 15 runs says so in the results, and Run trains them again',
  () => checkStopOfRuns(site, 'flatness', { runs: 15, again: 'press Run to train them again', runAgain: true }));
