// CLI sweeps (docs/sweeps.md): rnnbook sweep writes a manifest and one spec per point, refuses a bad
// point before writing anything, runs the points with GNU parallel to the same bits as serial runs,
// resumes after a kill, and rnnbook collect turns the directory into the table.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { nativeDir, parseNpy } from './module.mjs';

const cli = path.join(nativeDir, 'cli/rnnbook');
const work = mkdtempSync(path.join(tmpdir(), 'rnnbook-sweep-'));
after(() => rmSync(work, { recursive: true, force: true }));

const base = { kind: 'train', steps: 30, batch_size: 4, model: { hidden: 8 }, task: { bits: 2, steps: 10 } };
const diverges = { kind: 'train', seed: 1, steps: 100, batch_size: 4,
  model: { hidden: 16, activation: 'identity', gain: 3 }, task: { bits: 2, steps: 20 }, optimizer: { name: 'sgd', lr: 10 } };

function rnnbook(args, options = {}) {
  return spawnSync(cli, args, { encoding: 'utf8', timeout: 120000, cwd: work, ...options });
}
function writeJson(name, value) {
  const file = path.join(work, name);
  writeFileSync(file, JSON.stringify(value));
  return file;
}
const readJson = (file) => JSON.parse(readFileSync(file, 'utf8'));
const pointDir = (dir, i) => path.join(dir, 'points', String(i).padStart(4, '0'));
/** Every file under dir (relative paths), sorted. */
function filesUnder(dir) {
  return readdirSync(dir, { recursive: true }).filter((f) => statSync(path.join(dir, f)).isFile()).sort();
}

test('points are the cartesian product in axis order, last axis fastest; --grid adds to the file\'s grid', () => {
  const spec = writeJson('grid-spec.json', { base, grid: { 'optimizer.lr': [0.01, 0.1] } });
  const out = path.join(work, 'order');
  const r = rnnbook(['sweep', spec, '--grid', 'seed=0:1', '--grid', 'model.rank=1,8', '--out', out]);
  assert.equal(r.status, 0, r.stderr);
  const m = readJson(path.join(out, 'manifest.json'));
  assert.equal(m.format, 'rnnbook-sweep');
  assert.deepEqual(m.base, base);
  assert.deepEqual(m.axes, [{ path: 'optimizer.lr', values: [0.01, 0.1] }, { path: 'seed', values: [0, 1] },
    { path: 'model.rank', values: [1, 8] }]);
  assert.equal(m.points.length, 8);
  for (const [k, p] of m.points.entries()) {
    const values = { 'optimizer.lr': [0.01, 0.1][k >> 2], seed: (k >> 1) & 1, 'model.rank': [1, 8][k & 1] };
    assert.deepEqual(p, { index: k, values, dir: `points/000${k}` });
    assert.deepEqual(Object.keys(p.values), ['optimizer.lr', 'seed', 'model.rank']);
    const config = readJson(path.join(out, p.dir, 'spec.json'));
    assert.deepEqual(config, { ...base, seed: values.seed, model: { hidden: 8, rank: values['model.rank'] },
      optimizer: { lr: values['optimizer.lr'] } });
  }
  assert.match(r.stderr, /sweep: 8 points in .*, 0 complete, 8 to run/);
});

test('--grid values: numbers, true/false, strings; a path the file has keeps its place with new values', () => {
  const spec = writeJson('values-spec.json', { base, grid: { 'optimizer.lr': [0.01, 0.1], seed: [4] } });
  const out = path.join(work, 'values');
  const r = rnnbook(['sweep', spec, '--grid', 'model.cell=rate,current', '--grid', 'model.bias=true,false',
    '--grid', 'optimizer.lr=1e-3,0.5', '--grid', 'seed=0:1,5', '--out', out]);
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(readJson(path.join(out, 'manifest.json')).axes, [
    { path: 'optimizer.lr', values: [0.001, 0.5] }, { path: 'seed', values: [0, 1, 5] },
    { path: 'model.cell', values: ['rate', 'current'] }, { path: 'model.bias', values: [true, false] }]);
}, { timeout: 60000 });

test('a bad value or path is refused before anything is written, naming the point and the field', () => {
  const spec = writeJson('bad-spec.json', base);
  const out = path.join(work, 'bad');
  const cases = [
    [['--grid', 'seed=0:1', '--grid', 'model.hidden=8,5000'],
      'rnnbook: sweep: point 1 (seed = 0, model.hidden = 5000): model.hidden: must be an integer in [1, 1024], got 5000'],
    [['--grid', 'model.cell=rate,linear'],
      'rnnbook: sweep: point 1 (model.cell = "linear"): model.cell: must be one of "rate", "current", "ctrnn", got "linear"'],
    [['--grid', 'model.hiden=8'], /^rnnbook: sweep: point 0 \(model\.hiden = 8\): model\.hiden: unknown field; allowed here: hidden, /],
    [['--grid', 'model..rank=1'], 'rnnbook: grid.model..rank: a path segment is empty; a path is field names joined by ".", e.g. "model.rank"'],
    [['--grid', 'seed=5:2'], 'rnnbook: --grid seed=5:2: the range 5:2 is empty; a:b needs a <= b'],
    [['--grid', 'seed'], 'rnnbook: --grid seed: expected PATH=VALUES, e.g. seed=0:9 or model.rank=1,8,64'],
    [['--grid', 'seed=0:99999', '--grid', 'model.rank=0,1'], 'rnnbook: grid: 200000 points, at most 100000'],
  ];
  for (const [args, message] of cases) {
    const r = rnnbook(['sweep', spec, ...args, '--out', out, '--run', 'local']);
    assert.equal(r.status, 2, r.stderr);
    const first = r.stderr.split('\n')[0];
    if (typeof message === 'string') assert.equal(first, message);
    else assert.match(first, message);
    assert.equal(existsSync(out), false, `${args.join(' ')} wrote ${out}`);
  }
  // A list spec takes no --grid; a list entry must be a config.
  const list = writeJson('bad-list.json', [base, 3]);
  assert.equal(rnnbook(['sweep', list, '--out', out]).stderr.split('\n')[0], 'rnnbook: sweep[1]: must be a config object, got 3');
  assert.equal(rnnbook(['sweep', list, '--grid', 'seed=1', '--out', out]).stderr.split('\n')[0],
    'rnnbook: --grid: the spec is a list of configs; a grid needs one base config');
  assert.equal(existsSync(out), false);
});

test('--dry-run writes the manifest and specs (and the sbatch script) and runs nothing', () => {
  const spec = writeJson('dry-spec.json', base);
  const out = path.join(work, 'dry');
  const r = rnnbook(['sweep', spec, '--grid', 'seed=0:2', '--grid', 'model.rank=1,8', '--out', out, '--run', 'local', '--dry-run']);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, /sweep: dry run: would run 6 points with: parallel --will-cite --jobs \d+ .* ::: 0000 0001 0002 0003 0004 0005\n/);
  assert.deepEqual(filesUnder(out), ['manifest.json', ...[0, 1, 2, 3, 4, 5].map((i) => `points/000${i}/spec.json`)]);

  const s = rnnbook(['sweep', spec, '--grid', 'seed=0:2', '--grid', 'model.rank=1,8', '--out', out, '--run', 'slurm',
    '--dry-run', '--max-running', '2', '--partition', 'debug', '--time', '0:10:00']);
  assert.equal(s.status, 0, s.stderr);
  const script = readFileSync(path.join(out, 'sweep.sbatch'), 'utf8');
  for (const line of ['#SBATCH --array=0-5%2', '#SBATCH --cpus-per-task=1', '#SBATCH --partition=debug',
    '#SBATCH --time=0:10:00', `#SBATCH --output=${out}/points/%4a/slurm.log`])
    assert.ok(script.split('\n').includes(line), `${line} in\n${script}`);
  assert.match(s.stderr, /would submit it with: sbatch .*sweep\.sbatch/);

  // The script runs outside Slurm too: task 3 runs point 3; the sweep then leaves it out of the array.
  const task = spawnSync('sh', [path.join(out, 'sweep.sbatch')], { env: { ...process.env, SLURM_ARRAY_TASK_ID: '3' }, timeout: 60000 });
  assert.equal(task.status, 0, String(task.stderr));
  assert.ok(existsSync(path.join(pointDir(out, 3), 'result.json')));
  const again = rnnbook(['sweep', spec, '--grid', 'seed=0:2', '--grid', 'model.rank=1,8', '--out', out, '--run', 'slurm', '--dry-run']);
  assert.equal(again.status, 0, again.stderr);
  assert.match(readFileSync(path.join(out, 'sweep.sbatch'), 'utf8'), /^#SBATCH --array=0-2,4-5$/m);
  assert.match(again.stderr, /6 points in .*, 1 complete, 5 to run/);

  // Another sweep into the same directory is refused.
  const other = rnnbook(['sweep', spec, '--grid', 'seed=0:3', '--out', out]);
  assert.equal(other.status, 2);
  assert.equal(other.stderr.trim(), `rnnbook: sweep: ${out} holds another sweep (its manifest.json differs in axes); choose another --out or remove it`);
});

const sixPoints = path.join(work, 'six');

test('a 6-point GNU parallel sweep gives each point the bits of a serial rnnbook run of its spec', () => {
  const spec = writeJson('six-spec.json', base);
  const r = rnnbook(['sweep', spec, '--grid', 'seed=0:2', '--grid', 'model.rank=1,8', '--out', sixPoints, '--run', 'local', '-j', '2']);
  assert.equal(r.status, 0, r.stderr);
  const lines = r.stderr.split('\n').filter((l) => l.startsWith('point '));
  assert.equal(lines.length, 6, r.stderr);
  assert.match(lines[5], /^point 000\d done \(6\/6, 0 left, took \d+:\d\d\)$/);
  assert.match(r.stderr, /sweep: 6 points: 6 done; rnnbook collect .* makes the table/);
  for (let i = 0; i < 6; i++) {
    const point = pointDir(sixPoints, i), serial = path.join(work, 'serial', String(i));
    const s = rnnbook(['run', path.join(point, 'spec.json'), '--out', serial, '--quiet']);
    assert.equal(s.status, 0, s.stderr);
    const withoutTiming = (dir) => readFileSync(path.join(dir, 'result.json'), 'utf8').replace(/"timing_ms": [^\n]*\n/, '');
    assert.equal(withoutTiming(point), withoutTiming(serial));
    const npys = filesUnder(serial).filter((f) => f.endsWith('.npy') || f.endsWith('checkpoint.json'));
    assert.ok(npys.includes('loss.npy') && npys.includes('checkpoint/W.npy'), npys.join(' '));
    for (const f of npys) assert.ok(readFileSync(path.join(point, f)).equals(readFileSync(path.join(serial, f))), `point ${i}: ${f}`);
  }
}, { timeout: 300000 });

test('collect writes the table as JSON and CSV and stacks arrays', () => {
  const r = rnnbook(['collect', sixPoints, '--arrays', 'loss,eval_output']);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, /6 rows, 13 columns; eval_output\.npy \(6, 4, 10, 2\); loss\.npy \(6, 30\)/);
  const table = readJson(path.join(sixPoints, 'table.json'));
  const results = [0, 1, 2, 3, 4, 5].map((i) => readJson(path.join(pointDir(sixPoints, i), 'result.json')));
  const scalarNames = Object.keys(results[0].scalars).sort();
  assert.deepEqual(table.columns, ['index', 'seed', 'model.rank', ...scalarNames, 'timing_ms', 'error']);
  for (const [i, row] of table.rows.entries()) {
    assert.deepEqual(Object.keys(row), table.columns);
    assert.deepEqual(row, { index: i, seed: i >> 1, 'model.rank': [1, 8][i & 1], ...results[i].scalars,
      timing_ms: results[i].timing_ms, error: null });
  }
  const csv = readFileSync(path.join(sixPoints, 'table.csv'), 'utf8').split('\n');
  assert.equal(csv.length, 8);  // header, 6 rows, the last line's end
  assert.equal(csv[0], table.columns.join(','));
  for (const [i, line] of csv.slice(1, 7).entries()) {
    const cells = line.split(',');
    assert.equal(cells.at(-1), '');  // error: null
    assert.equal(cells.slice(0, 3).join(','), `${i},${i >> 1},${[1, 8][i & 1]}`);
    // 17 significant digits read back to the very same double.
    for (const [k, name] of table.columns.slice(3, -1).entries()) assert.equal(Number(cells[k + 3]), table.rows[i][name], name);
  }
  const loss = parseNpy(readFileSync(path.join(sixPoints, 'loss.npy')));
  assert.deepEqual(loss.shape, [6, 30]);
  const each = [0, 1, 2, 3, 4, 5].map((i) => Array.from(parseNpy(readFileSync(path.join(pointDir(sixPoints, i), 'loss.npy'))).data));
  assert.deepEqual(Array.from(loss.data), each.flat());
});

test('collect refuses ragged or missing arrays naming them, and writes nothing', () => {
  const spec = writeJson('ragged-spec.json', base);
  const out = path.join(work, 'ragged');
  assert.equal(rnnbook(['sweep', spec, '--grid', 'steps=20,30', '--out', out, '--run', 'local']).status, 0);
  const r = rnnbook(['collect', out, '--arrays', 'loss']);
  assert.equal(r.status, 2);
  assert.equal(r.stderr.trim(), 'rnnbook: collect: --arrays loss: point 1 has shape [30], point 0 has [20]; only arrays of one shape stack');
  const none = rnnbook(['collect', out, '--arrays', 'pr']);
  assert.equal(none.stderr.trim(), 'rnnbook: collect: --arrays pr: point 0 has no pr.npy (its result has none)');
  assert.equal(rnnbook(['collect', out, '--arrays', '../x']).stderr.trim(),
    "rnnbook: collect: --arrays: '../x' is not an array name (letters, digits, _), e.g. --arrays loss,pr");
  assert.deepEqual(readdirSync(out).sort(), ['manifest.json', 'points']);
  assert.equal(rnnbook(['collect', path.join(work, 'nowhere')]).stderr.trim(),
    `rnnbook: manifest: cannot read '${path.join(work, 'nowhere', 'manifest.json')}'`);
});

test('a failing point gives its error row, the others complete, and the sweep exits with 3', () => {
  const list = writeJson('fail-list.json', [{ ...base, seed: 1 }, diverges, { ...base, seed: 2 }]);
  const out = path.join(work, 'fail');
  const r = rnnbook(['sweep', list, '--out', out, '--run', 'local', '-j', '2']);
  assert.equal(r.status, 3, r.stderr);
  assert.match(r.stderr, /^point 0001 failed \(\d\/3, \d left, (ETA|took) \d+:\d\d\): training diverged at step \d+: /m);
  assert.match(r.stderr, /sweep: 3 points: 2 done, 1 failed \(points\/0001\/error\.txt\)/);
  assert.equal(rnnbook(['collect', out]).status, 0);
  const table = readJson(path.join(out, 'table.json'));
  assert.deepEqual(table.columns.slice(0, 1), ['index']);  // a list has no axes
  assert.equal(table.rows[0].error, null);
  assert.equal(table.rows[2].error, null);
  assert.match(table.rows[1].error, /^training diverged at step \d+: .*lower optimizer\.lr$/);
  assert.equal(table.rows[1].diverged, 1);  // the run's last finite state still gives its scalars
  const csvRow = readFileSync(path.join(out, 'table.csv'), 'utf8').split('\n')[2];
  assert.ok(csvRow.endsWith(`,"${table.rows[1].error}"`), csvRow);

  // Points written but not run are rows with "not run" and no scalars.
  const fresh = path.join(work, 'fresh');
  assert.equal(rnnbook(['sweep', list, '--out', fresh]).status, 0);
  assert.equal(rnnbook(['collect', fresh]).status, 0);
  assert.deepEqual(readJson(path.join(fresh, 'table.json')), { columns: ['index', 'timing_ms', 'error'],
    rows: [0, 1, 2].map((index) => ({ index, timing_ms: null, error: 'not run' })) });
  assert.equal(readFileSync(path.join(fresh, 'table.csv'), 'utf8'), 'index,timing_ms,error\n0,,"not run"\n1,,"not run"\n2,,"not run"\n');
}, { timeout: 120000 });

/** Resolves with the exit code and output of a child, or rejects after ms. */
function exited(child, ms) {
  let stderr = '';
  child.stderr.on('data', (d) => { stderr += d; });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no exit within ${ms} ms:\n${stderr}`)), ms);
    child.on('exit', (code, signal) => { clearTimeout(timer); resolve({ code, signal, stderr }); });
  });
}
const sleep = (ms) => new Promise((resolve) => { setTimeout(resolve, ms); });

test('a sweep killed halfway resumes: the same command runs only the missing points', async () => {
  const spec = writeJson('long-spec.json', { kind: 'train', steps: 2000, batch_size: 16, model: { hidden: 32 }, task: { bits: 2, steps: 30 } });
  const out = path.join(work, 'resume');
  const args = ['sweep', spec, '--grid', 'seed=0:7', '--out', out, '--run', 'local', '-j', '2'];
  const child = spawn(cli, args, { cwd: work, detached: true, stdio: ['ignore', 'ignore', 'pipe'] });
  const done = exited(child, 120000);
  const results = () => [0, 1, 2, 3, 4, 5, 6, 7].filter((i) => existsSync(path.join(pointDir(out, i), 'result.json')));
  for (let t = 0; t < 1200 && results().length < 3; t++) await sleep(50);  // at most 60 s
  process.kill(-child.pid, 'SIGTERM');  // the whole process group, as Ctrl-C does
  const killed = await done;
  assert.equal(killed.code, 128 + 15, killed.stderr);
  assert.match(killed.stderr, /sweep: interrupted; the same command resumes it/);
  const before = results();
  assert.ok(before.length >= 3 && before.length < 8, `${before.length} of 8 points done when the sweep was killed`);
  const stamps = new Map(before.map((i) => {
    const s = statSync(path.join(pointDir(out, i), 'result.json'), { bigint: true });
    return [i, `${s.ino} ${s.mtimeNs}`];
  }));
  for (const i of before) readJson(path.join(pointDir(out, i), 'result.json'));  // whole files only

  const r = rnnbook(args);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, new RegExp(`8 points in .*, ${before.length} complete, ${8 - before.length} to run`));
  const ran = r.stderr.split('\n').filter((l) => l.startsWith('point ')).map((l) => Number(l.slice(6, 10))).sort();
  assert.deepEqual(ran, [0, 1, 2, 3, 4, 5, 6, 7].filter((i) => !before.includes(i)));
  for (const i of before) {
    const s = statSync(path.join(pointDir(out, i), 'result.json'), { bigint: true });
    assert.equal(`${s.ino} ${s.mtimeNs}`, stamps.get(i), `point ${i} ran again`);
  }
  assert.equal(rnnbook(['collect', out]).status, 0);
  const table = readJson(path.join(out, 'table.json'));
  assert.deepEqual(table.rows.map((row) => [row.seed, row.error, typeof row.final_loss]),
    [0, 1, 2, 3, 4, 5, 6, 7].map((i) => [i, null, 'number']));
}, { timeout: 240000 });

test('the same command again after a complete sweep runs nothing', () => {
  const spec = path.join(work, 'six-spec.json');
  const r = rnnbook(['sweep', spec, '--grid', 'seed=0:2', '--grid', 'model.rank=1,8', '--out', sixPoints, '--run', 'local']);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, /6 points in .*, 6 complete, 0 to run\nsweep: 6 points: 6 done;/);
});

test('a missing GNU parallel is a clear message, exit 2, and nothing written', () => {
  const spec = path.join(work, 'six-spec.json');
  const out = path.join(work, 'noparallel');
  const r = rnnbook(['sweep', spec, '--out', out, '--run', 'local'], { env: { ...process.env, PATH: '/nonexistent' } });
  assert.equal(r.status, 2);
  assert.equal(r.stderr.trim(), 'rnnbook: sweep: --run local needs GNU parallel, which is not on PATH; install it (Debian: apt-get install parallel)');
  const s = rnnbook(['sweep', spec, '--out', out, '--run', 'slurm'], { env: { ...process.env, PATH: '/nonexistent' } });
  assert.equal(s.status, 2);
  assert.match(s.stderr, /^rnnbook: sweep: --run slurm needs sbatch, which is not on PATH/);
  assert.equal(existsSync(out), false);
});
