#!/usr/bin/env bash
# Builds the libFuzzer targets (fuzz preset, clang) and runs each for SECONDS (default 10) on
# seeds taken from the project's own fixtures. A crash leaves its input in build/fuzz/crashes/.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-10}"
cmake --preset fuzz >/dev/null
cmake --build --preset fuzz
out=build/fuzz
mkdir -p "$out/crashes"
seed_dir() {  # name -> directory of seeds
  local d="$out/seeds/$1"
  rm -rf "$d"; mkdir -p "$d"
  case "$1" in
    json) find examples tests/golden docs/schemas -name '*.json' -size -512k -exec cp {} "$d/" \; ;;
    yaml|cloudformation) find examples rules -name '*.yaml' -exec cp --backup=numbered {} "$d/" \;
                         find examples -name '*.json' -path '*infra*' -exec cp {} "$d/" \; ;;
    terraform) find tests/fixtures/terraform examples -name '*.json' -path '*terraform*' \
                 -exec cp --backup=numbered {} "$d/" \; ;;
    hcl) find examples tests -name '*.tf' -exec cp --backup=numbered {} "$d/" \; ;;
    iam_eval) find examples/iam-eval tests/fixtures -name '*.json' -path '*iam*' \
                -exec cp --backup=numbered {} "$d/" \; ;;
    rule) find rules -name '*.yaml' -exec cp --backup=numbered {} "$d/" \; ;;
    answers) find examples -name 'answers.yaml' -exec cp --backup=numbered {} "$d/" \; ;;
    parameters) printf '[{"ParameterKey":"Env","ParameterValue":"dev"}]' > "$d/list.json"
                printf '{"Parameters":{"Env":"qa"}}' > "$d/pipeline.json" ;;
    iam_authz) cp tests/fixtures/iam/example-authz-details.json "$d/" ;;
    iam_blast) cp tests/fixtures/iam/example-authz-details.json \
                 tests/fixtures/iam/blast-radius-authz.json "$d/" ;;
    credential_report) cp tests/fixtures/iam/credential-report.csv "$d/" ;;
    iam_org) cp tests/fixtures/iam/organization/organization.json "$d/" ;;
    last_accessed) cp tests/fixtures/iam/last-accessed/*.json "$d/" ;;
    resource_policies) cp tests/fixtures/iam/resource-policies/*.json "$d/" ;;
    trail) cp tests/fixtures/detect/trail/* "$d/"  # and gzip copies, since the reader inflates
           for f in tests/fixtures/detect/trail/*.json*; do
             gzip -9nc "$f" > "$d/$(basename "$f").gz"
           done ;;
    sigma) cp rules/sigma/sigmahq/*.yml "$d/" ;;
    baseline) cp tests/fixtures/detect/anomaly/baseline-v1.json "$d/" ;;
    ip2asn) cp tests/fixtures/detect/anomaly/ip2asn-sample.tsv "$d/" ;;
  esac
  echo "$d"
}
targets="json yaml cloudformation terraform hcl rule answers parameters iam_eval iam_authz
  credential_report iam_org last_accessed resource_policies iam_blast trail sigma baseline ip2asn"
for name in $targets; do
  seeds=$(seed_dir "$name")
  echo "fuzz_$name: ${seconds}s"
  "$out/tests/fuzz/fuzz_$name" -max_total_time="$seconds" -max_len=65536 -timeout=10 \
    -rss_limit_mb=2048 -artifact_prefix="$out/crashes/$name-" -print_final_stats=0 \
    "$seeds" 2>&1 | grep -E "^(#[0-9]+ +DONE|==[0-9]+==ERROR|SUMMARY)" || true
  if ls "$out/crashes/$name-"* >/dev/null 2>&1; then
    echo "fuzz_$name found a crash: $(ls "$out/crashes/$name-"*)" >&2
    exit 1
  fi
done
echo "fuzzing: $(echo $targets | wc -w) targets ran ${seconds}s each with no crash"
