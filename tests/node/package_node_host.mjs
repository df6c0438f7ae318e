// The node host of the package test (package.test.mjs copies it into a fresh project that installed
// the .tgz, and runs it there): `import { run } from 'rnnbook'` runs one config of each experiment kind
// with progress, stops a long run with an AbortSignal, runs one in this thread (rnnbook/engine), and
// prints one JSON line: per kind the progress events and every array's bytes (base64) and scalar, for
// the bit comparison with the CLI. The script must end on its own when its work is done (the pool's
// threads are idle).
import rnnbook, { run, Client, VERSION, twoNN, loadModule } from 'rnnbook';
import { runExperiment } from 'rnnbook/engine';
import { participationRatio } from 'rnnbook/functions';

const configs = JSON.parse(process.argv[2]);
const out = { version: VERSION, runs: {} };
const bytes = (a) => Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('base64');

await Promise.all(Object.entries(configs).map(async ([name, config]) => {
  let events = 0;
  let lastPosition = 0;
  const r = await run(config, { onProgress: ({ position }) => { events++; lastPosition = position; } });
  out.runs[name] = {
    kind: r.kind, stopped: r.stopped, events, lastPosition,
    arrays: Object.fromEntries(Object.entries(r.arrays).map(([k, a]) => [k, { shape: a.shape, data: bytes(a.data) }])),
    scalars: Object.fromEntries(Object.entries(r.scalars).map(([k, v]) => [k, Number.isFinite(v) ? v : String(v)])),
  };
}));

// Stop: a long run aborted after its first progress event resolves with what it has.
const stop = new AbortController();
const long = await run({ kind: 'train', steps: 100000, model: { hidden: 16 } }, {
  signal: stop.signal, onProgress: () => stop.abort(),
});
out.stop = { stopped: long.stopped, steps: long.scalars.steps_done };

// Bad input: the error that names the field, as on the site.
out.errors = [];
for (const config of [{ kind: 'train', model: { hidden: 5000 } }, { kind: 'train', extra: 1 }]) {
  await run(config).then(() => out.errors.push('no error'), (e) => out.errors.push(e.message));
}
await twoNN([[0], [1]], { discard_fraction: 1 }).catch((e) => out.errors.push(e.message));

// In this thread: loadModule() and rnnbook/engine give the worker's bits; rnnbook/functions answers.
const M = await loadModule();
const inThread = await runExperiment(M, configs.train);
out.inThread = { version: M.version(), loss: bytes(inThread.arrays.loss.data), pr: participationRatio(M, [[1, 0], [-1, 0], [0, 1], [0, -1]]) };

// A client of its own, and the default object's pool.
const client = new Client({ workers: 1 });
out.clientVersion = await client.version();
client.terminate();
out.pool = (await rnnbook.stats()).workers;
process.stdout.write(`${JSON.stringify(out)}\n`);
