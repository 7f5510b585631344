#!/usr/bin/env bash
# README's test command: sets up what the tests need (SDK check, restore, native fix, data, reference tools),
# builds, and runs every test project. Prints each project's summary and a total line "N passed, N failed".
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
bash environment/setup.sh || exit 1
bash environment/install-test-tools.sh || exit 1
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
# Zero warnings, kept at zero: any warning fails the build (suppressions are written where they apply, with the reason).
dotnet build Course.sln -c Release -v q -nologo -warnaserror || exit 1
log=$(mktemp)
dotnet test Course.sln -c Release --no-build -v q -nologo --logger "console;verbosity=minimal" "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
# "Passed!  - Failed:     0, Passed:    42, Skipped:     0, Total:    42, Duration: 3 s - X.dll (net10.0)"
awk '/(Passed|Failed)! +- +Failed:/ {
       gsub(",", ""); for (i = 1; i <= NF; i++) { if ($i == "Failed:") f += $(i+1); if ($i == "Passed:") p += $(i+1); if ($i == "Skipped:") s += $(i+1) } }
     END { printf "tests: %d passed, %d failed, %d skipped\n", p, f, s }' "$log"
if grep -qE "Test Run Aborted|The active test run was aborted" "$log"; then
  echo "tests: a test run was ABORTED (a test host crashed; its message is above): the count above misses its tests"
  [ "$status" -eq 0 ] && status=1
fi
rm -f "$log"
exit $status
