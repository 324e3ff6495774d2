#!/usr/bin/env bash
# Benchmarks `wasp iam paths` on a generated authorization-details export (default 5,000 roles
# and 2,000 customer managed policies): wall time and peak memory. Needs /usr/bin/time.
#   bash bench/bench_iam_paths.sh [N_ROLES] [N_POLICIES]
set -euo pipefail
cd "$(dirname "$0")/.."
roles="${1:-5000}"
policies="${2:-2000}"
out="${WASP_BENCH_DIR:-/tmp}/wasp-bench-iam-$roles-$policies.json"
[ -x /usr/bin/time ] || apt-get install -y -qq time >/dev/null
cmake --preset release >/dev/null
cmake --build --preset release --target wasp >/dev/null
[ -f "$out" ] || python3 bench/gen_iam_account.py "$roles" "$policies" "$out"
echo "input: $roles roles, $policies customer managed policies, $(du -h "$out" | cut -f1), $(nproc) cores"
for run in 1 2 3; do
  /usr/bin/time -f "run $run: %e s wall, %U s user, %M KiB peak RSS" \
    build/release/src/cli/wasp iam paths "$out" >/tmp/wasp-bench-iam-paths.txt || [ $? -eq 1 ]
done
tail -n 1 /tmp/wasp-bench-iam-paths.txt
