#!/usr/bin/env bash
# Build everything and run the test suite.
#   scripts/test.sh                 Release build in build/, all tests
#   scripts/test.sh --asan          AddressSanitizer + UndefinedBehaviorSanitizer build in build-asan/
#   scripts/test.sh --tsan          ThreadSanitizer build in build-tsan/, the thread-crossing tests
#   scripts/test.sh --rtsan         RealtimeSanitizer (clang-22) build in build-rtsan/, the audio-path tests
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
mode=${1:-release}
"$root/scripts/install-deps.sh"
jobs=$(nproc)
case "$mode" in
  release|--release)
    build=$root/build
    cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DPLINTH_TESTS=ON -DPLINTH_BENCH=ON
    cmake --build "$build" -j "$jobs"
    ctest --no-tests=error --test-dir "$build" -j "$jobs" --output-on-failure ;;
  --asan)
    build=$root/build-asan
    # Release (-O3, no debug info) keeps the sanitized build fast; frame pointers keep traces readable.
    cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DPLINTH_TESTS=ON -DPLINTH_BENCH=OFF \
      -DPLINTH_SANITIZE=address,undefined
    cmake --build "$build" -j "$jobs"
    ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
      ctest --no-tests=error --test-dir "$build" -j "$jobs" --output-on-failure ;;
  --tsan)
    build=$root/build-tsan
    cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DPLINTH_TESTS=ON -DPLINTH_BENCH=OFF \
      -DPLINTH_SANITIZE=thread
    cmake --build "$build" -j "$jobs" --target core_threads_test core_handoff_test bridge_threads_test \
      core_debug_log_test
    TSAN_OPTIONS=halt_on_error=1 ctest --no-tests=error --test-dir "$build" -R 'Threads' --output-on-failure ;;
  --rtsan)
    # RealtimeSanitizer needs clang (20 or later); Debian 12 has clang-22 in bookworm-security.
    "$root/scripts/install-deps.sh" clang-22 libclang-rt-22-dev
    build=$root/build-rtsan
    cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DPLINTH_TESTS=ON -DPLINTH_BENCH=OFF \
      -DCMAKE_CXX_COMPILER=clang++-22 -DPLINTH_SANITIZE=realtime
    cmake --build "$build" -j "$jobs" --target plinth plinth_gain plinth_test_latency bridge_realtime_test \
      bridge_gain_test bridge_core_features_test bridge_instrument_test bridge_arpeggiator_test \
      plinth_channel_strip bridge_authoring_test core_debug_log_test core_probe_test \
      plinth_compressor host_editor_test
    # AudioThreadScope (tests/bridge/realtime_trap.h) and the audio thread of `plinth editor
    # --play` (host::realtime::RtsanContext) are RTSan's real-time context here.
    RTSAN_OPTIONS=halt_on_error=1:external_symbolizer_path=/usr/lib/llvm-22/bin/llvm-symbolizer \
      ctest --no-tests=error --test-dir "$build" \
      -R '^(Realtime|RealtimeTrap|RealtimeSanitizer|GainEndToEnd|ComplexState|Messages|Synth|NoteExpression|EventOutput|Arpeggiator|AuthoringRealtime|DebugLog|Probes)\.|^Editor\.CustomPanelShowsAudioThreadDataAndTheAudioThreadStaysClean$' \
      --output-on-failure ;;
  *) echo "usage: scripts/test.sh [--asan|--tsan|--rtsan]" >&2; exit 2 ;;
esac
