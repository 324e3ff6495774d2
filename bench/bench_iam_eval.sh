#!/usr/bin/env bash
# Single-evaluation throughput of wasp's IAM engine and, in the same run, of
# @cloud-copilot/iam-simulate on the very same requests: one corpus of `wasp iam eval` documents
# (request, identity policies, boundary, session policy, resource policy, SCPs, RCPs) from the
# differential test's generator, decided by bench_iam_eval_docs (bench preset) and by
# bench/bench_iam_simulate.mjs (the differential test's pinned oracle), one thread each.
#
#   bash bench/bench_iam_eval.sh [N_DOCUMENTS] [CPU_SECONDS]
#
# Rates are per second of CPU time (and of wall-clock time, which a loaded machine lowers). The
# build directory is WASP_BENCH_BUILD (default build/bench); the package is installed into
# WASP_IAM_ORACLE_CACHE as tests/differential/iam/run.sh does. Without node or npm, or when npm
# cannot install the package (no network), only wasp's figures are printed, with the reason.
set -euo pipefail
cd "$(dirname "$0")/.."
n="${1:-3000}"
seconds="${2:-3}"
seed="${SEED:-20261129}"
build="${WASP_BENCH_BUILD:-build/bench}"
oracle_version=$(sed -n 's/^readonly oracle_version=//p' tests/differential/iam/run.sh)
cache="${WASP_IAM_ORACLE_CACHE:-$PWD/build/iam-oracle/$oracle_version}"
package="$cache/node_modules/@cloud-copilot/iam-simulate/package.json"

cmake --preset bench -B "$build" >/dev/null
cmake --build "$build" --target bench_iam_eval_docs >/dev/null
work=$(mktemp -d "${TMPDIR:-/tmp}/wasp-bench-iam-eval.XXXXXX")
trap 'rm -rf "$work"' EXIT
corpus="$work/corpus"
python3 tests/differential/iam/generate.py "$seed" "$n" "$corpus"
echo "input: $n documents of tests/differential/iam/generate.py (seed $seed), $(nproc) cores," \
     "one thread each, $seconds s of CPU per figure"

"$build/bench/bench_iam_eval_docs" "$corpus" "$seconds" "$work/wasp.decisions" >"$work/wasp.json"

skip=""
installed() {
  [ -f "$package" ] &&
    node -e "process.exit(require('$package').version === '$oracle_version' ? 0 : 1)"
}
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  skip="node or npm is not installed (scripts/install-deps.sh installs them)"
elif ! installed; then
  mkdir -p "$cache"
  if ! npm install --no-save --no-audit --no-fund --prefix "$cache" \
      "@cloud-copilot/iam-simulate@$oracle_version" >"$cache/npm-install.log" 2>&1 || ! installed; then
    skip="npm could not install @cloud-copilot/iam-simulate@$oracle_version (no network?); see $cache/npm-install.log"
  fi
fi
if [ -z "$skip" ]; then
  node bench/bench_iam_simulate.mjs "$cache/node_modules" "$corpus" "$seconds" \
    "$work/oracle.decisions" >"$work/oracle.json"
fi

python3 - "$work" "$skip" <<'EOF'
import json, os, sys
work, skip = sys.argv[1], sys.argv[2]
w = json.load(open(os.path.join(work, "wasp.json")))
rows = [("wasp iam::evaluate, parsed documents", w["decisions_per_cpu_second"], w["decisions_per_wall_second"]),
        ("wasp parse_eval_document + evaluate", w["documents_per_cpu_second"], w["documents_per_wall_second"])]
agree = None
if not skip:
    o = json.load(open(os.path.join(work, "oracle.json")))
    rows.append((o["package"] + " runSimulation (node " + o["node"] + ")",
                 o["decisions_per_cpu_second"], o["decisions_per_wall_second"]))
    read = lambda f: dict(l.split() for l in open(os.path.join(work, f)) if l.strip())
    a, b = read("wasp.decisions"), read("oracle.decisions")
    agree = sum(1 for k in a if b.get(k) == a[k])
print(f"{'engine':68} {'decisions/s (CPU)':>18} {'decisions/s (wall)':>19}")
for name, cpu, wall in rows:
    print(f"{name:68} {cpu:18,.0f} {wall:19,.0f}")
if skip:
    print("iam-simulate skipped: " + skip)
else:
    ratio = rows[0][1] / rows[2][1]
    print(f"wasp decides {ratio:,.0f} times as many requests per CPU second "
          f"({rows[1][1] / rows[2][1]:,.0f} times with document parsing)")
    print(f"same decision on {agree} of {w['documents']} documents "
          "(the others: tests/differential/iam/known-differences.md)")
EOF
