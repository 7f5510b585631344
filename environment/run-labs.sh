#!/usr/bin/env bash
# README's main command: runs every lab notebook headlessly with the course's own notebook host (no Python, no
# Jupyter), after the set-up it needs. Executed notebooks, an HTML page per lab and an index go to runs/labs/.
#
#   environment/run-labs.sh                    every lab, default profile (sized for a laptop CPU)
#   environment/run-labs.sh --profile quick    the CI profile (seconds per cell)
#   environment/run-labs.sh -- ARGS            extra arguments for `labs run` (e.g. -p Epochs=1)
#   LABS_RUN_NOTEBOOKS=notebooks/lab1-mnist-mlp.ipynb environment/run-labs.sh   only those notebooks (default: notebooks)
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
profile=default
extra=()
while [ $# -gt 0 ]; do
  case $1 in
    --profile) profile=$2; shift 2 ;;
    --) shift; extra=("$@"); break ;;
    *) echo "usage: environment/run-labs.sh [--profile quick|default|full] [-- labs-run-arguments]" >&2; exit 2 ;;
  esac
done
bash environment/setup.sh || exit 1
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
# The labs load the Release build of the helper library (#r "../lib/Course.Labs/bin/Release/...").
dotnet build lib/Course.Labs -c Release -v q -nologo || exit 1
dotnet build lib/Course.Cli -c Release -v q -nologo || exit 1
exec dotnet lib/Course.Cli/bin/Release/net10.0/labs.dll run ${LABS_RUN_NOTEBOOKS:-notebooks} --profile "$profile" -o runs/labs "${extra[@]}"
