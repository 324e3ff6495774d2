#!/usr/bin/env bash
# Exports IAM's service last-accessed reports of every user and role of an account as the one
# JSON document wasp reads (docs/iam.md, "Unused access (last-accessed reports)"):
# {"LastAccessed": [{"Arn": ..., <get-service-last-accessed-details output>}, ...]}.
#
#   scripts/export-last-accessed.sh [OUTPUT] [--service-level] [--groups] [--policies]
#
# OUTPUT defaults to last-accessed.json ("-" for stdout). Reports are ACTION_LEVEL (tracked
# actions too) unless --service-level; --groups and --policies add the account's groups and
# customer managed policies. Service-linked roles are left out: AWS manages their permissions.
# Run it with credentials allowed iam:List{Users,Roles,Groups,Policies},
# iam:GenerateServiceLastAccessedDetails and iam:GetServiceLastAccessedDetails; AWS_PROFILE is
# honoured as usual. Needs bash, the AWS CLI (v2 paginates the List calls itself) and python3.
set -euo pipefail

out=last-accessed.json
granularity=ACTION_LEVEL
groups=0
policies=0
for arg in "$@"; do
  case "$arg" in
    --service-level) granularity=SERVICE_LEVEL ;;
    --groups) groups=1 ;;
    --policies) policies=1 ;;
    -h|--help) sed -n '2,14p' "$0"; exit 0 ;;
    -*) echo "export-last-accessed: unknown option $arg" >&2; exit 2 ;;
    *) out="$arg" ;;
  esac
done

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/jobs" "$tmp/reports"

iam() { aws iam "$@" --output json; }

# The ARNs of a list call's entries, one a line, without service-linked roles.
arns() {
  python3 - "$1" "$2" <<'PY'
import json, sys
with open(sys.argv[1]) as f:
    doc = json.load(f)
for item in doc.get(sys.argv[2]) or []:
    if not item.get("Path", "/").startswith("/aws-service-role/"):
        print(item["Arn"])
PY
}

# A member of a JSON file, as text ("" when absent).
member() {
  python3 - "$1" "$2" <<'PY'
import json, sys
with open(sys.argv[1]) as f:
    value = json.load(f).get(sys.argv[2])
print("" if value is None else str(value).lower() if isinstance(value, bool) else value)
PY
}

iam list-users >"$tmp/users.json"
iam list-roles >"$tmp/roles.json"
{
  arns "$tmp/users.json" Users
  arns "$tmp/roles.json" Roles
  if ((groups)); then iam list-groups >"$tmp/groups.json"; arns "$tmp/groups.json" Groups; fi
  if ((policies)); then
    iam list-policies --scope Local >"$tmp/policies.json"
    arns "$tmp/policies.json" Policies
  fi
} >"$tmp/arns.txt"

# Every job first, so IAM works on them while the first ones are collected.
n=0
while read -r arn; do
  [[ -n $arn ]] || continue
  n=$((n + 1))
  printf '%s\n' "$arn" >"$tmp/jobs/$n.arn"
  aws iam generate-service-last-accessed-details --arn "$arn" --granularity "$granularity" \
    --query JobId --output text >"$tmp/jobs/$n.job"
done <"$tmp/arns.txt"

for ((i = 1; i <= n; i++)); do
  arn=$(cat "$tmp/jobs/$i.arn")
  job=$(cat "$tmp/jobs/$i.job")
  # A job takes seconds; give up on one after about five minutes and keep what it says.
  for ((try = 0; try < 150; try++)); do
    iam get-service-last-accessed-details --job-id "$job" >"$tmp/page.json"
    [[ $(member "$tmp/page.json" JobStatus) != IN_PROGRESS ]] && break
    sleep 2
  done
  cp "$tmp/page.json" "$tmp/reports/$i.0.json"
  page=0
  while [[ $(member "$tmp/reports/$i.$page.json" IsTruncated) == true ]]; do
    marker=$(member "$tmp/reports/$i.$page.json" Marker)
    page=$((page + 1))
    iam get-service-last-accessed-details --job-id "$job" --marker "$marker" \
      >"$tmp/reports/$i.$page.json"
  done
  printf '%s\n' "$arn" >"$tmp/reports/$i.arn"
  echo "export-last-accessed: $arn ($(member "$tmp/reports/$i.0.json" JobStatus))" >&2
done

# One report per entity, its pages merged, its Arn first.
python3 - "$tmp/reports" "$n" "$out" <<'PY'
import json, os, sys
folder, count, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
reports = []
for i in range(1, count + 1):
    with open(os.path.join(folder, f"{i}.arn")) as f:
        arn = f.read().strip()
    pages, page = [], 0
    while os.path.exists(os.path.join(folder, f"{i}.{page}.json")):
        with open(os.path.join(folder, f"{i}.{page}.json")) as f:
            pages.append(json.load(f))
        page += 1
    report = {"Arn": arn}
    report.update(pages[0])
    for later in pages[1:]:
        report["ServicesLastAccessed"].extend(later.get("ServicesLastAccessed") or [])
    report["IsTruncated"] = bool(pages[-1].get("IsTruncated", False))
    report.pop("Marker", None)
    reports.append(report)
text = json.dumps({"LastAccessed": reports}, indent=2) + "\n"
if out == "-":
    sys.stdout.write(text)
else:
    with open(out, "w") as f:
        f.write(text)
PY
[[ $out == - ]] || echo "export-last-accessed: $n reports written to $out" >&2
