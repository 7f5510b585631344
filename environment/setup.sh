#!/usr/bin/env bash
# Set-up of a fresh machine for this project. Idempotent: quiet when there is nothing to do.
#   environment/setup.sh            SDK check, package restore, TorchSharp native fix, data sets
#   environment/setup.sh --no-data  everything but the data sets
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
data=1
for a in "$@"; do
  case $a in
    --no-data) data=0 ;;
    *) echo "usage: environment/setup.sh [--no-data]" >&2; exit 2 ;;
  esac
done

bash environment/check-dotnet.sh
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
dotnet restore Course.sln -v q -nologo | { grep -vE '^\s*(Determining projects|All projects are up-to-date|Restored )' || true; }
bash environment/fix-native.sh
if [ $data = 1 ]; then bash environment/fetch-data.sh; fi
