#!/usr/bin/env bash
# Cross-builds the example plugins and plinth.exe for Windows x86-64 into build-win/
# with Debian's MinGW-w64, then runs the gain example through plinth.exe under Wine
# (info, validate, render) and compares the render with the Linux build's, sample for
# sample. Installs what it needs (MinGW, Wine, and libsndfile built for Windows from
# Debian's source of it). Windows bundles: build-win/vst3/*.vst3.
#   scripts/build-windows.sh [--no-wine] [--gain-only]
#     --no-wine    build only, run nothing
#     --gain-only  build plinth.exe and the gain example only (what CI runs: the other
#                  examples add ~10 minutes on two cores and nothing the Wine run uses)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
win=$root/build-win
linux=$win/linux  # the Linux reference renders' own build (plinth and the gain only)
run_wine=1
targets=(plinth plinth_examples)
for arg in "$@"; do
  case $arg in
    --no-wine) run_wine=0 ;;
    --gain-only) targets=(plinth plinth_gain) ;;
    *) echo "usage: $0 [--no-wine] [--gain-only]" >&2; exit 2 ;;
  esac
done

"$root/scripts/install-deps.sh"
"$root/scripts/install-deps.sh" g++-mingw-w64-x86-64-posix wine64 curl ca-certificates

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

cmake -S "$root" -B "$win" -G Ninja --toolchain "$root/cmake/toolchain-mingw64.cmake" -DCMAKE_BUILD_TYPE=Release \
  -DCMAKE_PREFIX_PATH="$deps" -DPLINTH_TESTS=OFF -DPLINTH_BENCH=OFF
cmake --build "$win" --target "${targets[@]}"
echo "Windows bundles: $win/vst3; plinth.exe: $win/tools/plinth.exe"
((run_wine)) || exit 0

# Under Wine, in a prefix of its own (made on first use, a few seconds).
export WINEPREFIX=$win/wineprefix WINEDEBUG=-all
wine=/usr/lib/wine/wine64
exe=$win/tools/plinth.exe
bundle=$win/vst3/PlinthGain.vst3
report=$win/wine-report
mkdir -p "$report"
status=0
step() {  # step NAME COMMAND...: runs it, keeps its output, prints one line
  local name=$1; shift
  if "$@" > "$report/$name.txt" 2>&1; then echo "wine: $name ok"; else echo "wine: $name FAILED (see $report/$name.txt)"; status=1; fi
}
step info "$wine" "$exe" info "$bundle"
step validate "$wine" "$exe" validate "$bundle"
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
    step "$name" "$wine" "$exe" render "$bundle" "${src[@]}" --block 128 "${args[@]}" --output "$report/$name-wine.wav"
    if out=$(python3 "$root/scripts/compare-wav.py" "$report/$name-linux.wav" "$report/$name-wine.wav" --tolerance $tolerance); then
      echo "wine: $name vs Linux: $out"
    else
      echo "wine: $name vs Linux: FAILED: $out"
      status=1
    fi
  done
done
exit $status
