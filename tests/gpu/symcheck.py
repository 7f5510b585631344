"""Which of libLibTorchSharp.so's undefined symbols a libtorch does not define.

TorchSharp is built for one libtorch version; run on another (a pip-installed PyTorch's), a missing C++ symbol only
shows when the op that needs it is first called, and then kills the process. This lists them up front.
usage: python3 symcheck.py UNDEFINED_SYMBOLS_FILE [LIBTORCH_LIB_DIR]   (default: the lib folder of python3's torch)
"""
import ctypes, os, sys

if len(sys.argv) > 2:
    lib, version = sys.argv[2], 'at ' + sys.argv[2]
else:
    import torch
    lib, version = os.path.join(os.path.dirname(torch.__file__), 'lib'), f'torch {torch.__version__} (CUDA {torch.version.cuda})'
for name in ['libc10.so', 'libtorch_cpu.so', 'libc10_cuda.so', 'libtorch_cuda.so', 'libtorch.so']:
    if os.path.exists(os.path.join(lib, name)):
        ctypes.CDLL(os.path.join(lib, name), mode=ctypes.RTLD_GLOBAL)
process = ctypes.CDLL(None)
wanted = [s.split('@')[0] for s in open(sys.argv[1]).read().split()]
missing = [name for name in wanted if not hasattr(process, name)]
print(f'{version}: {len(missing)} of LibTorchSharp\'s {len(wanted)} undefined symbols are not defined')
for name in missing[:40]:
    print('  missing', name)
