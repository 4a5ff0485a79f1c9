#!/usr/bin/env bash
# Places Fashion-MNIST (four gzip IDX files) under data/fashion-mnist/, verified against data/fashion-mnist.sha256.
# Idempotent: verified files already in place are kept. Source: Debian's dataset-fashion-mnist package through
# `apt-get download` (no root needed); if that is impossible, the dataset's published files through curl.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
target="$repo/data/fashion-mnist"
sums="$repo/data/fashion-mnist.sha256"
files=(train-images-idx3-ubyte.gz train-labels-idx1-ubyte.gz t10k-images-idx3-ubyte.gz t10k-labels-idx1-ubyte.gz)
published="http://fashion-mnist.s3-website.eu-central-1.amazonaws.com"

fail() { echo "get-data: $*" >&2; exit 1; }

[ -f "$sums" ] || fail "missing $sums (the recorded SHA-256 values); restore it from the repository."

verify_dir() { (cd "$1" && sha256sum --check --quiet --status "$sums") 2>/dev/null; }

if [ -d "$target" ] && verify_dir "$target"; then
  echo "get-data: Fashion-MNIST already in place and verified: $target"
  exit 0
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
source_used=""
apt_error=""

if command -v apt-get >/dev/null && command -v dpkg >/dev/null; then
  if (cd "$work" && { apt-get download dataset-fashion-mnist >"$work/apt.log" 2>&1 \
        || { apt-get update >>"$work/apt.log" 2>&1 && apt-get download dataset-fashion-mnist >>"$work/apt.log" 2>&1; }; }); then
    dpkg -x "$work"/dataset-fashion-mnist_*.deb "$work/extract"
    mkdir -p "$work/files"
    for f in "${files[@]}"; do cp "$work/extract/usr/share/datasets/fashion-mnist/$f" "$work/files/"; done
    source_used="Debian package dataset-fashion-mnist"
  else
    apt_error="apt-get download dataset-fashion-mnist failed: $(tail -n 1 "$work/apt.log")"
  fi
else
  apt_error="apt-get/dpkg not available"
fi

if [ -z "$source_used" ]; then
  echo "get-data: $apt_error; trying the published files at $published" >&2
  command -v curl >/dev/null || fail "$apt_error, and curl is not installed. Install curl (or run on Debian/Ubuntu with apt) and rerun environment/get-data.sh."
  mkdir -p "$work/files"
  for f in "${files[@]}"; do
    curl -fsSL --retry 2 -o "$work/files/$f" "$published/$f" \
      || fail "$apt_error; curl $published/$f also failed. Connect to the internet or copy the four files into $target by hand."
  done
  source_used="published files ($published)"
fi

verify_dir "$work/files" || fail "SHA-256 mismatch for files from $source_used: $(cd "$work/files" && sha256sum --check "$sums" 2>&1 | grep -v ': OK' | tr '\n' ' ')"
mkdir -p "$target"
for f in "${files[@]}"; do cp "$work/files/$f" "$target/$f.part" && mv "$target/$f.part" "$target/$f"; done
echo "get-data: Fashion-MNIST from $source_used verified and placed in $target"
