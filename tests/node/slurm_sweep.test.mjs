// A sweep on a real single-node Slurm cluster (started here by the recipe of SCALE.md: temp dir,
// munged as the munge user if it is not running, slurmctld -c, slurmd) gives the same table as the
// same sweep run locally with GNU parallel. Every wait is bounded; the daemons this test started are
// stopped by pid. The Slurm packages come from scripts/install.sh: without them this test fails.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import path from 'node:path';
import { nativeDir, root } from './module.mjs';
import { codeBlocks } from '../docs_blocks.mjs';

const cli = path.join(nativeDir, 'cli/rnnbook');
const D = mkdtempSync(path.join(tmpdir(), 'rnnbook-slurm-'));
const conf = path.join(D, 'slurm.conf');
const env = { ...process.env, SLURM_CONF: conf, PATH: `${path.dirname(cli)}:${process.env.PATH}` };
const started = [];  // pid files of the daemons this test started
const sleep = (ms) => new Promise((resolve) => { setTimeout(resolve, ms); });

const sh = (command) => spawnSync('sh', ['-c', command], { encoding: 'utf8', env, timeout: 30000 });
const pidOf = (file) => Number(readFileSync(file, 'utf8').trim());
const alive = (pid) => { try { process.kill(pid, 0); return true; } catch { return false; } };
const logs = () => ['slurmctld.log', 'slurmd.log'].map((f) => {
  const file = path.join(D, f);
  return existsSync(file) ? `${f}:\n${readFileSync(file, 'utf8').split('\n').slice(-15).join('\n')}` : `${f}: none`;
}).join('\n');

/** Polls check() every 250 ms for at most ms; returns whether it came true. */
async function until(check, ms) {
  for (const end = Date.now() + ms; Date.now() < end; await sleep(250)) if (check()) return true;
  return check();
}

before(async () => {
  for (const program of ['slurmctld', 'slurmd', 'sbatch', 'squeue', 'sinfo', 'munged'])
    assert.equal(sh(`command -v ${program}`).status, 0, `${program} is not installed: bash scripts/install.sh installs it`);
  mkdirSync(path.join(D, 'state'));
  mkdirSync(path.join(D, 'spool'));
  writeFileSync(conf, `ClusterName=rnnbook-test
SlurmctldHost=localhost
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
StateSaveLocation=${D}/state
SlurmdSpoolDir=${D}/spool
SlurmctldPidFile=${D}/slurmctld.pid
SlurmdPidFile=${D}/slurmd.pid
SlurmctldLogFile=${D}/slurmctld.log
SlurmdLogFile=${D}/slurmd.log
ReturnToService=2
NodeName=localhost NodeHostname=localhost CPUs=${availableParallelism()} RealMemory=4000 State=UNKNOWN
PartitionName=debug Nodes=localhost Default=YES MaxTime=INFINITE State=UP
`);
  // munge: its socket dir must exist and belong to the munge user; munged runs as that user. It is
  // shared with anything else on the machine: started only if not running, and then stopped after.
  const munge = sh('mkdir -p /run/munge && chown munge:munge /run/munge && ' +
    'chown -R munge:munge /etc/munge /var/lib/munge /var/log/munge');
  assert.equal(munge.status, 0, munge.stderr);
  if (sh('pgrep -x munged').status !== 0) {
    const m = sh('su -s /bin/sh munge -c munged');
    assert.equal(m.status, 0, m.stderr);
    started.push('/run/munge/munged.pid');
  }
  for (const [daemon, args] of [['slurmctld', ['-c', '-f', conf]], ['slurmd', ['-f', conf]]]) {
    const r = spawnSync(daemon, args, { encoding: 'utf8', env, timeout: 30000 });
    assert.equal(r.status, 0, `${daemon}: ${r.stderr}\n${logs()}`);
    const pidFile = path.join(D, `${daemon}.pid`);
    assert.ok(await until(() => existsSync(pidFile), 10000), `${daemon} wrote no pid file\n${logs()}`);
    started.push(pidFile);
  }
  const idle = await until(() => /idle/.test(sh('sinfo -h -o %t').stdout), 30000);
  assert.ok(idle, `the node is not idle after 30 s: ${sh('sinfo -h -o %t').stdout}\n${logs()}`);
});

after(async () => {
  for (const file of started.reverse()) {
    if (!existsSync(file)) continue;
    const pid = pidOf(file);
    if (alive(pid)) process.kill(pid, 'SIGTERM');
    await until(() => !alive(pid), 10000);
  }
  rmSync(D, { recursive: true, force: true });
});

/** Waits (at most ms) until squeue lists no job. */
async function queueEmpty(ms) {
  return until(() => { const q = sh('squeue -h'); return q.status === 0 && q.stdout.trim() === ''; }, ms);
}

function table(dir) {
  const r = spawnSync(cli, ['collect', dir], { encoding: 'utf8', timeout: 60000 });
  assert.equal(r.status, 0, r.stderr);
  const t = JSON.parse(readFileSync(path.join(dir, 'table.json'), 'utf8'));
  return { columns: t.columns, rows: t.rows.map(({ timing_ms, ...row }) => row) };  // timing aside
}

test('a Slurm job-array sweep gives the same table as the local GNU parallel sweep', { timeout: 300000 }, async () => {
  const spec = path.join(D, 'spec.json');
  writeFileSync(spec, JSON.stringify({ kind: 'train', steps: 40, batch_size: 4, model: { hidden: 8 }, task: { bits: 2, steps: 10 } }));
  const grid = ['--grid', 'seed=0:2', '--grid', 'model.rank=1,8'];
  const local = spawnSync(cli, ['sweep', spec, ...grid, '--out', path.join(D, 'local'), '--run', 'local', '-j', '2'],
    { encoding: 'utf8', timeout: 120000 });
  assert.equal(local.status, 0, local.stderr);

  const out = path.join(D, 'slurm');
  const submit = spawnSync(cli, ['sweep', spec, ...grid, '--out', out, '--run', 'slurm', '--max-running', '2'],
    { encoding: 'utf8', env, timeout: 60000 });
  assert.equal(submit.status, 0, `${submit.stderr}\n${logs()}`);
  const jobId = submit.stdout.trim();
  assert.match(jobId, /^\d+$/);
  assert.match(submit.stderr, new RegExp(`submitted Slurm job ${jobId}, 6 tasks \\(array 0-5\\)`));
  assert.match(readFileSync(path.join(out, 'sweep.sbatch'), 'utf8'), /^#SBATCH --array=0-5%2$/m);
  assert.ok(await queueEmpty(120000), `jobs still queued after 120 s:\n${sh('squeue').stdout}\n${logs()}`);

  const t = table(out);
  assert.deepEqual(t.rows.map((row) => row.error), [null, null, null, null, null, null],
    JSON.stringify(t.rows.map((row) => row.error)));
  assert.deepEqual(t, table(path.join(D, 'local')));
  // Each task logged to its point's directory (--output with %4a).
  assert.ok(existsSync(path.join(out, 'points/0005/slurm.log')));
});

test('the Slurm commands of docs/sweeps.md run on the cluster', { timeout: 300000 }, async () => {
  const doc = readFileSync(path.join(root, 'docs/sweeps.md'), 'utf8');
  const setup = codeBlocks(doc, 'sh cli')[0];
  const slurm = codeBlocks(doc, 'sh cli slurm');
  assert.ok(slurm.length >= 1, 'docs/sweeps.md has a ```sh cli slurm block');
  const cwd = path.join(D, 'docs');
  mkdirSync(cwd);
  for (const block of [setup, ...slurm]) {
    const r = spawnSync('bash', ['-euo', 'pipefail', '-c', block.code], { cwd, encoding: 'utf8', env, timeout: 120000 });
    assert.equal(r.status, 0, `block at line ${block.line}:\n${r.stdout}\n${r.stderr}\n${logs()}`);
  }
  assert.ok(await queueEmpty(120000), `jobs still queued after 120 s:\n${sh('squeue').stdout}\n${logs()}`);
  const manifest = execFileSync('sh', ['-c', 'ls */manifest.json'], { cwd, encoding: 'utf8' }).trim().split('\n');
  for (const m of manifest) {
    const t = table(path.join(cwd, path.dirname(m)));
    assert.ok(t.rows.length > 0 && t.rows.every((row) => row.error === null), `${m}: ${JSON.stringify(t.rows)}`);
  }
});
