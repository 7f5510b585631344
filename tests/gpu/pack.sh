#!/bin/bash
# Packs what a bare GPU machine with a CUDA PyTorch (and no .NET) needs to run the labs: the .NET runtime, the built
# CLI and labs library without the CPU libtorch, the MNIST digits, a Fashion-MNIST subset, SkiaSharp's font libraries
# and the smoke notebook. Output: .gpu/ at the repository root (git-ignored), about 55 MB; run.sh there unpacks it.
# usage: bash tests/gpu/pack.sh [FASHION_TRAIN_IMAGES]   (default 10000: the whole pack then stays under 64 MiB)
#        MNIST_FULL=1 bash tests/gpu/pack.sh 2000     also the full MNIST (9 MiB more), for the full profiles
#                                                     of labs 1, 2 and 5; fewer Fashion-MNIST images keep it under 64 MiB
set -euo pipefail
cd "$(dirname "$0")/../.."
fashion=${1:-10000}
out=.gpu; stage=$(mktemp -d); trap 'rm -rf "$stage"' EXIT
bash environment/setup.sh
dotnet build -c Release lib/Course.Cli/Course.Cli.csproj -v q -nologo >/dev/null
dotnet build -c Release lib/Course.Labs/Course.Labs.csproj -v q -nologo >/dev/null
rm -rf "$out"; mkdir -p "$out/fc"

dotnet_root=$(dirname "$(readlink -f "$(command -v dotnet)")")
runtime=$(ls -d "$dotnet_root"/shared/Microsoft.NETCore.App/10.* | sort -V | tail -1)
mkdir -p "$stage/dn/shared/Microsoft.NETCore.App"
cp -a "$dotnet_root/dotnet" "$dotnet_root/host" "$stage/dn/" && cp -a "$runtime" "$stage/dn/shared/Microsoft.NETCore.App/"
tar -C "$stage" -cf - dn | xz -T0 -6 > "$out/dn.tar.xz"

for project in Course.Cli Course.Labs; do
  dir=$stage/app/lib/$project/bin/Release/net10.0; mkdir -p "$dir"
  cp -a lib/$project/bin/Release/net10.0/. "$dir/"
  (cd "$dir" && rm -rf cs de es fr it ja ko pl pt-BR ru tr zh-Hans zh-Hant ./*.pdb ./*.xml \
     libtorch* libc10* libaoti* libbackend* libjit* libnnapi* libshm* libgomp*)   # the GPU machine's libtorch is used
done
tar -C "$stage" -cf - app | xz -T0 -6 > "$out/app.tar.xz"

data=${LABS_DATA:-data}
tar -cf - -C "$(dirname "$data")" "$(basename "$data")/mnist-digits" | xz -T0 -6 > "$out/data-mnist.tar.xz"
if [ "${MNIST_FULL:-0}" = 1 ]; then
  [ -f "$data/mnist/train-images-idx3-ubyte" ] || [ -f "$data/mnist/train-images-idx3-ubyte.gz" ] || { echo "no full MNIST in $data/mnist" >&2; exit 1; }
  tar -cf - -C "$(dirname "$data")" "$(basename "$data")/mnist" | xz -T0 -6 > "$out/data-mnist-full.tar.xz"
fi
python3 tests/gpu/fashion_subset.py "$data/fashion-mnist" "$stage/data/fashion-mnist" "$fashion"
tar -C "$stage" -cf "$out/data-fashion.tar" data/fashion-mnist

for lib in libfontconfig.so.1 libfreetype.so.6 libexpat.so.1 libpng16.so.16 libbrotlidec.so.1 libbrotlicommon.so.1; do
  cp -L "$(ldconfig -p | awk -v l="$lib" '$1 == l && /x86-64/ {print $NF; exit}')" "$out/fc/"
done
nm -D --undefined-only lib/Course.Labs/bin/Release/net10.0/libLibTorchSharp.so | awk '{print $2}' > "$out/undef.txt"
cp tests/gpu/run.sh tests/gpu/smoke.ipynb tests/gpu/symcheck.py "$out/"
du -sh --apparent-size "$out"
