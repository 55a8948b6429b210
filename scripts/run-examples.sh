#!/usr/bin/env bash
# The main job: build every example plugin and run it through Plinth's own host
# (info, the compliance checks, and a render of a test tone).
#   scripts/run-examples.sh [build-dir]     (default: build)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build}
"$root/scripts/install-deps.sh"
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DPLINTH_TESTS=OFF -DPLINTH_BENCH=OFF
cmake --build "$build" --target plinth plinth_examples
status=0
for bundle in "$build"/vst3/*.vst3; do
  echo "=== $(basename "$bundle")"
  "$build/tools/plinth" info "$bundle"
  "$build/tools/plinth" validate "$bundle" || status=1
  "$build/tools/plinth" render "$bundle" --sine 1000 --seconds 1 --output "$build/$(basename "$bundle" .vst3).wav" || status=1
done
echo "Bundles are in $build/vst3; install with: mkdir -p ~/.vst3 && cp -r $build/vst3/*.vst3 ~/.vst3/"
exit $status
