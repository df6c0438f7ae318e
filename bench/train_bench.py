"""PyTorch reference for bench/train_bench.cpp: the same workload (a tanh RNN, leak 1, T = 100, B = 32,
I = 2, O = 1, loss 1/2 ||y - y*||^2 averaged over (t, b), gradient by autograd through the fused
torch.nn.RNN, then one Adam step, lr 1e-3) in float64 and float32 on one CPU thread, timed the same
way: one warm-up step, then steps until at least 1.5 s (0.3 s with --quick) and at least 3 steps.
Its own random numbers. Usage: train_bench.py [--quick]; the last line of stdout is one JSON object.
"""
import ctypes
import json
import sys
import time

import torch

T, B, I, O = 100, 32, 2, 1


def bench_size(N, dtype, min_seconds):
    gen = torch.Generator().manual_seed(1234 + N)
    x = torch.randn(T, B, I, generator=gen, dtype=dtype)
    y = torch.randn(T, B, O, generator=gen, dtype=dtype)
    rnn = torch.nn.RNN(I, N, nonlinearity='tanh', dtype=dtype)  # h' = tanh(U x + b + W h + b2)
    readout = torch.nn.Linear(N, O, dtype=dtype)
    with torch.no_grad():  # W ~ N(0, 1/N), U ~ N(0, 1/I), C ~ N(0, 1/N), biases 0, as gaussian_init
        rnn.weight_hh_l0.copy_(torch.randn(N, N, generator=gen, dtype=dtype) / N ** 0.5)
        rnn.weight_ih_l0.copy_(torch.randn(N, I, generator=gen, dtype=dtype) / I ** 0.5)
        rnn.bias_ih_l0.zero_()
        rnn.bias_hh_l0.zero_()
        readout.weight.copy_(torch.randn(O, N, generator=gen, dtype=dtype) / N ** 0.5)
        readout.bias.zero_()
    rnn.bias_hh_l0.requires_grad_(False)  # one bias b, as in rnnbook
    params = [p for p in [*rnn.parameters(), *readout.parameters()] if p.requires_grad]
    opt = torch.optim.Adam(params, lr=1e-3)

    def step():
        opt.zero_grad(set_to_none=True)
        h, _ = rnn(x)
        loss = 0.5 * ((readout(h) - y) ** 2).sum() / (T * B)
        loss.backward()
        opt.step()
        return loss.item()

    step()  # warm-up
    steps, start = 0, time.perf_counter()
    while True:
        loss = step()
        steps += 1
        elapsed = time.perf_counter() - start
        if steps >= 3 and elapsed >= min_seconds:
            break
    print(f'{str(dtype):>13} N={N:4d}  {steps:6d} steps in {elapsed:6.3f} s  {steps / elapsed:9.2f} steps/s  '
          f'(loss {loss:.6f})', flush=True)
    return {'N': N, 'T': T, 'B': B, 'dtype': str(dtype).removeprefix('torch.'), 'steps': steps,
            'seconds': elapsed, 'steps_per_s': steps / elapsed, 'ms_per_step': 1e3 * elapsed / steps}


def blas_peak_gflops(dtype, n=1024, repeats=5):
    """The BLAS's own rate on a large square product (one thread): the machine's practical peak."""
    a = torch.randn(n, n, dtype=dtype)
    b = torch.randn(n, n, dtype=dtype)
    torch.mm(a, b)  # warm-up
    start = time.perf_counter()
    for _ in range(repeats):
        torch.mm(a, b)
    return 2.0 * n ** 3 * repeats / (time.perf_counter() - start) / 1e9


def loaded_blas():
    """The BLAS libraries mapped into this process (Debian picks one by update-alternatives)."""
    with open('/proc/self/maps') as maps:
        return sorted({line.split()[-1] for line in maps if 'blas' in line.split()[-1]})


def openblas_core():
    """The kernel family OpenBLAS picked for this CPU (OPENBLAS_CORETYPE overrides), or None."""
    for lib in loaded_blas():
        if 'openblas' in lib:
            try:
                name = ctypes.CDLL(lib).openblas_get_corename
            except (OSError, AttributeError):
                continue
            name.restype = ctypes.c_char_p
            return name().decode()
    return None


def main():
    quick = sys.argv[1:] == ['--quick']
    if sys.argv[1:] and not quick:
        sys.exit(f'usage: {sys.argv[0]} [--quick]')
    torch.set_num_threads(1)  # the BLAS threads are limited by OPENBLAS_NUM_THREADS=1 (set by the runner)
    results = [bench_size(N, dtype, 0.3 if quick else 1.5)
               for dtype in (torch.float64, torch.float32) for N in (32, 128, 512)]
    peak = {str(dtype).removeprefix('torch.'): blas_peak_gflops(dtype) for dtype in (torch.float64, torch.float32)}
    print(f'BLAS peak, 1024 x 1024 x 1024 product, one thread: {peak["float64"]:.1f} GFLOP/s float64, '
          f'{peak["float32"]:.1f} float32', flush=True)
    core = openblas_core()
    print(f'OpenBLAS kernels: {core}', flush=True)
    print(json.dumps({'runtime': 'pytorch', 'version': torch.__version__, 'blas': loaded_blas(),
                      'blas_core': core, 'blas_peak_gflops': peak, 'results': results}))


if __name__ == '__main__':
    main()
