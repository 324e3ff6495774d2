#!/usr/bin/env bash
# Differential test of wasp's IAM evaluator against @cloud-copilot/iam-simulate (docs/iam.md,
# "Differential testing").
#
#   tests/differential/iam/run.sh [WASP]
#
# Installs the oracle (pinned below) into a cache under build/, reused when present; generates a
# corpus from a fixed seed; compares. Exit 0: every disagreement is a known difference; 1: one is
# not; 77: skipped (no node/npm, or npm could not install the oracle, e.g. without network).
# SEED and N override the corpus; WASP_IAM_ORACLE_CACHE the cache directory; with
# WASP_IAM_DIFF_CORPUS=DIR the corpus is written there and kept, to look at its documents.
set -euo pipefail

readonly oracle_version=0.1.173
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../.." && pwd)
wasp=${1:-$root/build/dev/src/cli/wasp}
seed=${SEED:-20261129}
n=${N:-3000}
cache=${WASP_IAM_ORACLE_CACHE:-$root/build/iam-oracle/$oracle_version}
modules=$cache/node_modules
package=$modules/@cloud-copilot/iam-simulate/package.json

for tool in node npm python3; do
  if ! command -v "$tool" >/dev/null; then
    echo "skip: $tool is not installed (scripts/install-deps.sh installs it)"
    exit 77
  fi
done
if [ ! -x "$wasp" ]; then
  echo "run.sh: no wasp binary at $wasp" >&2
  exit 2
fi

installed() {
  [ -f "$package" ] && node -e "process.exit(require('$package').version === '$oracle_version' ? 0 : 1)"
}
if ! installed; then
  mkdir -p "$cache"
  log=$cache/npm-install.log
  if ! npm install --no-save --no-audit --no-fund --prefix "$cache" \
      "@cloud-copilot/iam-simulate@$oracle_version" >"$log" 2>&1 || ! installed; then
    echo "skip: npm could not install @cloud-copilot/iam-simulate@$oracle_version (no network?);" \
         "its output is in $log:"
    tail -n 5 "$log" | sed 's/^/  /'
    exit 77
  fi
fi

if [ -n "${WASP_IAM_DIFF_CORPUS:-}" ]; then
  corpus=$WASP_IAM_DIFF_CORPUS
  rm -rf "$corpus"
else
  corpus=$(mktemp -d "${TMPDIR:-/tmp}/wasp-iam-diff.XXXXXX")
  trap 'rm -rf "$corpus"' EXIT
fi
python3 "$here/generate.py" "$seed" "$n" "$corpus"
echo "corpus: $n documents from seed $seed"
status=0
python3 "$here/compare.py" "$wasp" "$modules" "$corpus" || status=$?
if [ "$status" != 0 ] && [ -z "${WASP_IAM_DIFF_CORPUS:-}" ]; then
  echo "(the corpus is deleted; WASP_IAM_DIFF_CORPUS=DIR keeps it, the same for SEED=$seed N=$n)"
fi
exit "$status"
