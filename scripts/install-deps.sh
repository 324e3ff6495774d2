#!/usr/bin/env bash
# Installs the Debian 12 packages wasp builds and tests with (docs/dependencies.md says why each).
set -euo pipefail
packages=(
  g++ cmake ninja-build pkg-config ccache
  libsimdjson-dev libyaml-dev libre2-dev libcli11-dev libssl-dev zlib1g-dev
  libzip-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  python3 python3-jsonschema
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# Node.js and npm run the IAM differential test's oracle. A machine may already have them from
# another source (NodeSource's nodejs bundles npm and conflicts with Debian's npm package).
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  missing+=(nodejs npm)
fi
if [ "${WASP_FUZZ:-0}" = 1 ]; then
  for p in clang-19 libclang-rt-19-dev; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
fi
if [ ${#missing[@]} -gt 0 ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
