// How notebooks behave for readers: reactivity re-runs exactly the dependants of a control; a long
// run leaves the page responsive and Stop is prompt; keyboard use; phone width; dark mode; and
// every notebook of the site runs to completion with its defaults (here, or in its own test).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { readFile, readdir } from 'node:fs/promises';
import { openSite } from './browser.mjs';

let site;
before(async () => { site = await openSite(); });
after(async () => { await site?.close(); });

const cellOk = (page, id, timeout = 60000) =>
  page.waitForSelector(`[data-cell="${id}"][data-status="ok"]`, { timeout, state: 'attached' });
const evaluations = (page) => page.$$eval('.nb-cell', (cells) =>
  Object.fromEntries(cells.map((c) => [c.dataset.cell, Number(c.dataset.evaluations ?? 0)])));

test('changing a control re-runs exactly the cells that depend on it', async () => {
  const page = await site.page('notebook.html?nb=train#training-steps=50');
  await cellOk(page, 'outputs');
  const before = await evaluations(page);
  await page.locator('[data-cell="seed"] input[type=number]').fill('4');  // fill sends one input event
  await page.waitForFunction((n) => Number(document.querySelector('[data-cell="outputs"]').dataset.evaluations) > n &&
    document.querySelector('[data-cell="outputs"]').dataset.status === 'ok', before.outputs, { timeout: 60000 });
  await page.waitForTimeout(500);  // let any extra (wrong) re-run show up
  const after = await evaluations(page);
  const changed = Object.keys(after).filter((id) => after[id] !== before[id]).sort();
  assert.deepEqual(changed, ['loss', 'outputs', 'result', 'run']);
  for (const id of changed) assert.equal(after[id], before[id] + 1, `${id} ran once more (${JSON.stringify({ before, after })})`);
  await page.close();
});

test('a number box that refuses a value says why, names the control and keeps the value in use', async () => {
  const page = await site.page('notebook.html?nb=train#training-steps=50');
  await cellOk(page, 'outputs');
  const before = await evaluations(page);
  const box = page.locator('[data-cell="hidden"] input[type=number]');
  const notice = page.locator('[data-cell="hidden"] .rnnbook-input-notice');
  assert.ok(await notice.isHidden(), 'no notice while the value is valid');
  for (const [typed, why] of [
    ['5000', 'hidden units: must be from 4 to 128; the notebook keeps 32.'],
    ['2', 'hidden units: must be from 4 to 128; the notebook keeps 32.'],
    ['12.5', 'hidden units: must be in steps of 1 from 4 to 128; the notebook keeps 32.'],
    ['', 'hidden units: must be a number from 4 to 128; the notebook keeps 32.'],
  ]) {
    await box.fill(typed);
    assert.equal(await notice.textContent(), why, `typed ${JSON.stringify(typed)}`);
    assert.ok(await notice.isVisible());
    assert.equal(await box.getAttribute('aria-invalid'), 'true');
  }
  await page.waitForTimeout(300);  // a (wrong) re-run would show up by now
  assert.equal((await evaluations(page)).outputs, before.outputs, 'a refused value runs nothing');
  await box.fill('16');
  assert.ok(await notice.isHidden(), 'a valid value clears the notice');
  assert.equal(await box.getAttribute('aria-invalid'), null);
  await page.waitForFunction((n) => Number(document.querySelector('[data-cell="outputs"]').dataset.evaluations) > n &&
    document.querySelector('[data-cell="outputs"]').dataset.status === 'ok', before.outputs, { timeout: 60000 });
  await box.fill('999');
  assert.match(await notice.textContent(), /keeps 16\.$/);
  await page.locator('[data-cell="hidden"] input[type=range]').fill('40');  // the slider puts a valid value back
  assert.ok(await notice.isHidden(), 'moving the slider clears the notice');
  assert.deepEqual(site.errors, []);
  await page.close();
});

test('number boxes without a slider (lowrank, switching) have ranges: a bad value gets the notice naming the box, not the core\'s field', async () => {
  for (const [nb, cell, nth, typed, why] of [
    ['lowrank', 'settings', 1, '11', 'students per seed: must be from 0 to 10; the notebook keeps 2.'],
    ['switching', 'settings', 2, '0', 'τ (training): must be from 0.001 to 100; the notebook keeps 0.99.'],
  ]) {
    const page = await site.page(`notebook.html?nb=${nb}&workers=1`);
    const box = page.locator(`[data-cell="${cell}"] input[type=number]`).nth(nth);
    await box.fill(typed);
    const notice = page.locator(`[data-cell="${cell}"] .rnnbook-input-notice:not([hidden])`);
    assert.deepEqual(await notice.allTextContents(), [why], nb);
    assert.ok(await page.isDisabled(`[data-cell="${cell}"] .rnnbook-submit-form > button`), `${nb}: nothing new to run`);
    assert.deepEqual(site.errors, [], nb);
    await page.close();
  }
});

test('a live curve kept off screen while its run trains is drawn before it is exported', async () => {
  const page = await site.page('notebook.html?nb=train#training-steps=2000&hidden-units=128');
  await page.setViewportSize({ width: 900, height: 320 });
  const curve = '[data-cell="loss"] .nb-live-curve';
  await page.waitForSelector(`${curve} canvas`);
  await page.waitForTimeout(1500);  // some training drawn
  await page.evaluate(() => window.scrollTo(0, 0));  // the chart is below the fold of a 320 px window
  assert.ok(await page.evaluate((sel) => document.querySelector(sel).getBoundingClientRect().top > innerHeight, curve));
  const running = () => page.evaluate(() => document.querySelector('[data-cell="result"]').dataset.status !== 'ok');
  const picture = () => page.evaluate((sel) => document.querySelector(`${sel} canvas`).toDataURL(), curve);
  await page.waitForTimeout(300);  // the observer has seen it leave the screen
  const before = await picture();
  await page.waitForTimeout(1000);
  assert.equal(await picture(), before, 'off screen, the chart does not redraw while its run trains');
  assert.ok(await running(), 'the run is still training (else the test proves nothing)');
  const exported = await page.evaluate(async (sel) => (await document.querySelector(sel).exportCanvas()).toDataURL(), curve);
  assert.ok(await running());
  assert.notEqual(exported, before, 'the export shows the training since the chart left the screen');
  await page.close();
});

test('during one long step the cell\'s bar and text move; Stop there says it finishes the step, and keeps it', async () => {
  // Every step measures the sNTK matrix-free (seconds each, reporting all along): the text and bar move inside
  // the first one.
  const nb = '---\ntitle: Long steps\n---\n\n```js id=long\n' +
    'const run = experiment({kind: "sntk", steps: 20, sntk: {interval: 1, method: "matrix_free"}})\n```\n';
  const page = await site.page('notebook.html?file=open');
  await page.setInputFiles('#nb-open', { name: 'long.md', mimeType: 'text/markdown', buffer: Buffer.from(nb) });
  const frame = page.frameLocator('iframe.nb-sandbox');
  const text = frame.locator('[data-cell="long"] .nb-progress-text');
  const seen = [];
  const deadline = Date.now() + 60000;
  // Poll the first step: its text says how far it got, and its bar moves, before any step ended.
  while (Date.now() < deadline) {
    // Both in one read: two reads could straddle an update (CI saw the new text with the old bar, 0).
    const [t, bar] = await frame.locator('[data-cell="long"]').evaluate((el) =>
      [el.querySelector('.nb-progress-text').textContent, el.querySelector('progress').value]);
    if (/^0 \/ 20 steps \(\d+ % of this step\)/.test(t)) seen.push({ t, bar });
    if (new Set(seen.map((s) => s.bar)).size >= 2 || /^[1-9]/.test(t)) break;
    await page.waitForTimeout(50);
  }
  const bars = seen.map((s) => s.bar);
  assert.ok(new Set(bars).size >= 2, `inside step 0: ${JSON.stringify(seen)}`);
  assert.ok(bars.every((b, i) => b > 0 && b < 1 / 20 && (i === 0 || b >= bars[i - 1])), JSON.stringify(bars));
  await frame.locator('[data-cell="long"] .nb-stop').click();
  // Until the step ends, the line says so (polled: the step may end soon after).
  const afterStop = [];
  const cell = frame.locator('[data-cell="long"]');
  while (Date.now() < deadline && await cell.getAttribute('data-run') === 'running') {
    afterStop.push(await text.textContent());
    await page.waitForTimeout(20);
  }
  assert.ok(afterStop.some((t) => /^finishing the current step( \(about \d+ s\))?$/.test(t)), JSON.stringify([...new Set(afterStop)]));
  await frame.locator('[data-cell="long"][data-run="stopped"]').waitFor({ state: 'attached', timeout: 60000 });
  assert.match(await frame.locator('[data-cell="long"] .nb-message').textContent(), /^stopped at step [1-9]/);
  assert.deepEqual(site.errors, []);
  await page.close();
});

test('a run a cell starts after an await is the cell\'s (its bar and Stop); one a function of another cell starts is the caller\'s', async () => {
  const train = (steps) => `experiment({kind: "train", steps: ${steps}, model: {hidden: 48}, task: {name: "flip_flop", bits: 3}})`;
  const nb = '---\ntitle: Awaits\n---\n\n```js id=late\n' +
    `await new Promise((resolve) => setTimeout(resolve, 20));\nconst late = ${train(20000)}\n\`\`\`\n\n` +
    `\`\`\`js id=helper\nconst start = () => ${train(30)}\n\`\`\`\n\n\`\`\`js id=caller\nconst called = start()\n\`\`\`\n`;
  const page = await site.page('notebook.html?file=open');
  await page.setInputFiles('#nb-open', { name: 'awaits.md', mimeType: 'text/markdown', buffer: Buffer.from(nb) });
  const frame = page.frameLocator('iframe.nb-sandbox');
  await frame.locator('[data-cell="late"][data-run="running"]').waitFor({ state: 'attached', timeout: 60000 });
  await frame.locator('[data-cell="late"] .nb-stop').click();
  await frame.locator('[data-cell="late"][data-run="stopped"]').waitFor({ state: 'attached', timeout: 60000 });
  await frame.locator('[data-cell="caller"][data-run="done"]').waitFor({ state: 'attached', timeout: 60000 });
  assert.equal(await frame.locator('[data-cell="helper"]').getAttribute('data-run'), null);
  assert.deepEqual(site.errors, []);
  await page.close();
});

test('a form with a Run button holds its changes until Run is pressed, then runs once', async () => {
  const page = await site.page('notebook.html?nb=pitchfork');
  await cellOk(page, 'run');
  const button = page.locator('[data-cell="settings"] .rnnbook-submit-form > button');
  assert.equal(await button.textContent(), 'Run');
  assert.ok(await button.isDisabled(), 'nothing to send yet');
  const before = await evaluations(page);
  await page.locator('[data-cell="settings"] input[type=number]').fill('5');
  await page.waitForFunction(() => !document.querySelector('[data-cell="settings"] .rnnbook-submit-form > button').disabled);
  await page.waitForFunction(() => location.hash.includes('seed=5'));  // the link follows the controls
  await page.waitForTimeout(500);  // a (wrong) re-run would show up by now
  assert.equal((await evaluations(page)).run, before.run, 'no new run before Run is pressed');
  await button.click();
  await page.waitForFunction((n) => Number(document.querySelector('[data-cell="run"]').dataset.evaluations) > n,
    before.run, { timeout: 60000 });
  await page.waitForTimeout(500);
  assert.equal((await evaluations(page)).run, before.run + 1, 'one new run');
  assert.ok(await button.isDisabled(), 'sent: nothing left to send');
  assert.deepEqual(site.errors, []);
  await page.close();
});

test('after Stop (or a failed run) a form\'s Run sends the same settings again; a run replaced by Run does not count', async () => {
  const page = await site.page('notebook.html?nb=lowrank&workers=2');
  const button = page.locator('[data-cell="settings"] .rnnbook-submit-form > button');
  const runsStarted = () => page.$eval('[data-cell="runs"]', (c) => Number(c.dataset.evaluations));
  const twoRunning = () => page.waitForFunction(() => / 2 running/.test(document.querySelector('[data-cell="runs"] .nb-progress-text')?.textContent ?? ''),
    null, { timeout: 60000, polling: 100 });
  await twoRunning();
  assert.ok(await button.isDisabled(), 'the runs of these settings are under way');
  // Run with a new seed stops the runs it replaces: that Stop is not the reader's, the button stays off.
  await page.locator('[data-cell="settings"] input[type=number]').first().fill('5');
  await button.click();
  await twoRunning();
  await page.waitForTimeout(500);
  assert.ok(await button.isDisabled(), 'replaced runs do not re-enable Run');
  await page.click('[data-cell="runs"] .nb-stop');
  await page.waitForSelector('[data-cell="runs"][data-run="stopped"]', { timeout: 10000, state: 'attached' });
  assert.match(await page.textContent('[data-cell="results"]'), /press Run to fit them again/);
  assert.ok(await button.isEnabled(), 'the results say "press Run": Run is there to press');
  const before = await runsStarted();
  await button.click();
  await twoRunning();
  assert.equal(await runsStarted(), before + 1, 'the same settings ran once more');
  assert.match(page.url(), /seed=5/);
  assert.ok(await button.isDisabled());
  await page.click('[data-cell="runs"] .nb-stop');
  await page.waitForSelector('[data-cell="runs"][data-run="stopped"]', { timeout: 10000, state: 'attached' });
  assert.deepEqual(site.errors.filter((e) => !/runs were stopped before the end/.test(e)), []);
  site.errors.length = 0;
  await page.close();
});

test('during a long run the page stays responsive, and Stop halts it within a second', async () => {
  const page = await site.page('notebook.html?nb=train#training-steps=2000&hidden-units=128');
  await page.waitForSelector('[data-cell="run"] .nb-progress:not([hidden])', { timeout: 60000 });
  const ticks = await page.evaluate(() => new Promise((resolve) => {
    let n = 0;
    const timer = setInterval(() => { n++; }, 50);
    setTimeout(() => { clearInterval(timer); resolve(n); }, 2000);
  }));
  assert.ok(ticks >= 25, `a 50 ms timer ticked ${ticks} times in 2 s during training`);
  const stopped = await page.evaluate(() => new Promise((resolve) => {
    const start = performance.now();
    document.querySelector('[data-cell="run"] .nb-stop').click();
    const check = () => (document.querySelector('[data-cell="run"]').dataset.run === 'stopped'
      ? resolve(performance.now() - start) : requestAnimationFrame(check));
    check();
  }));
  assert.ok(stopped < 1000, `stopped after ${stopped.toFixed(0)} ms`);
  await cellOk(page, 'outputs');
  await page.close();
});

test('keyboard: a cell\'s tools are reachable with Tab, Edit opens the editor, Shift-Enter runs', async () => {
  const page = await site.page('notebook.html?nb=train#training-steps=50');
  await cellOk(page, 'outputs');
  await page.focus('[data-cell="loss"] .nb-edit');
  const opacity = await page.$eval('[data-cell="loss"] .nb-tools', (t) => getComputedStyle(t).opacity);
  assert.equal(opacity, '1', 'focused tools are visible');
  await page.keyboard.press('Enter');
  await page.waitForSelector('[data-cell="loss"] .cm-content');
  await page.waitForFunction(() => document.activeElement?.classList.contains('cm-content'));
  await page.keyboard.press('Control+A');
  await page.keyboard.type('"typed at the keyboard"');
  await page.keyboard.press('Shift+Enter');
  await page.waitForFunction(() => document.querySelector('[data-cell="loss"] .nb-output').textContent.includes('typed at the keyboard'));
  await page.click('#nb-reset');
  await page.close();
});

test('phone width: nothing scrolls sideways; dark mode follows the system and stays readable', async () => {
  const page = await site.page('index.html');
  await page.setViewportSize({ width: 375, height: 740 });
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.goto(`${site.url}notebook.html?nb=train#training-steps=50`);
  await cellOk(page, 'outputs');
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 1, `page is ${overflow}px wider than the screen`);
  // A figure without a width of its own is drawn at the column's width, not at 640 px and scaled down.
  const figure = await page.$eval('[data-cell="outputs"] svg[class^="plot-"]', (svg) => ({ drawn: Number(svg.getAttribute('width')), shown: svg.getBoundingClientRect().width }));
  assert.ok(figure.drawn <= 375 && Math.abs(figure.drawn - figure.shown) <= 1, `figure drawn ${figure.drawn} px wide, shown ${figure.shown} px`);
  // A cell's Save menu opens towards the page, not past its right edge.
  await page.locator('[data-cell="loss"]').hover();
  await page.click('[data-cell="loss"] .nb-save summary');
  const menu = await page.$eval('[data-cell="loss"] .nb-save-menu', (m) => ({ ...m.getBoundingClientRect().toJSON(), screen: document.documentElement.clientWidth }));
  assert.ok(menu.left >= 0 && menu.right <= menu.screen, `Save menu from ${menu.left} to ${menu.right} px, screen ${menu.screen} px`);
  await page.click('[data-cell="loss"] .nb-save summary');
  const background = await page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
  assert.equal(background, 'rgb(21, 24, 30)');
  await page.evaluate(await readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8'));  // the page's CSP allows no inline script
  const { violations } = await page.evaluate(() => window.axe.run(document, { runOnly: ['color-contrast'] }));
  assert.deepEqual(violations.map((v) => `${v.id}: ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`), []);
  await page.close();
});

test('a figure is drawn again at the column\'s width when the window changes (a phone turned), not scaled', async () => {
  const page = await site.page(null);
  await page.setViewportSize({ width: 375, height: 740 });
  await page.goto(`${site.url}notebook.html?nb=train#training-steps=50`);
  await cellOk(page, 'outputs');
  // Waits until the figure is drawn (its svg's own width, to a pixel) at the column's width, or Plot's 640 px on a wide one.
  const followsColumn = async () => {
    await page.waitForFunction(() => {
      const svg = document.querySelector('[data-cell="outputs"] svg[class^="plot-"]');
      const column = document.querySelector('.nb-notebook').clientWidth;
      return svg && Math.abs(Number(svg.getAttribute('width')) - Math.min(column, 640)) <= 1;
    }, null, { timeout: 10000 });
    return page.$eval('[data-cell="outputs"] svg[class^="plot-"]', (svg) => Number(svg.getAttribute('width')));
  };
  const portrait = await followsColumn();
  assert.ok(portrait < 375, `${portrait} px`);
  await page.setViewportSize({ width: 600, height: 375 });  // turned: a wider column, still under 640 px
  const landscape = await followsColumn();
  assert.ok(landscape > portrait + 100 && landscape < 640, `${landscape} px`);
  await page.setViewportSize({ width: 1280, height: 720 });
  assert.equal(await followsColumn(), 640);
  await page.setViewportSize({ width: 375, height: 740 });
  assert.equal(await followsColumn(), portrait);
  assert.deepEqual(site.errors, []);
  await page.close();
});

test('?workers=N sets the pool of the page and of a notebook opened from a file; a bad value is a notice', async () => {
  // A notebook from a file runs in the sandbox, whose experiments go to a pool of the page's own.
  const pool = '---\ntitle: Pool\n---\n\n```js id=pool\nconst pool = await rnnbook.stats()\n```\n\n' +
    'Workers: ${pool.workers}.\n\n```js id=run\nconst result = await experiment({kind: "train", steps: 20, model: {hidden: 8}}).result\n```\n';
  const page = await site.page('notebook.html?file=open&workers=3');
  await page.setInputFiles('#nb-open', { name: 'pool.md', mimeType: 'text/markdown', buffer: Buffer.from(pool) });
  const frame = page.frameLocator('iframe.nb-sandbox');
  await frame.locator('[data-cell="run"][data-status="ok"]').waitFor({ state: 'attached', timeout: 60000 });
  assert.match(page.url(), /\?file=pool\.md&workers=3$/, 'the address keeps the parameter');
  assert.match(await frame.locator('main').innerText(), /Workers: 3\./);
  await page.close();

  for (const bad of ['0', 'abc', '2.5', '65']) {
    const badPage = await site.page(`notebook.html?nb=train&workers=${bad}#training-steps=50`);
    await cellOk(badPage, 'outputs');
    assert.equal(await badPage.textContent('#notices'),
      `workers=${bad} in the address was ignored: it must be an integer from 1 to 64; the page uses its default number of workers.`);
    await badPage.close();
  }
  assert.deepEqual(site.errors, []);
});

test('every notebook of the site runs to completion with its defaults, with no console error', async () => {
  const index = await site.page('index.html');
  await index.waitForSelector('body[data-ready=true]');
  const names = await index.$$eval('#notebooks a', (as) => as.map((a) => new URL(a.href).searchParams.get('nb')));
  await index.close();
  assert.ok(names.length >= 1);
  // A notebook that another test file opens with its defaults (no hash) runs there, in full.
  const here = new URL(import.meta.url);
  const others = await Promise.all((await readdir(new URL('.', here)))
    .filter((f) => f.endsWith('.test.mjs') && !here.pathname.endsWith(f))
    .map((f) => readFile(new URL(f, here), 'utf8')));
  // (With its defaults: only ?workers=N, the size of the pool, may follow the name.)
  const ownTest = (name) => others.some((text) => new RegExp(`\\.page\\(['\`]notebook\\.html\\?nb=${name}(&workers=\\d+)?['\`]\\)`).test(text));
  const rest = names.filter((name) => !ownTest(name));
  console.log(`notebooks with their own test: ${names.filter(ownTest).join(', ')}; run here: ${rest.join(', ')}`);
  for (const name of rest) {
    const errors = site.errors.length;
    const page = await site.page(`notebook.html?nb=${name}`);
    await page.waitForFunction(() => {
      const cells = [...document.querySelectorAll('.nb-cell')];
      return cells.length && cells.every((c) => c.dataset.status === 'ok' && c.dataset.run !== 'running');
    }, null, { timeout: 600000, polling: 500 });
    assert.deepEqual(site.errors.slice(errors), [], `console errors in ${name}`);
    await page.close();
  }
});
