#!/bin/sh
# Regenerates the README's diagram pictures (docs/images/) and prints each one's size.
# Usage: scripts/diagram_images.sh [BUILD_DIR]
set -eu
build=${1:-build}
out=$(dirname "$0")/../docs/images
mkdir -p "$out"
"$build/synack" diagram tcp-endpoint --format png -o "$out/tcp-endpoint.png"
"$build/synack" diagram tcp/two-way-handshake --compare tcp/three-way-handshake \
  --format png -o "$out/compare-handshakes.png" 2> /dev/null
for f in "$out/tcp-endpoint.png" "$out/compare-handshakes.png"; do
  # A PNG's width and height are the big-endian words at bytes 16 and 20.
  size=$(od -An -tu1 -j16 -N8 "$f" | awk '{ printf "%d x %d", $3 * 256 + $4, $7 * 256 + $8 }')
  echo "$(basename "$f"): $size px"
done
