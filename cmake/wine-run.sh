#!/usr/bin/env bash
# The emulator that runs Windows programs of a cross build (cmake/toolchain-mingw64.cmake):
#   wine-run.sh WINE PROGRAM ARGS...
# Runs PROGRAM under Wine without its debug lines and passes its output and exit code on.
# When Wine itself failed to reach its server ("wine client error": a program that starts
# just as the previous server exits; once in a few thousand starts here), the program never
# ran, so it is started again, up to three times. Any other failure is the program's own.
set -uo pipefail
wine=$1
shift
errors=$(mktemp)
trap 'rm -f "$errors"' EXIT
for attempt in 1 2 3; do
  # stderr through tee (kept to look for Wine's own error), stdout straight through.
  { WINEDEBUG=-all "$wine" "$@" 2>&1 1>&3 3>&- | tee "$errors" >&2; } 3>&1
  status=${PIPESTATUS[0]}
  if ((status == 0)) || ! grep -q '^wine client error' "$errors"; then
    exit $status
  fi
  ((attempt < 3)) || break
  echo "wine-run.sh: Wine lost its server (attempt $attempt); starting the program again" >&2
  sleep 1
done
echo "wine-run.sh: Wine lost its server three times; giving up" >&2
exit $status
