#!/usr/bin/env bash
# Grades a class on a SLURM cluster: a job array of SHARDS tasks (one `labs grade --shard auto` each, into
# OUT/shards/K-of-N), then a merge job that starts when every task has ended (afterany: a failed shard is reported
# by the merge, whose exit code is then 1) and writes OUT's gradebook, pages and marks sheet.
#
#   grade-course.sh KEY SUBMISSIONS_DIR OUT [SHARDS] [-- labs grade options...]
#
# KEY, SUBMISSIONS_DIR and OUT must be on storage every node sees at the same path. Environment:
#   LABS            the labs command on the nodes (default: labs; e.g. "dotnet /opt/course/labs.dll")
#   CPUS_PER_SHARD  cores per array task (default 2; the task grades that many submissions at once, 1 thread each)
#   SBATCH_EXTRA    more sbatch options for both jobs (e.g. "--partition=teach --account=cs101")
# Prints the two job ids; `squeue -j ID` follows them, OUT/logs has each task's progress.
set -euo pipefail
if [ $# -lt 3 ]; then sed -n '2,14p' "$0" >&2; exit 2; fi
here=$(cd "$(dirname "$0")" && pwd)
key=$(readlink -f "$1"); submissions=$(readlink -f "$2"); out=$(readlink -m "$3")
shift 3
shards=4
if [ $# -gt 0 ] && [ "$1" != "--" ]; then shards=$1; shift; fi
if [ "${1:-}" = "--" ]; then shift; fi
case "$shards" in ''|*[!0-9]*|0) echo "grade-course.sh: SHARDS must be a positive whole number, not '$shards'" >&2; exit 2;; esac
[ -f "$key" ] || { echo "grade-course.sh: no key notebook at $key" >&2; exit 2; }
[ -d "$submissions" ] || { echo "grade-course.sh: no submissions folder at $submissions" >&2; exit 2; }
mkdir -p "$out/logs"
name="grade-$(basename "$key" .ipynb)"
# shellcheck disable=SC2086
array=$(sbatch --parsable ${SBATCH_EXTRA:-} --job-name="$name" --array="0-$((shards - 1))" --cpus-per-task="${CPUS_PER_SHARD:-2}" \
  --output="$out/logs/shard-%a.log" "$here/grade-shard.sbatch" "$key" "$submissions" "$out" "$@")
array=${array%%;*}
# shellcheck disable=SC2086
merge=$(sbatch --parsable ${SBATCH_EXTRA:-} --job-name="$name-merge" --dependency="afterany:$array" --kill-on-invalid-dep=yes \
  --output="$out/logs/merge.log" "$here/merge.sbatch" "$out")
merge=${merge%%;*}
echo "array $array ($shards shards), merge $merge"
