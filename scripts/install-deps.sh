#!/usr/bin/env bash
# Installs what building Plinth needs on Debian 12, only if it is missing.
#   scripts/install-deps.sh              the build and test dependencies
#   scripts/install-deps.sh PKG...       these Debian packages instead
set -euo pipefail
packages=(cmake ninja-build g++ pkg-config python3 libgtest-dev libgmock-dev libbenchmark-dev
          libsndfile1-dev nlohmann-json3-dev libcli11-dev libkissfft-dev libfftw3-dev
          libxcb1-dev libxcb-xtest0-dev xvfb xauth)
(($#)) && packages=("$@")
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "plinth: installing ${missing[*]}"
  sudo_cmd=()
  [[ $(id -u) -ne 0 ]] && sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq "${missing[@]}"
fi
