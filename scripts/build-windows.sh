#!/usr/bin/env bash
# Cross-builds the example plugins and plinth.exe for Windows x86-64 into build-win/
# with Debian's MinGW-w64, checks the gain bundle imports only Windows' own DLLs, then
# runs the gain example through plinth.exe under Wine (info, validate, render, editor) and
# compares the render with the Linux build's sample for sample and the editor's screenshot
# with the Linux build's pixel for pixel. Installs what it needs (MinGW, Wine, and libsndfile built for Windows from
# Debian's source of it). Windows bundles: build-win/vst3/*.vst3.
#   scripts/build-windows.sh [--no-wine] [--gain-only] [--tests]
#     --no-wine    build only, run nothing
#     --gain-only  build plinth.exe and the gain example only (the other examples add
#                  ~10 minutes on two cores and nothing the gain run uses)
#     --tests      also cross-build the test suites that make sense on Windows (with
#                  GoogleTest built from Debian's source of it, and every example: the
#                  bridge and host tests load them) and run them under Wine with ctest,
#                  after the gain run; the output ends in ctest's summary. What CI runs.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
win=$root/build-win
linux=$win/linux  # the Linux reference renders' own build (plinth and the gain only)
run_wine=1
gain_only=0
tests=0
for arg in "$@"; do
  case $arg in
    --no-wine) run_wine=0 ;;
    --gain-only) gain_only=1 ;;
    --tests) tests=1 ;;
    *) echo "usage: $0 [--no-wine] [--gain-only] [--tests]" >&2; exit 2 ;;
  esac
done
if ((tests)); then
  targets=(plinth plinth_examples plinth_tests)
elif ((gain_only)); then
  targets=(plinth plinth_gain)
else
  targets=(plinth plinth_examples)
fi

"$root/scripts/install-deps.sh"
"$root/scripts/install-deps.sh" g++-mingw-w64-x86-64-posix wine64 curl ca-certificates
((tests)) && "$root/scripts/install-deps.sh" googletest  # its source, built for Windows in the tree

# plinth.exe's dependencies for Windows, in build-win/deps: libsndfile 1.2.0 (Debian 12's
# version; its upstream source from Debian's archive, WAV and the other built-in formats
# only) and the header-only CLI11 and nlohmann/json copied from their Debian packages.
deps=$win/deps
if [[ ! -f $deps/lib/libsndfile.a ]]; then
  src=$win/deps-src
  mkdir -p "$src"
  tarball=$src/libsndfile_1.2.0.orig.tar.gz
  [[ -f $tarball ]] || curl -fsSL -o "$tarball" \
    http://deb.debian.org/debian/pool/main/libs/libsndfile/libsndfile_1.2.0.orig.tar.gz
  echo "62dc4e2bcd45f6f0e89cbc3522cc90eb174dca0eef0a0d19ead289833b390cd7  $tarball" | sha256sum -c --quiet
  tar -xzf "$tarball" -C "$src"
  cmake -S "$src/libsndfile-1.2.0" -B "$src/build" -G Ninja --toolchain "$root/cmake/toolchain-mingw64.cmake" \
    -DCMAKE_BUILD_TYPE=Release -DBUILD_SHARED_LIBS=OFF -DENABLE_EXTERNAL_LIBS=OFF -DENABLE_MPEG=OFF \
    -DBUILD_PROGRAMS=OFF -DBUILD_EXAMPLES=OFF -DBUILD_TESTING=OFF -DENABLE_CPACK=OFF -DINSTALL_MANPAGES=OFF \
    -DCMAKE_INSTALL_PREFIX="$deps" > "$src/configure.log" 2>&1
  cmake --build "$src/build" --target install > "$src/build.log"
fi
mkdir -p "$deps/include"
cp -r /usr/include/nlohmann /usr/include/CLI "$deps/include/"

# Wine runs plinth.exe during the build too (moduleinfo.json, listing the tests): all in
# a prefix of its own (made on first use, a few seconds).
export WINEPREFIX=$win/wineprefix WINEDEBUG=-all
cmake -S "$root" -B "$win" -G Ninja --toolchain "$root/cmake/toolchain-mingw64.cmake" -DCMAKE_BUILD_TYPE=Release \
  -DCMAKE_PREFIX_PATH="$deps" -DPLINTH_TESTS=$( ((tests)) && echo ON || echo OFF) -DPLINTH_BENCH=OFF
cmake --build "$win" --target "${targets[@]}"
echo "Windows bundles: $win/vst3; plinth.exe: $win/tools/plinth.exe"

# The bundle must load on a bare Windows: it may import only the system's own DLLs.
imports=$(x86_64-w64-mingw32-objdump -p "$win/vst3/PlinthGain.vst3/Contents/x86_64-win/PlinthGain.vst3" |
  sed -n 's/^\s*DLL Name: //p' | sort -f | tr '\n' ' ')
if grep -qviE '^(kernel32|user32|gdi32|msvcrt)\.dll$' < <(tr ' ' '\n' <<< "$imports" | sed '/^$/d'); then
  echo "PlinthGain.vst3 imports more than Windows' own DLLs: $imports" >&2
  exit 1
fi
echo "PlinthGain.vst3 imports: $imports"
((run_wine)) || exit 0
# Wine through the same wrapper as the build's (started again if Wine cannot reach its server).
wine=(bash "$root/cmake/wine-run.sh" /usr/lib/wine/wine64)
exe=$win/tools/plinth.exe
bundle=$win/vst3/PlinthGain.vst3
report=$win/wine-report
mkdir -p "$report"
status=0
step() {  # step NAME COMMAND...: runs it, keeps its output, prints one line
  local name=$1; shift
  if "$@" > "$report/$name.txt" 2>&1; then echo "wine: $name ok"; else echo "wine: $name FAILED (see $report/$name.txt)"; status=1; fi
}
step info "${wine[@]}" "$exe" info "$bundle"
step validate "${wine[@]}" "$exe" validate "$bundle"
tail -n 1 "$report/validate.txt"

# The same renders on Linux and under Wine, through the gain at -6 dB in 32-bit and at
# +3.5 dB in 64-bit. From one input file (made on Linux) the outputs must be identical
# sample for sample; from --sine they must agree within 1e-15, because the sine is made
# by the host's C library (glibc vs MinGW's sin differ by ~1e-16 at its zero crossings).
cmake -S "$root" -B "$linux" -G Ninja -DCMAKE_BUILD_TYPE=Release -DPLINTH_TESTS=OFF -DPLINTH_BENCH=OFF > /dev/null
cmake --build "$linux" --target plinth plinth_gain > /dev/null
"$linux/tools/plinth" render "$linux/vst3/PlinthGain.vst3" --sine 1000 --seconds 1 --param Gain=0 \
  --output "$report/input.wav" > /dev/null 2>&1
renders=("f32:--param Gain=-6" "f64:--double --param Gain=3.5")
for r in "${renders[@]}"; do
  tag=${r%%:*}
  read -r -a args <<< "${r#*:}"
  for source in input sine; do
    if [[ $source == input ]]; then src=(--input "$report/input.wav"); tolerance=0; else src=(--sine 1000 --seconds 1); tolerance=1e-15; fi
    name=render-$source-$tag
    "$linux/tools/plinth" render "$linux/vst3/PlinthGain.vst3" "${src[@]}" --block 128 "${args[@]}" \
      --output "$report/$name-linux.wav" > /dev/null 2>&1
    step "$name" "${wine[@]}" "$exe" render "$bundle" "${src[@]}" --block 128 "${args[@]}" --output "$report/$name-wine.wav"
    if out=$(python3 "$root/scripts/compare-wav.py" "$report/$name-linux.wav" "$report/$name-wine.wav" --tolerance $tolerance); then
      echo "wine: $name vs Linux: $out"
    else
      echo "wine: $name vs Linux: FAILED: $out"
      status=1
    fi
  done
done

# The gain's editor on a virtual X display (Wine draws its windows through X): a Win32
# window under Wine, an X11 one on Linux, the same rasterizer. The screenshots must be
# identical pixel for pixel (Wine's is read back from the window by BitBlt). Then a drag
# on the knob through SendInput must give one beginEdit, rising performEdits, one endEdit.
# The Wine server (started by cmake/wine-run.sh) outlives its last program by a minute,
# with Wine's background programs bound to the display it started with (none, for the
# runs above): end it before each run on a display, and after one.
new_wine_server() { /usr/lib/wine/wineserver -k 2> /dev/null || true; /usr/lib/wine/wineserver -w; }
xvfb=(xvfb-run -a -s "-screen 0 1280x1024x24")
rm -f "$report"/editor-*.png
"${xvfb[@]}" "$linux/tools/plinth" editor "$linux/vst3/PlinthGain.vst3" --screenshot "$report/editor-linux.png" \
  > "$report/editor-linux.txt" 2>&1 || { echo "linux: editor FAILED (see $report/editor-linux.txt)"; status=1; }
new_wine_server
step editor "${xvfb[@]}" "${wine[@]}" "$exe" editor "$bundle" --screenshot "$report/editor-wine.png"
if out=$(python3 "$root/scripts/compare-png.py" "$report/editor-linux.png" "$report/editor-wine.png"); then
  echo "wine: editor screenshot vs Linux: $out"
else
  echo "wine: editor screenshot vs Linux: FAILED: $out"
  status=1
fi
new_wine_server
step editor-drag "${xvfb[@]}" "${wine[@]}" "$exe" editor "$bundle" --drag Gain=12
if grep -qE '^drag [0-9]+: .* begin 1 perform [0-9]+ \(increasing\) end 1 ' "$report/editor-drag.txt"; then
  echo "wine: editor drag: $(grep -oE 'begin 1 perform [0-9]+ \(increasing\) end 1' "$report/editor-drag.txt")"
else
  echo "wine: editor drag FAILED (see $report/editor-drag.txt)"
  status=1
fi
((status == 0)) || exit $status

if ((tests)); then
  # Every test executable under Wine, all its cases in one process; the exclusions are in
  # tests/CMakeLists.txt, with reasons.
  echo "wine: the test suites (build-win, ctest)"
  new_wine_server  # not the one bound to the editor run's display
  # One more try for an executable that fails: under Wine a program has once failed to
  # start at all (0.00 s, no output; DEVELOPERS.md). A real failure fails both tries, and
  # ctest names any executable that needed the second.
  result=0
  ctest --no-tests=error --test-dir "$win" -j "$(nproc)" --output-on-failure --repeat until-pass:2 || result=$?
  /usr/lib/wine/wineserver -k 2> /dev/null || true  # no Wine left running for a minute
  exit $result
fi
