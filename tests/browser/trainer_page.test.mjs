// The quick trainer page (trainer.html) in real Chromium against the real wasm module in its worker.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { openSite } from './browser.mjs';

let site;
before(async () => { site = await openSite(); });
after(async () => { await site?.close(); });

test('training shows a falling loss, and Stop stops the run', async () => {
  const page = await site.page('trainer.html');
  await page.fill('#steps', '100000');  // far more than the test waits for
  await page.click('#train');
  await page.waitForSelector('body[data-state="running"]');
  await page.waitForFunction(() => {
    const d = document.getElementById('loss-plot').dataset;
    return d.first && Number(d.last) < 0.8 * Number(d.first);
  }, null, { timeout: 60000 });
  const progress = await page.$eval('#progress', (p) => p.value);
  assert.ok(progress > 0 && progress < 1, `progress ${progress}`);
  await page.click('#stop');
  await page.waitForSelector('body[data-state="stopped"]', { timeout: 10000 });
  const status = await page.textContent('#status');
  const match = status.match(/Stopped at step (\d+)/);
  assert.ok(match, status);
  assert.ok(Number(match[1]) > 0 && Number(match[1]) < 100000);
  assert.ok(await page.$('#output-plot svg'), 'the target/output figure is drawn from the partial result');
  assert.equal(await page.isDisabled('#train'), false);
  assert.deepEqual(site.errors, []);
  await page.close();
});

test('a full short run ends with the target/output figure', async () => {
  const page = await site.page('trainer.html');
  await page.fill('#steps', '40');
  await page.click('#train');
  await page.waitForSelector('body[data-state="done"]', { timeout: 60000 });
  assert.match(await page.textContent('#status'), /Done: 40 steps/);
  assert.ok(await page.$('#output-plot svg'));
  assert.deepEqual(site.errors, []);
  await page.close();
});

test('float32: the page trains in the chosen precision and shows steps per second', async () => {
  const page = await site.page('trainer.html');
  await page.fill('#steps', '40');
  await page.selectOption('#precision', 'float32');
  await page.click('#train');
  await page.waitForSelector('body[data-state="done"]', { timeout: 60000 });
  assert.match(await page.textContent('#status'), /Done: 40 steps, .*\(float32, \d+(\.\d)? steps\/s\)/);
  assert.match(await page.inputValue('#config'), /"precision": "float32"/);
  assert.deepEqual(site.errors, []);
  await page.close();
});

test('a bad config shows the core message naming the field, and the page keeps working', async () => {
  const page = await site.page('trainer.html');
  await page.fill('#hidden', '5000');
  await page.click('#train');
  await page.waitForSelector('body[data-state="error"]');
  assert.equal(await page.textContent('#error'),
    'model.hidden: must be an integer in [1, 1024], got 5000');

  await page.fill('#hidden', 'lots');
  await page.click('#train');
  await page.waitForFunction(() => document.getElementById('error').textContent.includes('"lots"'));
  assert.equal(await page.textContent('#error'),
    'model.hidden: must be an integer in [1, 1024], got "lots"');

  await page.click('#advanced summary');
  await page.fill('#config', '{"kind": "train", "model": {"hiden": 3}}');
  await page.fill('#hidden', '16');
  await page.click('#train');
  await page.waitForFunction(() => document.getElementById('error').textContent.includes('hiden'));
  assert.match(await page.textContent('#error'), /^model\.hiden: unknown field; allowed here: hidden/);

  await page.fill('#config', '{"kind": "train", ');
  await page.click('#train');
  await page.waitForFunction(() => document.getElementById('error').textContent.startsWith('config: not valid JSON'));

  // The page still trains after all that.
  await page.fill('#config', '{"kind": "train"}');
  await page.fill('#steps', '20');
  await page.click('#train');
  await page.waitForSelector('body[data-state="done"]', { timeout: 60000 });
  assert.equal(await page.isHidden('#error'), true);
  assert.deepEqual(site.errors, []);
  await page.close();
});

test('the same seed gives the same run; another seed another run', async () => {
  const page = await site.page('trainer.html');
  const finalLoss = async (seed) => {
    await page.fill('#seed', String(seed));
    await page.fill('#steps', '30');
    await page.click('#train');
    await page.waitForSelector('body[data-state="done"]', { timeout: 60000 });
    const last = await page.$eval('#loss-plot', (el) => el.dataset.last);
    await page.evaluate(() => { document.body.dataset.state = 'idle'; });
    return last;
  };
  const a = await finalLoss(7);
  const b = await finalLoss(7);
  const c = await finalLoss(8);
  assert.equal(a, b);
  assert.notEqual(a, c);
  await page.close();
});

test('leaving the page with a setting changed or the config typed in asks first; unchanged, it does not', async () => {
  const page = await site.page('trainer.html');
  await page.waitForSelector('body[data-state="idle"]');
  const asked = [];
  page.on('dialog', (dialog) => { asked.push(dialog.type()); dialog.dismiss(); });  // dismiss: stay on the page
  const leave = () => page.reload({ timeout: 3000 }).catch(() => {});  // the reader stays: the reload never happens
  await page.fill('#steps', '40');
  await leave();
  assert.deepEqual(asked, ['beforeunload'], 'a field changed');
  assert.equal(await page.inputValue('#steps'), '40', 'the page and its value stayed');
  await page.fill('#steps', '300');  // back to the page's value: nothing to lose
  await page.selectOption('#precision', 'float32');
  await leave();
  assert.deepEqual(asked, ['beforeunload', 'beforeunload'], 'the precision changed');
  await page.selectOption('#precision', 'float64');
  await page.click('#advanced summary');
  await page.locator('#config').press('End');
  await page.keyboard.type(' ');
  await leave();
  assert.deepEqual(asked, ['beforeunload', 'beforeunload', 'beforeunload'], 'the config typed in');
  await page.close();

  const untouched = await site.page('trainer.html');
  await untouched.waitForSelector('body[data-state="idle"]');
  untouched.on('dialog', (dialog) => { asked.push(dialog.type()); dialog.dismiss(); });
  await untouched.click('#train');  // Train writes the fields into the config: that is no edit
  await untouched.waitForSelector('body[data-state="done"]', { timeout: 60000 });
  await untouched.reload({ timeout: 10000 });
  assert.equal(asked.length, 3, 'an untouched page leaves without a question');
  assert.deepEqual(site.errors, []);
  await untouched.close();
});

test('the site loads nothing from another origin', () => {
  const foreign = site.requests.filter((u) => !u.startsWith(site.url) && !/^(data|blob):/.test(u));
  assert.ok(site.requests.length > 0);
  assert.deepEqual(foreign, []);
});

// The trainer running three steps whose Hessian measure takes far longer than the 3 s the worker gets
// to hear Stop, half a second in.
async function startStuckRun() {
  const page = await site.page('trainer.html');
  const stuck = { kind: 'train', batch_size: 8, task: { name: 'sine_wave', steps: 60 },
    measures: { hessian_every: 1, hessian_trials: 256, hessian_iterations: 10000, hessian_tol: 1e-300 } };
  await page.$eval('#config', (el, text) => { el.value = text; }, JSON.stringify(stuck));
  await page.fill('#steps', '3');
  await page.fill('#hidden', '256');
  await page.click('#train');
  await page.waitForSelector('body[data-state="running"]');
  await page.waitForTimeout(500);
  return page;
}

test('a second press of Stop ("Stop now") ends a run stuck in one long step at once', async () => {
  const page = await startStuckRun();
  await page.click('#stop');
  assert.equal(await page.textContent('#stop'), 'Stop now');
  const started = Date.now();
  await page.click('#stop');  // well within the 3 s the first press gives the step
  await page.waitForSelector('body:not([data-state="running"])', { timeout: 10000 });
  assert.ok(Date.now() - started < 2500, `stopped ${Date.now() - started} ms after the second press`);
  assert.equal(await page.evaluate(() => document.body.dataset.state), 'stopped');
  assert.match(await page.textContent('#status'), /^Stopped: stopped at once: its worker was restarted; nothing of the run was kept/);
  assert.equal(await page.textContent('#stop'), 'Stop');
  assert.ok(await page.isHidden('#error'));
  assert.deepEqual(site.errors, []);
  await page.close();
});

test('Stop of a run stuck in one long step restarts its worker and says stopped, not failed; the page trains again', async () => {
  const page = await startStuckRun();
  await page.click('#stop');
  await page.waitForSelector('body:not([data-state="running"])', { timeout: 10000 });
  assert.equal(await page.evaluate(() => document.body.dataset.state), 'stopped');
  assert.match(await page.textContent('#status'), /^Stopped: .*did not answer Stop within 3 s, so its worker was restarted/);
  assert.ok(await page.isHidden('#error'), 'no error shown: the reader stopped the run');
  await page.$eval('#config', (el, text) => { el.value = text; }, JSON.stringify({ kind: 'train', task: { name: 'flip_flop' } }));
  await page.fill('#steps', '20');
  await page.fill('#hidden', '8');
  await page.click('#train');
  await page.waitForSelector('body[data-state="done"]', { timeout: 60000 });
  assert.deepEqual(site.errors, []);
  await page.close();
});
