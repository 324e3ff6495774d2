#!/usr/bin/env bash
# Installs what is needed, builds wasp (release preset) and reviews the bundled example workload.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
cmake --preset release >/dev/null
cmake --build --preset release
exec build/release/src/cli/wasp review examples/webshop "$@"
