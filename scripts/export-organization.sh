#!/usr/bin/env bash
# Exports an AWS Organization as the one JSON document wasp reads (docs/iam.md, "Organizations
# (SCPs and RCPs)"): the organization, its root, its OUs and accounts each with its ParentId, and
# its service and resource control policies with their content and targets.
#
#   scripts/export-organization.sh [OUTPUT]     # default organization.json; "-" for stdout
#
# Run it with credentials of the management account (or of a delegated administrator for
# Organizations) allowed organizations:Describe* and organizations:List*; AWS_PROFILE and
# AWS_REGION are honoured as usual. Needs bash, the AWS CLI (v2 paginates the List calls itself)
# and python3.
set -euo pipefail

out="${1:-organization.json}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/ous" "$tmp/children" "$tmp/parents" "$tmp/policies"

orgs() { aws organizations "$@" --output json; }

# The Id of every entry of a list member of a JSON file, one a line.
ids() {
  python3 - "$1" "$2" <<'PY'
import json, sys
with open(sys.argv[1]) as f:
    doc = json.load(f)
for item in doc.get(sys.argv[2]) or []:
    print(item["Id"])
PY
}

orgs describe-organization >"$tmp/organization.json"
orgs list-roots >"$tmp/roots.json"
orgs list-accounts >"$tmp/accounts.json"

# The tree, breadth first from the root: each parent's OUs (with their names) and accounts.
queue=()
while read -r id; do [[ -n $id ]] && queue+=("$id"); done < <(ids "$tmp/roots.json" Roots)
while ((${#queue[@]} > 0)); do
  parent=${queue[0]}
  queue=("${queue[@]:1}")
  orgs list-organizational-units-for-parent --parent-id "$parent" >"$tmp/ous/$parent.json"
  orgs list-children --parent-id "$parent" --child-type ACCOUNT >"$tmp/children/$parent.json"
  while read -r ou; do
    [[ -n $ou ]] && queue+=("$ou")
  done < <(ids "$tmp/ous/$parent.json" OrganizationalUnits)
done

# An account the walk did not reach (an OU the caller may not list): ask for its parent.
while read -r account; do
  [[ -n $account ]] || continue
  if orgs list-parents --child-id "$account" >"$tmp/parent.json"; then
    mv "$tmp/parent.json" "$tmp/parents/$account.json"
  else
    echo "export-organization: no parent for account $account; wasp will say so" >&2
  fi
done < <(python3 - "$tmp" <<'PY'
import json, os, sys
tmp = sys.argv[1]
seen = set()
for name in os.listdir(os.path.join(tmp, "children")):
    with open(os.path.join(tmp, "children", name)) as f:
        seen.update(c["Id"] for c in json.load(f).get("Children") or [])
with open(os.path.join(tmp, "accounts.json")) as f:
    for account in json.load(f).get("Accounts") or []:
        if account["Id"] not in seen:
            print(account["Id"])
PY
)

# SCPs and RCPs: each one's content (describe-policy) and where it is attached.
for type in SERVICE_CONTROL_POLICY RESOURCE_CONTROL_POLICY; do
  if ! orgs list-policies --filter "$type" >"$tmp/list-$type.json" 2>"$tmp/error"; then
    echo "export-organization: list-policies --filter $type failed; skipped: $(cat "$tmp/error")" >&2
    continue
  fi
  while read -r id; do
    [[ -n $id ]] || continue
    orgs describe-policy --policy-id "$id" >"$tmp/policies/$id.json"
    orgs list-targets-for-policy --policy-id "$id" >"$tmp/policies/$id.targets"
  done < <(ids "$tmp/list-$type.json" Policies)
done

python3 - "$tmp" "$out" <<'PY'
import json, os, sys

tmp, out = sys.argv[1], sys.argv[2]

def load(*parts):
    with open(os.path.join(tmp, *parts)) as f:
        return json.load(f)

def stem(name):
    return name[: -len(".json")]

doc = {
    "Organization": load("organization.json")["Organization"],
    "Roots": load("roots.json").get("Roots") or [],
}
units, parent_of = [], {}
for name in sorted(os.listdir(os.path.join(tmp, "ous"))):
    for ou in load("ous", name).get("OrganizationalUnits") or []:
        units.append(dict(ou, ParentId=stem(name)))
for name in sorted(os.listdir(os.path.join(tmp, "children"))):
    for child in load("children", name).get("Children") or []:
        parent_of[child["Id"]] = stem(name)
for name in sorted(os.listdir(os.path.join(tmp, "parents"))):
    for parent in (load("parents", name).get("Parents") or [])[:1]:
        parent_of[stem(name)] = parent["Id"]
accounts = []
for account in load("accounts.json").get("Accounts") or []:
    if account["Id"] in parent_of:
        account = dict(account, ParentId=parent_of[account["Id"]])
    accounts.append(account)
policies = []
for name in sorted(os.listdir(os.path.join(tmp, "policies"))):
    if not name.endswith(".json"):
        continue
    policy = load("policies", name)["Policy"]
    policy["Targets"] = load("policies", stem(name) + ".targets").get("Targets") or []
    policies.append(policy)
doc["OrganizationalUnits"] = units
doc["Accounts"] = accounts
doc["Policies"] = policies

text = json.dumps(doc, indent=2) + "\n"
if out == "-":
    sys.stdout.write(text)
else:
    with open(out, "w") as f:
        f.write(text)
    print(f"export-organization: {out}: {len(accounts)} accounts, {len(units)} OUs, "
          f"{len(policies)} policies", file=sys.stderr)
PY
