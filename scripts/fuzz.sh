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
    cvss) printf 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H' > "$d/v31.txt"
          printf 'CVSS:3.0/S:U/AV:N/AC:L/PR:H/UI:N/C:L/I:L/A:N/E:F/RL:X' > "$d/v30.txt"
          printf '(AV:N/AC:L/Au:N/C:P/I:P/A:P/E:POC/RL:OF/RC:C/CDP:LM)' > "$d/v2.txt"
          printf 'CVSS:4.0/AV:N/AC:L/AT:P/PR:H/UI:A/VC:N/VI:H/VA:L/SC:N/SI:N/SA:L' > "$d/v40.txt"
          printf 'CVSS:4.0/AV:P/AC:H/AT:P/PR:H/UI:A/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H/E:U/CR:L/MSI:S/U:Red' \
            > "$d/v40-full.txt" ;;
    version) i=0  # "<scheme byte><a>\n<b>", the byte in fuzz_version.cpp's order
             for f in semver maven pypi rubygems nuget packagist pub cran hackage debian alpine \
                      redhat; do
               grep -E '^[^ #/]+ [<=>] [^ ]+$' "tests/fixtures/vuln/versions/$f-versions.txt" |
                 awk 'NR % 9 == 1' | head -n 6 | { n=0; while read -r a _ b; do
                   printf "\\x$(printf %02x "$i")%s\n%s" "$a" "$b" > "$d/$f-$n"; n=$((n + 1))
                 done; }
               i=$((i + 1))
             done ;;
    purl) grep -rhoE '"pkg:[^"]+"' tests/fixtures/vuln/sbom | tr -d '"' | sort -u | head -n 300 |
            { n=0; while read -r p; do printf '%s' "$p" > "$d/purl-$n"; n=$((n + 1)); done; } ;;
    sbom|vex) find tests/fixtures/vuln/sbom -name '*.json' -exec cp --backup=numbered {} "$d/" \; ;;
    osv) cp tests/fixtures/vuln/osv/advisories/*.json "$d/"  # and every 40th record of the exports
         python3 - "$d" tests/fixtures/vuln/osv/*.zip <<'EOF'
import sys, zipfile
for archive in sys.argv[2:]:
    with zipfile.ZipFile(archive) as z:
        for name in z.namelist()[::40]:
            open(f"{sys.argv[1]}/{name}", "wb").write(z.read(name))
EOF
         ;;
    osv_zip) python3 - "$d" tests/fixtures/vuln/osv/advisories/*.json <<'EOF'
import os, sys, zipfile
out, records = sys.argv[1], sys.argv[2:]
for method, suffix in ((zipfile.ZIP_DEFLATED, "deflated"), (zipfile.ZIP_STORED, "stored")):
    with zipfile.ZipFile(f"{out}/all-{suffix}.zip", "w", method) as z:
        for r in records:
            z.write(r, os.path.basename(r))
        z.writestr("README.md", "not a record")
    with zipfile.ZipFile(f"{out}/one-{suffix}.zip", "w", method) as z:
        z.write(records[0], os.path.basename(records[0]))
EOF
         ;;
  esac
  echo "$d"
}
targets="json yaml cloudformation terraform hcl rule answers parameters iam_eval iam_authz
  credential_report iam_org last_accessed resource_policies iam_blast trail sigma baseline ip2asn
  cvss version purl sbom vex osv osv_zip"
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
