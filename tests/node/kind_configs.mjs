// One small config of each experiment kind, reaching Eigen's blocked products (cli_parity.test.mjs's
// native/wasm parity runs them too): the package test compares their bits with the CLI's, the package benchmark
// (bench/package_bench.mjs) those of a size-tuned link with the default one.
export const configs = {
  train: { kind: 'train', seed: 11, steps: 40, batch_size: 8, model: { hidden: 70, leak: 0.5 }, task: { bits: 3, steps: 30 } },
  sntk: { kind: 'sntk', seed: 8, steps: 10, model: { hidden: 20 }, task: { bits: 2, steps: 12 }, sntk: { interval: 5, top_k: 4 } },
  pitchfork: { kind: 'pitchfork', seed: 2, steps: 4, batch_size: 4, model: { hidden: 6 }, monitor_trials: 3,
    sntk: { interval: 2, eval_trials: 2, eval_steps: 10, landscape_points: 3 } },
  measure: { kind: 'measure', seed: 3, data: { manifold: 'swiss_roll', dimension: 2, samples: 500, embedding: 10 } },
  sample: { kind: 'sample', seed: 3, target: { name: 'ring' }, model: { hidden: 20 },
    training: { levels: 2, steps_per_level: 10, final_steps: 10, batch_size: 16, data_size: 200 },
    sampling: { chains: 50, steps: 20, record_every: 10, snapshot_chains: 10 },
    measures: { reference: 300, mmd_samples: 100, grid: { points: 11 } } },
  flatness: { kind: 'flatness', seed: 5, steps: 20, batch_size: 4, loss: 'cross_entropy',
    model: { hidden: [7, 5], activation: 'softplus' }, optimizer: { name: 'adam' } },
  forecast: { kind: 'forecast', seed: 3, data: { frames: 1500 }, leads: 20,
    models: { ar: { max_order: 8 }, var: { max_order: 4 }, gru: { enabled: true, hidden: 4, context: 10, horizon: 5, steps: 5, batch: 4 } } },
  switching: { kind: 'switching', seed: 2, data: { variant: 'soft_sticky', steps: 120, test_steps: 80 },
    training: { iterations: 12, samples: 2 }, baseline: { iterations: 4, kmeans_restarts: 2 },
    evaluation: { posterior_samples: 3, horizon: 3, paths: 2 } },
  causality: { kind: 'causality', seed: 2, data: { neurons: 6, samples: 600, burn_in: 20 },
    attention: { context: 4, width: 8, heads: 2, key_width: 4, hidden: 8, epochs: 2, batch: 64 } },
};
