#!/usr/bin/env bash
# Installs the Debian packages listed in environment/test-packages.txt that are missing. Quiet when none are.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
mapfile -t wanted < <(grep -vE '^\s*(#|$)' "$root/environment/test-packages.txt" | awk '{print $1}')
missing=()
for p in "${wanted[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if ! command -v apt-get >/dev/null; then
  echo "error: the tests need these Debian packages, and apt-get is not available: ${missing[*]}" >&2
  echo "  Install their equivalents (Python 3 with nbformat, numpy, scikit-learn, torch) at /usr/bin/python3." >&2
  exit 1
fi
sudo=""
[ "$(id -u)" = 0 ] || sudo="sudo"
echo "install-test-tools: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
if ! $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/tmp/labs-apt.log 2>&1; then
  $sudo apt-get update -qq >/dev/null 2>&1
  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/tmp/labs-apt.log 2>&1 || {
    echo "error: apt-get could not install: ${missing[*]} (log: /tmp/labs-apt.log)" >&2; tail -n 5 /tmp/labs-apt.log >&2; exit 1; }
fi
