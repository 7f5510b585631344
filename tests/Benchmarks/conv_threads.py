"""Times small convolutions in libtorch 2.10 (the build TorchSharp loads) and in Debian's PyTorch 1.13, at 1 and 2
threads, with no .NET in the process: libtorch 2.10 is driven through LibTorchSharp's C API (ctypes), so what differs
from PyTorch 1.13 is libtorch itself (its oneDNN 3.7 against 1.13's oneDNN 2.6), not TorchSharp or the CLR.

    dotnet build -c Release tests/Benchmarks
    python3 tests/Benchmarks/conv_threads.py [--lib tests/Benchmarks/bin/Release/net10.0] [--calls 2000]

Each line is one fresh process: milliseconds per forward call (best of 3 runs), glibc malloc tuned as the library
tunes it. The shapes are the seed DenseNet's 1x1 and 3x3 convolutions at 16, 8 and 4 px, batch 64.
"""
import argparse
import ctypes
import os
import subprocess
import sys
import time

SHAPES = [  # (in channels, out channels, kernel, map size)
    (84, 48, 1, 16), (48, 12, 3, 16),
    (42, 48, 1, 8), (48, 12, 3, 8),
    (45, 48, 1, 4), (48, 12, 3, 4),
]


def time_libtorch(lib, threads, shape, calls):
    for name in ("libc10.so", "libtorch_cpu.so", "libtorch.so"):
        ctypes.CDLL(os.path.join(lib, name), mode=ctypes.RTLD_GLOBAL)
    ths = ctypes.CDLL(os.path.join(lib, "libLibTorchSharp.so"))
    i64p, ptr = ctypes.POINTER(ctypes.c_int64), ctypes.c_void_p
    ths.THSTensor_randn.restype = ptr
    ths.THSTensor_randn.argtypes = [ptr, i64p, ctypes.c_int, ctypes.c_int8, ctypes.c_int, ctypes.c_int, ctypes.c_bool]
    ths.THSTensor_conv2d.restype = ptr
    ths.THSTensor_conv2d.argtypes = [ptr, ptr, ptr, i64p, ctypes.c_int, i64p, ctypes.c_int, i64p, ctypes.c_int, ctypes.c_int64]
    ths.THSTensor_dispose.argtypes = [ptr]
    ths.THSTorch_set_num_threads(threads)
    cin, cout, k, size = shape
    four = ctypes.c_int64 * 4
    x = ths.THSTensor_randn(None, four(64, cin, size, size), 4, 6, 0, 0, False)   # 6: float32, device 0: CPU
    w = ths.THSTensor_randn(None, four(cout, cin, k, k), 4, 6, 0, 0, False)
    two = ctypes.c_int64 * 2
    ones, pad = two(1, 1), two(k // 2, k // 2)

    def run(n):
        for _ in range(n):
            ths.THSTensor_dispose(ths.THSTensor_conv2d(x, w, None, ones, 2, pad, 2, ones, 2, 1))
    return best_ms(run, calls)


def time_pytorch(threads, shape, calls):
    import torch
    torch.set_num_threads(threads)
    cin, cout, k, size = shape
    x, w = torch.randn(64, cin, size, size), torch.randn(cout, cin, k, k)

    def run(n):
        for _ in range(n):
            torch.nn.functional.conv2d(x, w, padding=k // 2)
    return best_ms(run, calls)


def best_ms(run, calls):
    run(20)
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        run(calls)
        best = min(best, (time.perf_counter() - start) / calls * 1e3)
    return best


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--lib", default=os.path.join(os.path.dirname(__file__), "bin", "Release", "net10.0"),
                        help="folder with libLibTorchSharp.so and libtorch (a Release build of tests/Benchmarks)")
    parser.add_argument("--calls", type=int, default=2000)
    parser.add_argument("--worker", nargs=6, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        side, threads, *shape = args.worker
        shape, threads = tuple(int(v) for v in shape), int(threads)
        ms = time_libtorch(args.lib, threads, shape, args.calls) if side == "libtorch" else time_pytorch(threads, shape, args.calls)
        print(ms)
        return
    if not os.path.exists(os.path.join(args.lib, "libLibTorchSharp.so")):
        sys.exit(f"{args.lib} has no libLibTorchSharp.so: build first (dotnet build -c Release tests/Benchmarks) or pass --lib.")
    env = dict(os.environ, MALLOC_MMAP_THRESHOLD_=str(32 << 20), MALLOC_TRIM_THRESHOLD_=str(256 << 20))
    print(f"{'convolution (batch 64)':28} {'libtorch 2.10 1t':>17} {'2t':>7} {'PyTorch 1.13 1t':>16} {'2t':>7}   ms per forward call")
    for shape in SHAPES:
        cells = []
        for side, python in (("libtorch", sys.executable), ("pytorch", "/usr/bin/python3")):
            for threads in (1, 2):
                out = subprocess.run([python, __file__, "--lib", args.lib, "--calls", str(args.calls), "--worker", side, str(threads), *map(str, shape)],
                                     env=env, capture_output=True, text=True)
                cells.append(float(out.stdout) if out.returncode == 0 else float("nan"))
                if out.returncode != 0:
                    print(f"  {side} failed: {out.stderr.strip().splitlines()[-1:]}", file=sys.stderr)
        cin, cout, k, size = shape
        print(f"{f'{k}x{k} {cin}->{cout} at {size}x{size}':28} {cells[0]:17.3f} {cells[1]:7.3f} {cells[2]:16.3f} {cells[3]:7.3f}")


if __name__ == "__main__":
    main()
