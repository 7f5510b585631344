#!/bin/bash
# Runs on a GPU machine with a CUDA PyTorch, from the repository root, after tests/gpu/pack.sh made .gpu/ here:
# unpacks the .NET runtime, the built course and the data; points TorchSharp at PyTorch's libtorch; checks the
# symbols and runs the smoke notebook (CPU vs GPU); then runs each notebook given as NAME:PROFILE[:name=value,...]
# within SECONDS in all. Key numbers (scrapbook values) and errors are printed; executed notebooks that failed or
# ran the full profile are copied to $OUT (or ./gpu-output).
# usage: bash .gpu/run.sh SECONDS lab3:full lab7:default lab2:full:SweepEpochs=2
set -uo pipefail
t0=$(date +%s); total=${1:?seconds}; shift
out=${OUT:-gpu-output}; mkdir -p "$out"
nvidia-smi -L || echo "nvidia-smi: no GPU listed"
mkdir -p /tmp/gpu-run
tar -xJf .gpu/dn.tar.xz -C /tmp/gpu-run && tar -xJf .gpu/app.tar.xz -C /tmp/gpu-run && cp -a /tmp/gpu-run/app/lib/. lib/ \
  && tar -xJf .gpu/data-mnist.tar.xz && tar -xf .gpu/data-fashion.tar || { echo "could not unpack .gpu/: run tests/gpu/pack.sh first"; exit 2; }
[ ! -f .gpu/data-mnist-full.tar.xz ] || tar -xJf .gpu/data-mnist-full.tar.xz || { echo "could not unpack .gpu/data-mnist-full.tar.xz"; exit 2; }
# TORCH_LIB: a libtorch folder to use instead of python3's torch (e.g. the CPU one, to try this script without a GPU)
torch_lib=${TORCH_LIB:-$(python3 -c 'import torch, os; print(os.path.dirname(torch.__file__))')/lib} \
  || { echo "python3 has no torch: install a CUDA PyTorch or set TORCH_LIB"; exit 2; }
python3 .gpu/symcheck.py .gpu/undef.txt "$torch_lib"
export DOTNET_ROOT=/tmp/gpu-run/dn PATH=/tmp/gpu-run/dn:$PATH LD_LIBRARY_PATH=$torch_lib:$PWD/.gpu/fc
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1
export MALLOC_MMAP_THRESHOLD_=33554432 MALLOC_TRIM_THRESHOLD_=268435456

report() {   # notebook, profile: print scrapbook values and errors; keep failed and full-profile notebooks
  python3 - "$1" "$out" "$2" <<'PY'
import json, shutil, sys
try:
    nb = json.load(open(sys.argv[1]))
except Exception as e:
    sys.exit(f'  no executed notebook: {e}')
failed = False
for cell in nb['cells']:
    for o in cell.get('outputs', []):
        scrap = o.get('data', {}).get('application/scrapbook.scrap.json+json')
        if scrap: print('  ', scrap['name'], json.dumps(scrap['data'])[:120])
        if o.get('output_type') == 'error': failed = True; print('  ERROR', o.get('ename'), o.get('evalue', '')[:700])
        if o.get('output_type') == 'execute_result' and sys.argv[1].endswith('gpu-smoke.ipynb'):
            print('  ', ''.join(o['data'].get('text/plain', '')))
if failed or sys.argv[3] == 'full': shutil.copy(sys.argv[1], sys.argv[2])
PY
}
echo "set-up $(( $(date +%s) - t0 )) s"
cp .gpu/smoke.ipynb notebooks/gpu-smoke.ipynb
dotnet lib/Course.Cli/bin/Release/net10.0/labs.dll run notebooks/gpu-smoke.ipynb -o /tmp/gpu-run/smoke 2>&1 | tail -3
report /tmp/gpu-run/smoke/gpu-smoke.ipynb smoke; rm notebooks/gpu-smoke.ipynb
for spec in "$@"; do
  IFS=: read -r name profile params <<< "$spec"
  args=(); IFS=, read -ra pairs <<< "$params"; for p in "${pairs[@]}"; do args+=(-p "$p"); done
  left=$(( total - ($(date +%s) - t0) - 10 ))
  [ "$left" -lt 20 ] && { echo "== $name: no time left"; continue; }
  notebook=$(ls notebooks/"$name"*.ipynb | head -1); base=$(basename "$notebook" .ipynb)
  echo "== $base $profile $params ($left s left)"
  timeout -s INT "$left" dotnet lib/Course.Cli/bin/Release/net10.0/labs.dll run "$notebook" --profile "$profile" "${args[@]}" \
    -o "/tmp/gpu-run/$name" 2>&1 | grep -v " started \| completed " | tail -4
  report "/tmp/gpu-run/$name/$base.ipynb" "$profile"
done
echo "total $(( $(date +%s) - t0 )) s"
