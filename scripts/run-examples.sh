#!/usr/bin/env bash
# The main job: build every example plugin and run it through Plinth's own host: the
# compliance checks (plinth validate), a short demo render (a tone, or a phrase of notes
# for instruments), a screenshot of its editor and the cost at 48 kHz in 64-sample blocks.
# One line per plugin; the
# full output of each step is kept in <build>/examples-report/.
#   scripts/run-examples.sh [build-dir]     (default: build)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build}
"$root/scripts/install-deps.sh"
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DPLINTH_TESTS=OFF -DPLINTH_BENCH=OFF
cmake --build "$build" --target plinth plinth_examples
plinth=$build/tools/plinth
report=$build/examples-report
mkdir -p "$report"
status=0
shopt -s nullglob
bundles=("$build"/vst3/*.vst3)
((${#bundles[@]})) || { echo "plinth: error: no bundles in $build/vst3" >&2; exit 1; }
for bundle in "${bundles[@]}"; do
  name=$(basename "$bundle" .vst3)
  log=$report/$name.txt
  "$plinth" info "$bundle" > "$log" 2>&1 || status=1
  if "$plinth" validate "$bundle" >> "$log" 2>&1; then
    checks=$(tail -n 1 "$log")
  else
    checks="FAILED: $(tail -n 1 "$log")"
    status=1
  fi
  # Instruments get a short phrase of notes, effects a 1 kHz tone.
  if grep -q "Instrument" "$log"; then
    source_args=(--notes "60:0.8:0.0:0.4,64:0.7:0.25:0.4,67:0.7:0.5:0.4,72:0.9:0.75:0.6" --seconds 2)
  else
    source_args=(--sine 1000 --seconds 1)
  fi
  if "$plinth" render "$bundle" "${source_args[@]}" --output "$report/$name.wav" >> "$log" 2>&1; then
    rendered="render ok"
  else
    rendered="render FAILED"
    status=1
  fi
  # The generic editor, captured under a private X server.
  if xvfb-run -a -s "-screen 0 1920x1200x24 -noreset" "$plinth" editor "$bundle" --screenshot "$report/$name.png" >> "$log" 2>&1; then
    rendered="$rendered | editor ok"
  else
    rendered="$rendered | editor FAILED"
    status=1
  fi
  factor=$("$plinth" bench "$bundle" -b 64 -s 0.3 2>> "$log" | awk '/realtime factor/ {print $3}')
  printf '%-26s %s | %s | %s real time (48 kHz, 64-sample blocks)\n' "$name" "$checks" "$rendered" "${factor:-?}"
done
echo "Reports, renders and editor screenshots: $report"
echo "Bundles are in $build/vst3; install them into ~/.vst3 with: cmake --build $build --target plinth_install_user"
exit $status
