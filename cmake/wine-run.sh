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
# A Wine program that finds no server for its prefix starts one, and with it Wine's own
# background programs (services, explorer), and those inherit its standard output and
# error: whoever reads them (ctest, tee below) then waits until they exit, a few seconds
# after the last Wine program of the whole run. So when no server runs, start it and the
# background programs first, detached from them (the server lives 60 s past its last
# program; it exits at once, status 2, when one already runs). One wrapper at a time.
server=$(dirname "$wine")/wineserver
if [[ -x $server ]]; then
  exec 9> "${TMPDIR:-/tmp}/plinth-wine-run.$(id -u).lock"
  flock 9
  if "$server" -p60 < /dev/null > /dev/null 2>&1 9>&-; then
    WINEDEBUG=-all "$wine" cmd.exe /c exit < /dev/null > /dev/null 2>&1 9>&-
  fi
  exec 9>&-
fi
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
