"""NumPy reference for bench/dimension_bench.cpp: TwoNN (MLE) and Levina-Bickel (k = 10..20, mean)
written the straightforward way: squared distances of a block of rows by the product formula,
np.partition for the nearest, the estimators as in SCIENCE.md 6.2-6.3. Same point distribution (a
10-D Gaussian rotated into R^50), its own random numbers. Duplicates are not searched for (a
continuous sample has none). Usage: dimension_bench.py [--quick]; the last line is one JSON object.
"""
import json
import sys
import time

import numpy as np

D, INTRINSIC = 50, 10


def nearest_distances(X, k, block=1000):
    """Distances to the k nearest other points, ascending, (n, k)."""
    n = X.shape[0]
    sq = np.einsum('ij,ij->i', X, X)
    out = np.empty((n, k))
    for s in range(0, n, block):
        e = min(n, s + block)
        d2 = sq[s:e, None] + sq[None, :] - 2.0 * (X[s:e] @ X.T)
        d2[np.arange(e - s), np.arange(s, e)] = np.inf
        near = np.partition(d2, k - 1, axis=1)[:, :k]
        near.sort(axis=1)
        out[s:e] = np.sqrt(np.maximum(near, 0.0))
    return out


def twonn(X):
    r = nearest_distances(X, 2)
    mu = r[:, 1] / r[:, 0]
    return (len(mu) - 1) / np.log(mu).sum()


def levina_bickel(X, k_min=10, k_max=20):
    logs = np.log(nearest_distances(X, k_max))
    prefix = np.cumsum(logs, axis=1)
    estimates = []
    for k in range(k_min, k_max + 1):
        inverse = logs[:, k - 1] - prefix[:, k - 2] / (k - 1)
        estimates.append(np.mean(1.0 / inverse))
    return float(np.mean(estimates))


def main():
    sizes = [1000, 2000] if '--quick' in sys.argv[1:] else [1000, 5000, 10000]
    rng = np.random.default_rng(1)
    results = []
    for n in sizes:
        Q, _ = np.linalg.qr(rng.standard_normal((D, INTRINSIC)))
        X = rng.standard_normal((n, INTRINSIC)) @ Q.T
        runs = 3 if n <= 1000 else 1
        for name, f in (('twonn', twonn), ('levina_bickel', levina_bickel)):
            best, value = float('inf'), 0.0
            for _ in range(runs):
                start = time.perf_counter()
                value = float(f(X))
                best = min(best, time.perf_counter() - start)
            print(f'n={n:5d}  {name:<13} {best:8.3f} s  (best of {runs})  estimate {value:.4f}', flush=True)
            results.append({'n': n, 'estimator': name, 'runs': runs, 'seconds': best, 'estimate': value})
    print(json.dumps({'runtime': 'numpy', 'numpy': np.__version__, 'D': D, 'intrinsic': INTRINSIC,
                      'results': results}))


if __name__ == '__main__':
    main()
