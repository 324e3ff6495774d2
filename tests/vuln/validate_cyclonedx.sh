#!/usr/bin/env bash
# Schema checks of `wasp sbom scan`'s outputs (docs/vuln.md, "Output formats"): the CycloneDX VEX
# document against the official CycloneDX 1.6 JSON schema, and the SARIF log against
# tests/schemas/sarif-schema-2.1.0.json. Both run offline through tests/tools/validate_json_schema.py
# with Debian's /usr/bin/python3 and python3-jsonschema.
#
#   tests/vuln/validate_cyclonedx.sh WASP cyclonedx|sarif [CACHE]
#
# The CycloneDX schemas (bom-1.6, and the spdx and jsf schemas it references) come from the npm
# package @cyclonedx/cyclonedx-library, pinned below, installed into CACHE (default
# build/cyclonedx-library/VERSION) and reused when present. The scan reads the Log4Shell demo
# SBOM, the npm demo SBOM and an SBOM with hostile strings written here, with an OpenVEX document,
# so the VEX output holds not_affected (with a justification), exploitable, resolved and
# in_triage entries. A broken copy of each output must fail validation, so a check that accepts
# anything is caught too.
# Exit 0: valid; 1: invalid; 2: setup error; 77: skipped (no python3-jsonschema; for cyclonedx,
# no npm or npm could not install the package, e.g. without network).
set -euo pipefail

readonly library_version=10.3.0
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
wasp=${1:?usage: validate_cyclonedx.sh WASP cyclonedx|sarif [CACHE]}
mode=${2:?usage: validate_cyclonedx.sh WASP cyclonedx|sarif [CACHE]}
cache=${3:-$root/build/cyclonedx-library/$library_version}
python=/usr/bin/python3
validate=("$python" -W ignore::DeprecationWarning "$root/tests/tools/validate_json_schema.py")

case "$mode" in cyclonedx|sarif) ;; *) echo "unknown mode '$mode'" >&2; exit 2 ;; esac
if [ ! -x "$wasp" ]; then
  echo "validate_cyclonedx.sh: no wasp binary at $wasp" >&2
  exit 2
fi
if ! "$python" -c 'import jsonschema' 2>/dev/null; then
  echo "skip: $python has no jsonschema (apt-get install python3-jsonschema)"
  exit 77
fi

schemas=
if [ "$mode" = cyclonedx ]; then
  if ! command -v npm >/dev/null || ! command -v node >/dev/null; then
    echo "skip: npm and node are needed to install @cyclonedx/cyclonedx-library"
    exit 77
  fi
  package=$cache/node_modules/@cyclonedx/cyclonedx-library/package.json
  installed() {
    [ -f "$package" ] &&
      node -e "process.exit(require('$package').version === '$library_version' ? 0 : 1)"
  }
  if ! installed; then
    mkdir -p "$cache"
    log=$cache/npm-install.log
    # --ignore-scripts: only the package's files are wanted, nothing of it runs.
    if ! npm install --no-save --no-audit --no-fund --ignore-scripts --prefix "$cache" \
        "@cyclonedx/cyclonedx-library@$library_version" >"$log" 2>&1 || ! installed; then
      echo "skip: npm could not install @cyclonedx/cyclonedx-library@$library_version" \
           "(no network?); its output is in $log:"
      tail -n 5 "$log" | sed 's/^/  /'
      exit 77
    fi
  fi
  schemas=$cache/node_modules/@cyclonedx/cyclonedx-library/res/schema
  for f in bom-1.6.SNAPSHOT.schema.json spdx.SNAPSHOT.schema.json jsf-0.82.SNAPSHOT.schema.json; do
    if [ ! -f "$schemas/$f" ]; then
      echo "validate_cyclonedx.sh: $schemas/$f is missing from the package" >&2
      exit 2
    fi
  done
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/wasp-vuln-schema.XXXXXX")
trap 'rm -rf "$work"' EXIT
# Hostile strings where the output copies SBOM text: quotes, markup, control characters,
# non-ASCII.
cat >"$work/hostile.cdx.json" <<'EOF'
{
  "bomFormat": "CycloneDX",
  "specVersion": "1.5",
  "serialNumber": "urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79",
  "version": 1,
  "metadata": { "component": { "type": "application", "name": "evil\"app<script>", "bom-ref": "app" } },
  "components": [
    {
      "type": "library",
      "name": "lodash-es \"<script></script><img src=x onerror=alert(1)>\u0001\u001f\u007f\u2028 é",
      "version": "4.17.20",
      "purl": "pkg:npm/lodash-es@4.17.20",
      "bom-ref": "lodash-es\"<>&"
    }
  ]
}
EOF
cat >"$work/statements.openvex.json" <<'EOF'
{
  "@context": "https://openvex.dev/ns/v0.2.0",
  "@id": "https://example.com/vex/schema-check",
  "author": "wasp tests",
  "timestamp": "2024-05-03T12:00:00Z",
  "version": 1,
  "statements": [
    { "vulnerability": { "name": "CVE-2021-44228" },
      "products": [{ "@id": "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1" }],
      "status": "not_affected", "justification": "vulnerable_code_not_in_execute_path",
      "impact_statement": "JndiLookup is removed from the jar: \"quoted\" <b>bold</b>" },
    { "vulnerability": { "name": "CVE-2022-22965" },
      "products": [{ "@id": "pkg:maven/org.springframework/spring-beans" }],
      "status": "affected", "action_statement": "Upgrade spring-beans to 5.3.18." },
    { "vulnerability": { "name": "GHSA-35jh-r3h4-6jhm" },
      "products": [{ "@id": "pkg:npm/lodash@4.17.20" }],
      "status": "fixed" }
  ]
}
EOF
cd "$root"
sboms=(tests/fixtures/vuln/sbom/cdxgen-log4shell-demo/bom.cdx-1.5.json
       tests/fixtures/vuln/sbom/npm-sbom-demo/bom.cdx.json "$work/hostile.cdx.json")
status=0
"$wasp" sbom scan "${sboms[@]}" --db tests/fixtures/vuln/osv/advisories \
  --vex "$work/statements.openvex.json" --fail-on none -q \
  -f cyclonedx-vex -o "$work/out.vex.cdx.json" -f sarif -o "$work/out.sarif" \
  >"$work/scan.log" 2>&1 || status=$?
if [ "$status" != 0 ]; then
  echo "wasp sbom scan exited $status:" >&2
  cat "$work/scan.log" >&2
  exit 2
fi

# The document must hold what the check is about, else a valid result says little.
expect() {  # file, python expression over the parsed document `d`
  if ! "$python" -c "import json,sys; d=json.load(open(sys.argv[1])); sys.exit(0 if ($2) else 1)" \
      "$1"; then
    echo "$1 does not hold: $2" >&2
    exit 1
  fi
}

# A copy of the document with one value changed must get the exit status given (1: rejected,
# 0: accepted): status, schema, document, python statement over d, validator options.
expect_status() {
  local want=$1 schema=$2 document=$3 change=$4 changed=$work/changed.json
  shift 4
  "$python" -c "import json,sys; d=json.load(open(sys.argv[1])); $change; json.dump(d, open(sys.argv[2], 'w'))" \
    "$document" "$changed"
  local rc=0
  "${validate[@]}" "$@" "$schema" "$changed" 2>"$work/changed.log" || rc=$?
  if [ "$rc" != "$want" ]; then
    echo "the schema check of a document with: $change exited $rc, not $want:" >&2
    cat "$work/changed.log" >&2
    exit 1
  fi
}
expect_rejected() { expect_status 1 "$@"; }

if [ "$mode" = sarif ]; then
  out=$work/out.sarif
  schema=tests/schemas/sarif-schema-2.1.0.json
  expect "$out" "d['version'] == '2.1.0' and any(r['ruleId'] == 'WASP-VULN-001' for r in d['runs'][0]['results'])"
  "${validate[@]}" "$schema" "$out"
  expect_rejected "$schema" "$out" "d['runs'][0]['results'][0]['level'] = 'fatal'"
  echo "SARIF output of wasp sbom scan: valid against $schema"
  exit 0
fi

out=$work/out.vex.cdx.json
schema=$schemas/bom-1.6.SNAPSHOT.schema.json
expect "$out" "d['specVersion'] == '1.6' and len(d['vulnerabilities']) > 0"
expect "$out" "{v['analysis']['state'] for v in d['vulnerabilities']} >= {'not_affected', 'exploitable', 'resolved', 'in_triage'}"
expect "$out" "any(v['analysis'].get('justification') == 'code_not_reachable' for v in d['vulnerabilities'])"
expect "$out" "any('<script>' in c['name'] for c in d['components'])"
"${validate[@]}" --refs "$schemas" "$schema" "$out"
expect_rejected "$schema" "$out" "d['vulnerabilities'][0]['analysis']['state'] = 'maybe'" \
  --refs "$schemas"
expect_rejected "$schema" "$out" "d['vulnerabilities'][0]['ratings'][0]['method'] = 'CVSSv5'" \
  --refs "$schemas"
# The references to the other schema files resolve offline: an SPDX licence id is checked
# against spdx.SNAPSHOT.schema.json, a signature against jsf-0.82.SNAPSHOT.schema.json.
expect_status 0 "$schema" "$out" "d['components'][0]['licenses'] = [{'license': {'id': 'MIT'}}]" \
  --refs "$schemas"
expect_rejected "$schema" "$out" \
  "d['components'][0]['licenses'] = [{'license': {'id': 'NOT-A-LICENCE'}}]" --refs "$schemas"
expect_rejected "$schema" "$out" "d['signature'] = {'algorithm': 'none', 'value': 1}" \
  --refs "$schemas"
echo "CycloneDX VEX output of wasp sbom scan: valid against" \
     "@cyclonedx/cyclonedx-library@$library_version res/schema/bom-1.6.SNAPSHOT.schema.json"
